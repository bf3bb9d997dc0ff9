package io.sportsfeeds.api.http;

import io.sportsfeeds.core.domain.InvalidInputException;
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

    /** A query parameter's value, when it was given; see {@link #singleValue}. */
    public Optional<String> queryParam(String name) {
        return singleValue(query, name);
    }

    /**
     * A parameter's one value, when it was given. One given twice is refused, naming it, rather than
     * read as its first value: {@code ?game=a&game=b} would otherwise answer for a alone.
     *
     * @throws InvalidInputException when the parameter has more than one value
     */
    public static Optional<String> singleValue(Map<String, List<String>> query, String name) {
        List<String> values = query.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw InvalidInputException.of(name, "must be given once, was given " + values.size() + " times");
        }
        return values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.getFirst());
    }

    /** A header's value; the name is matched case-insensitively. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
}
