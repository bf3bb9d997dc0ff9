package io.sportsfeeds.app.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Structured log lines: one JSON object per line, which Lambda sends to the function's log group
 * as one event and CloudWatch Logs Insights reads field by field. Each line has {@code timestamp},
 * {@code level}, {@code logger}, {@code message}, the running {@link Invocation}'s {@code
 * requestId} (and {@code connectionId} for WebSocket events), then the caller's fields, and {@code
 * error} (the exception's class and message) when there is one.
 *
 * <p>What it is given is what it writes: callers log ids, routes, statuses and counts, never
 * headers, query strings or bodies, which is where API keys and client secrets travel.
 */
final class JsonLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Standard output, looked up at each line (so a test that swaps {@code System.out} sees it). */
    static final Consumer<String> STANDARD_OUT = line -> System.out.println(line);

    private final Consumer<String> out;
    private final Clock clock;

    JsonLog(Consumer<String> out, Clock clock) {
        this.out = Objects.requireNonNull(out, "out");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    void info(String logger, String message, Map<String, ?> fields) {
        write("INFO", logger, message, fields, null);
    }

    void warn(String logger, String message, Map<String, ?> fields) {
        write("WARN", logger, message, fields, null);
    }

    void write(String level, String logger, String message, Map<String, ?> fields, Throwable error) {
        ObjectNode line = JSON.createObjectNode();
        line.put("timestamp", clock.instant().toString());
        line.put("level", level);
        line.put("logger", logger);
        line.put("message", message);
        Invocation invocation = Invocation.current();
        if (invocation != null) {
            line.put("requestId", invocation.requestId());
            if (invocation.connectionId() != null) {
                line.put("connectionId", invocation.connectionId());
            }
        }
        fields.forEach((name, value) -> line.set(name, JSON.valueToTree(value)));
        if (error != null) {
            line.put("error", error.getClass().getName() + ": " + error.getMessage());
        }
        try {
            out.accept(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain JSON nodes always writes", e);
        }
    }
}
