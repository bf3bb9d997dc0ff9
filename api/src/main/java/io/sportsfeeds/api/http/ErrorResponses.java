package io.sportsfeeds.api.http;

import io.sportsfeeds.api.json.Json;
import io.sportsfeeds.core.domain.FieldError;
import io.sportsfeeds.core.domain.InvalidInputException;
import java.util.List;

/**
 * The JSON error body every failure comes back as: {@code {"error":"<stable code>","message":
 * "<sentence>","fields":[{"field":..,"message":..}]}}, {@code fields} only where a field is to
 * blame. Servers use it for the failures they detect themselves (a refused WebSocket upgrade, a
 * request they could not read), so every error has the same shape.
 */
public final class ErrorResponses {
  public static final String INVALID_REQUEST = "invalid_request";
  public static final String TOO_LARGE = "too_large";
  public static final String NOT_FOUND = "not_found";
  public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
  public static final String STORE_UNAVAILABLE = "store_unavailable";
  public static final String INTERNAL_ERROR = "internal_error";

  private ErrorResponses() {}

  /** An error response without fields. */
  public static HttpResponse of(int status, String code, String message) {
    return of(status, code, message, List.of());
  }

  /** The 400 of invalid input, naming every bad field. */
  public static HttpResponse invalid(InvalidInputException invalid) {
    return of(400, INVALID_REQUEST, invalid.getMessage(), invalid.errors());
  }

  /** An error response naming the fields to blame. */
  public static HttpResponse of(int status, String code, String message, List<FieldError> fields) {
    return HttpResponse.json(status, body(code, message, fields));
  }

  /** The error body alone, as UTF-8 JSON. */
  public static byte[] body(String code, String message, List<FieldError> fields) {
    return Json.bytes(
        generator -> {
          generator.writeStartObject();
          generator.writeStringField("error", code);
          generator.writeStringField("message", message);
          if (!fields.isEmpty()) {
            generator.writeArrayFieldStart("fields");
            for (FieldError field : fields) {
              generator.writeStartObject();
              generator.writeStringField("field", field.field());
              generator.writeStringField("message", field.message());
              generator.writeEndObject();
            }
            generator.writeEndArray();
          }
          generator.writeEndObject();
        });
  }
}
