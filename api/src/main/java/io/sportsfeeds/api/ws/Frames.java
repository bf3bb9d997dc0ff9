package io.sportsfeeds.api.ws;

import io.sportsfeeds.api.http.ApiError;
import io.sportsfeeds.api.json.Json;
import io.sportsfeeds.core.domain.FieldError;
import java.util.List;

/** The frames the server answers client messages with. */
final class Frames {
    private Frames() {}

    static String pong() {
        return Json.text(generator -> {
            generator.writeStartObject();
            generator.writeStringField("kind", "pong");
            generator.writeEndObject();
        });
    }

    /** {@code {"kind":"error","code":"bad_message","message":".."}}: a message the protocol cannot take. */
    static String error(String code, String message) {
        return error(code, message, List.of());
    }

    /**
     * {@code {"kind":"error","code":..,"message":..,"fields":[..]}}: a failure of an action, with the
     * code, message and fields a REST response would carry ({@code fields} only when a field is to blame).
     */
    static String error(ApiError error) {
        return error(error.code(), error.message(), error.fields());
    }

    private static String error(String code, String message, List<FieldError> fields) {
        return Json.text(generator -> {
            generator.writeStartObject();
            generator.writeStringField("kind", "error");
            generator.writeStringField("code", code);
            generator.writeStringField("message", message);
            Json.writeFieldErrors(generator, fields);
            generator.writeEndObject();
        });
    }
}
