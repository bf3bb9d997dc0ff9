package io.sportsfeeds.app.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/** A line the functions wrote, read back as one JSON object (as CloudWatch Logs reads it). */
final class JsonLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLines() {}

    static JsonNode parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not one JSON object: " + line);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("not one JSON object: " + line, e);
        }
    }
}
