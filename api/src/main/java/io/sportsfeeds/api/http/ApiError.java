package io.sportsfeeds.api.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.sportsfeeds.api.json.Json;
import io.sportsfeeds.core.domain.FieldError;
import io.sportsfeeds.core.domain.InvalidInputException;
import io.sportsfeeds.core.domain.LimitExceededException;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.usecase.AccessRefusedException;
import io.sportsfeeds.core.usecase.ConnectionRefusedException;
import io.sportsfeeds.core.usecase.RegistrationConflictException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A failure as a client is told of it, alike over REST (the response's status and body) and
 * WebSocket (a refused upgrade's status and body, or an error frame's code and message).
 *
 * <p>{@link #of} is the one mapping from what a use case throws to what the client is told:
 *
 * <ul>
 *   <li>{@link InvalidInputException}: 400 {@code invalid_request}, naming every bad field
 *   <li>{@link LimitExceededException}: 413 {@code too_large}, naming the field
 *   <li>{@link StoreUnavailableException}: 503 {@code store_unavailable}; the request was not
 *       acknowledged, and retrying it is safe (an update stored before the failure is reported as
 *       a duplicate)
 *   <li>{@link RegistrationConflictException}: 409 {@code conflict}, naming the clients ({@code
 *       clients[3]}) that other requests kept changing; the request's other clients were stored
 *       ({@code PUT /clients} answers it itself, with the secrets made for those)
 *   <li>{@link ConnectionRefusedException}: 400 {@code missing_client}, 403 {@code unknown_client}
 *       or {@code inactive_client}
 *   <li>{@link AccessRefusedException}: 401 {@code missing_credentials}; 403 {@code
 *       invalid_api_key}, {@code invalid_secret}, {@code unknown_client}, {@code inactive_client}
 *       or {@code forbidden}; naming the header or query parameter to blame
 *   <li>anything else: 500 {@code internal_error}, without the exception's details
 * </ul>
 *
 * @param status the HTTP status
 * @param code the stable code ({@link ErrorResponses#INVALID_REQUEST}, ...)
 * @param message a sentence for people
 * @param fields the fields to blame, empty when no field is
 */
public record ApiError(int status, String code, String message, List<FieldError> fields) {
    public static final String STORE_UNAVAILABLE_MESSAGE =
            "the store is unavailable; the request was not acknowledged and retrying it is safe";
    /**
     * A {@code PUT /clients} the store failed part-way: its clients are written one by one, so some
     * may be stored, and a secret made for a new one among those was never answered.
     */
    public static final String CLIENTS_STORE_UNAVAILABLE_MESSAGE =
            "the store is unavailable; some of the clients may have been stored, and a secret made for a new one"
                    + " among them was not answered: send the request again, with a chosen secret for each new client";

    public static final String INTERNAL_ERROR_MESSAGE =
            "the server failed to handle the request; the failure was logged";

    /** No registered scheme fits an API key; this one names the header, as other APIs' do. */
    public static final String WWW_AUTHENTICATE = "ApiKey realm=\"sportsfeeds\", header=\"x-api-key\"";

    private static final System.Logger LOG = System.getLogger(ApiError.class.getName());

    public ApiError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        fields = List.copyOf(fields);
    }

    /** What a client is told of a failure; see the class comment. */
    public static ApiError of(RuntimeException failure) {
        return switch (failure) {
            case InvalidInputException invalid ->
                new ApiError(400, ErrorResponses.INVALID_REQUEST, invalid.getMessage(), invalid.errors());
            case LimitExceededException tooLarge ->
                new ApiError(413, ErrorResponses.TOO_LARGE, tooLarge.getMessage(), List.of(tooLarge.error()));
            case StoreUnavailableException unavailable ->
                new ApiError(503, ErrorResponses.STORE_UNAVAILABLE, STORE_UNAVAILABLE_MESSAGE, List.of());
            case RegistrationConflictException conflict ->
                new ApiError(409, ErrorResponses.CONFLICT, conflict.getMessage(), conflict.fields());
            case ConnectionRefusedException refused ->
                switch (refused.reason()) {
                    case MISSING_CLIENT ->
                        new ApiError(
                                400,
                                ErrorResponses.MISSING_CLIENT,
                                refused.getMessage(),
                                List.of(new FieldError("client", "is required")));
                    case UNKNOWN_CLIENT ->
                        new ApiError(403, ErrorResponses.UNKNOWN_CLIENT, refused.getMessage(), List.of());
                    case INACTIVE_CLIENT ->
                        new ApiError(403, ErrorResponses.INACTIVE_CLIENT, refused.getMessage(), List.of());
                    case TOO_MANY_CONNECTIONS ->
                        new ApiError(429, ErrorResponses.TOO_MANY_CONNECTIONS, refused.getMessage(), List.of());
                };
            case AccessRefusedException refused -> {
                List<FieldError> fields = refused.field().map(List::of).orElse(List.of());
                yield switch (refused.reason()) {
                    case MISSING_CREDENTIALS ->
                        new ApiError(401, ErrorResponses.MISSING_CREDENTIALS, refused.getMessage(), fields);
                    case INVALID_API_KEY ->
                        new ApiError(403, ErrorResponses.INVALID_API_KEY, refused.getMessage(), fields);
                    case INVALID_SECRET ->
                        new ApiError(403, ErrorResponses.INVALID_SECRET, refused.getMessage(), fields);
                    case UNKNOWN_CLIENT ->
                        new ApiError(403, ErrorResponses.UNKNOWN_CLIENT, refused.getMessage(), fields);
                    case INACTIVE_CLIENT ->
                        new ApiError(403, ErrorResponses.INACTIVE_CLIENT, refused.getMessage(), fields);
                    case FORBIDDEN -> new ApiError(403, ErrorResponses.FORBIDDEN, refused.getMessage(), fields);
                };
            }
            default -> new ApiError(500, ErrorResponses.INTERNAL_ERROR, INTERNAL_ERROR_MESSAGE, List.of());
        };
    }

    /**
     * {@link #of}, logged as the edge logs failures: a 500 with its stack trace, once; a 503 as one
     * warning line without one (the store logs its own failure episode, so a burst of refused
     * requests does not repeat it); a refusal of the client's request at debug level.
     *
     * @param during what failed, for the log ({@code PUT /feeds}, {@code action subscribe of connection c-1})
     */
    public static ApiError logged(RuntimeException failure, String during) {
        ApiError error = of(failure);
        if (error.status() == 503) {
            LOG.log(Level.WARNING, "store unavailable during " + during + ": " + failure.getMessage());
        } else if (error.status() >= 500) {
            LOG.log(Level.ERROR, "unexpected failure during " + during, failure);
        } else {
            LOG.log(
                    Level.DEBUG,
                    () -> "refused " + during + " with " + error.status() + " " + error.code() + ": "
                            + error.message());
        }
        return error;
    }

    /**
     * The JSON body: {@code {"error":"<code>","message":"<sentence>","fields":[{"field":..,
     * "message":..}]}}, {@code fields} only when a field is to blame.
     */
    public byte[] body() {
        return Json.bytes(generator -> {
            generator.writeStartObject();
            writeFields(generator);
            generator.writeEndObject();
        });
    }

    /** The body's fields, for an answer that adds its own after them (a conflict's secrets). */
    void writeFields(JsonGenerator generator) throws IOException {
        generator.writeStringField("error", code);
        generator.writeStringField("message", message);
        Json.writeFieldErrors(generator, fields);
    }

    /** {@link #body()} as text. */
    public String bodyText() {
        return new String(body(), StandardCharsets.UTF_8);
    }

    /**
     * This error as an HTTP response. A 401 says how to authenticate ({@code WWW-Authenticate}), as
     * HTTP asks of every 401.
     */
    public HttpResponse response() {
        HttpResponse response = HttpResponse.json(status, body());
        return status == 401 ? response.withHeader("WWW-Authenticate", WWW_AUTHENTICATE) : response;
    }
}
