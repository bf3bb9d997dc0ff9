package io.sportsfeeds.app.local;

import io.sportsfeeds.core.domain.FieldError;
import io.sportsfeeds.core.domain.InvalidInputException;
import io.sportsfeeds.core.domain.Rules;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a query string strictly: a malformed percent-escape is an error naming its parameter.
 * Jetty's own decoding drops such a value silently, so {@code limit=1%zz} would read as no limit.
 */
final class QueryStrings {
    private QueryStrings() {}

    /**
     * The parameters of {@code raw} (null or empty: none), each name with its values in order.
     *
     * @throws InvalidInputException naming every parameter whose name or value is not valid percent-encoding
     */
    static Map<String, List<String>> decode(String raw) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        List<FieldError> errors = new ArrayList<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String rawName = equals < 0 ? pair : pair.substring(0, equals);
            String rawValue = equals < 0 ? "" : pair.substring(equals + 1);
            try {
                params.computeIfAbsent(decodePart(rawName), name -> new ArrayList<>())
                        .add(decodePart(rawValue));
            } catch (IllegalArgumentException malformed) {
                errors.add(new FieldError(rawName, Rules.mustBe("valid percent-encoding", Rules.describe(rawValue))));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return params;
    }

    private static String decodePart(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }
}
