package io.sportsfeeds.api.http;

import io.sportsfeeds.core.domain.InvalidInputException;
import io.sportsfeeds.core.domain.Role;
import io.sportsfeeds.core.domain.Rules;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One path pattern ({@code /games/{id}/odds}) and what answers each method on it, with the roles
 * that may call it.
 */
final class Route {

    /** Answers one method of a route, given the request and the values of the pattern's {@code {..}} segments. */
    @FunctionalInterface
    interface Handler {
        HttpResponse handle(HttpRequest request, List<String> pathParams);
    }

    /** What answers a method, who may call it, and the query parameters it reads. */
    record Endpoint(Set<Role> allowed, List<String> queryParams, Handler handler) {
        Endpoint {
            allowed = Set.copyOf(allowed);
            queryParams = List.copyOf(queryParams);
        }
    }

    private final String[] segments;
    private final Map<String, Endpoint> handlersByMethod = new TreeMap<>();

    Route(String pattern) {
        this.segments = split(pattern);
    }

    /**
     * {@code method} is answered by {@code handler} for callers with any of {@code allowed}, reading
     * {@code queryParams}.
     */
    Route on(String method, Set<Role> allowed, List<String> queryParams, Handler handler) {
        handlersByMethod.put(method, new Endpoint(allowed, queryParams, handler));
        return this;
    }

    /** The values of the pattern's parameters when the path matches, decoded. */
    Optional<List<String>> match(String path) {
        String[] parts = split(path);
        if (parts.length != segments.length) {
            return Optional.empty();
        }
        List<String> params = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            if (segments[i].startsWith("{")) {
                if (parts[i].isEmpty()) {
                    return Optional.empty();
                }
                params.add(decode(segments[i].substring(1, segments[i].length() - 1), parts[i]));
            } else if (!segments[i].equals(parts[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }

    /**
     * What answers {@code method}. HEAD is answered as GET: the transport (Jetty, API Gateway) sends
     * the headers of the response and drops its body, as HTTP requires.
     */
    Optional<Endpoint> handler(String method) {
        String answeredAs = method.equals("HEAD") ? "GET" : method;
        return Optional.ofNullable(handlersByMethod.get(answeredAs));
    }

    /** The methods this route answers, for the {@code Allow} header of a 405. */
    String allowed() {
        Set<String> methods = new TreeSet<>(handlersByMethod.keySet());
        if (methods.contains("GET")) {
            methods.add("HEAD");
        }
        return String.join(", ", methods);
    }

    /** A trailing slash is forgiven ({@code /feeds/} is {@code /feeds}), as most servers do. */
    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.split("/", -1);
    }

    /** Percent-decodes a path segment; unlike a query string, '+' stays a plus. */
    private static String decode(String name, String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notPercentEncoding) {
            throw InvalidInputException.of(name, Rules.mustBe("valid percent-encoding", Rules.describe(segment)));
        }
    }
}
