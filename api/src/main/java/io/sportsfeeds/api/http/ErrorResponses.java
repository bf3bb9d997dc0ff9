package io.sportsfeeds.api.http;

import io.sportsfeeds.core.domain.FieldError;
import io.sportsfeeds.core.domain.InvalidInputException;
import java.util.List;

/**
 * The stable codes of every error body, and the error responses of failures that are no
 * exception of core: a route not found, a method not allowed, and the failures servers detect
 * themselves (a refused WebSocket upgrade, a request they could not read). Every one has the shape
 * of {@link ApiError#body()}; what core throws is mapped by {@link ApiError#of}.
 */
public final class ErrorResponses {
    public static final String INVALID_REQUEST = "invalid_request";
    public static final String TOO_LARGE = "too_large";
    public static final String NOT_FOUND = "not_found";
    public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
    public static final String STORE_UNAVAILABLE = "store_unavailable";
    /** 409: a client of {@code PUT /clients} kept being changed by other requests; {@code fields} names it. */
    public static final String CONFLICT = "conflict";

    public static final String INTERNAL_ERROR = "internal_error";
    /** WebSocket upgrades without {@code ?client=}. */
    public static final String MISSING_CLIENT = "missing_client";
    /** WebSocket upgrades for a client that is not registered. */
    public static final String UNKNOWN_CLIENT = "unknown_client";
    /** WebSocket upgrades for a client that is registered but not active. */
    public static final String INACTIVE_CLIENT = "inactive_client";

    public static final String TOO_MANY_CONNECTIONS = "too_many_connections";
    /** 401: no credentials, or only part of them; {@code fields} names the header or parameter. */
    public static final String MISSING_CREDENTIALS = "missing_credentials";
    /** 403: the {@code x-api-key} header holds none of the accepted keys. */
    public static final String INVALID_API_KEY = "invalid_api_key";
    /** 403: a client's secret is wrong, or the client has none set. */
    public static final String INVALID_SECRET = "invalid_secret";
    /** 403: the caller authenticated, but its credentials do not allow the request. */
    public static final String FORBIDDEN = "forbidden";

    private ErrorResponses() {}

    /** An error response without fields. */
    public static HttpResponse of(int status, String code, String message) {
        return of(status, code, message, List.of());
    }

    /** An error response naming the fields to blame. */
    public static HttpResponse of(int status, String code, String message, List<FieldError> fields) {
        return new ApiError(status, code, message, fields).response();
    }

    /** The 400 of invalid input, naming every bad field: {@link ApiError#of} as a response. */
    public static HttpResponse invalid(InvalidInputException invalid) {
        return ApiError.of(invalid).response();
    }
}
