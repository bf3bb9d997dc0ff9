package io.sportsfeeds.api.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP request as the routes see it, whatever server or event carried it.
 *
 * @param method the HTTP method, upper case ({@code GET}, {@code PUT}, ...)
 * @param path the path as requested, without the query string ({@code /games/game-1/odds}); the
 *     routes percent-decode its parameters
 * @param query the decoded query parameters, each with every value it was given
 * @param headers the headers, names in lower case
 * @param body the body, empty when there was none
 */
public record HttpRequest(
        String method, String path, Map<String, List<String>> query, Map<String, String> headers, byte[] body) {

    public HttpRequest {
        method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
        Objects.requireNonNull(path, "path");
        Map<String, List<String>> queryCopy = new LinkedHashMap<>();
        Objects.requireNonNull(query, "query").forEach((name, values) -> queryCopy.put(name, List.copyOf(values)));
        query = Map.copyOf(queryCopy);
        Map<String, String> lowerCase = new LinkedHashMap<>();
        Objects.requireNonNull(headers, "headers")
                .forEach((name, value) -> lowerCase.put(name.toLowerCase(Locale.ROOT), value));
        headers = Map.copyOf(lowerCase);
        body = body == null ? new byte[0] : body;
    }

    /** A request without headers or body, as tests and simple callers build them. */
    public static HttpRequest of(String method, String path, Map<String, List<String>> query) {
        return new HttpRequest(method, path, query, Map.of(), new byte[0]);
    }

    /** The first value of a query parameter, when it was given. */
    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    /** A header's value; the name is matched case-insensitively. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
}
