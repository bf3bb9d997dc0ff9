package io.sportsfeeds.app.lambda;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The headers and query parameters of an API Gateway event, REST or WebSocket (their event types
 * differ, their maps do not), as the handlers read them.
 */
final class ApiGatewayEvents {
    private ApiGatewayEvents() {}

    /**
     * One value per header, its name matched in any case: a repeated header's values joined with
     * commas (RFC 9110, section 5.3), as the local server joins them, so that a second {@code
     * x-api-key} makes the key wrong rather than being ignored. The multi-value map (which API
     * Gateway fills with every value) first, the single-value one for what it lacks.
     */
    static Map<String, String> headers(Map<String, List<String>> multiValue, Map<String, String> singleValue) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (multiValue != null) {
            multiValue.forEach((name, values) -> {
                if (values != null && !values.isEmpty()) {
                    headers.put(name, String.join(", ", values));
                }
            });
        }
        if (singleValue != null) {
            singleValue.forEach(headers::putIfAbsent);
        }
        return headers;
    }

    /**
     * Every value of each query parameter (API Gateway has decoded them), so that a parameter given
     * twice is refused as the local server refuses it; the single-value map when that is all there
     * is (it holds only the last of several).
     */
    static Map<String, List<String>> query(Map<String, List<String>> multiValue, Map<String, String> singleValue) {
        if (multiValue != null) {
            return multiValue;
        }
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (singleValue != null) {
            singleValue.forEach((name, value) -> query.put(name, List.of(value)));
        }
        return query;
    }
}
