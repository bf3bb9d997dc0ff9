package io.sportsfeeds.api.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP response as the routes produce it; the server or event adapter only copies it out.
 *
 * @param status the HTTP status code
 * @param headers the headers to send ({@code Content-Type}, {@code Allow}, ...)
 * @param body the body
 */
public record HttpResponse(int status, Map<String, String> headers, byte[] body) {
    public static final String JSON_CONTENT_TYPE = "application/json; charset=utf-8";

    public HttpResponse {
        Objects.requireNonNull(headers, "headers");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    /** A JSON response. */
    public static HttpResponse json(int status, byte[] body) {
        return new HttpResponse(status, Map.of("Content-Type", JSON_CONTENT_TYPE), body);
    }

    /** This response with one more header. */
    public HttpResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpResponse(status, more, body);
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "HttpResponse[status=" + status + ", headers=" + headers + ", body=" + bodyText() + "]";
    }
}
