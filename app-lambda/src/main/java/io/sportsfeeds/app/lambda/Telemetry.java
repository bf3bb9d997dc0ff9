package io.sportsfeeds.app.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A function's log lines ({@link JsonLog}) and its metrics, written as CloudWatch embedded metric
 * format (EMF): at the end of each invocation one JSON line whose {@code _aws.CloudWatchMetrics}
 * directive names the namespace, the dimension ({@code Function}) and each metric with its unit;
 * CloudWatch Logs turns it into metrics, no API call needed. The metrics are those recorded during
 * the invocation ({@link #count}, {@link #milliseconds}), summed per name.
 *
 * <p>Made once per execution environment; one invocation at a time, as Lambda runs them.
 */
final class Telemetry {
    /** The metrics' namespace unless {@code SPORTSFEEDS_METRICS_NAMESPACE} names another. */
    static final String DEFAULT_NAMESPACE = "sportsfeeds";

    static final String NAMESPACE_VARIABLE = "SPORTSFEEDS_METRICS_NAMESPACE";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String function;
    private final String namespace;
    private final Consumer<String> out;
    private final Clock clock;
    private final JsonLog log;
    private final Map<String, Metric> metrics = new LinkedHashMap<>();

    private record Metric(String unit, long value) {}

    /**
     * @param function the {@code Function} dimension: {@code rest}, {@code websocket} or {@code stream-consumer}
     * @param out where the lines go (standard output in Lambda)
     */
    Telemetry(String function, String namespace, Consumer<String> out, Clock clock) {
        this.function = requireText("function", function);
        this.namespace = requireText("namespace", namespace);
        this.out = Objects.requireNonNull(out, "out");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = new JsonLog(out, clock);
    }

    /** Lines on standard output, the namespace from the function's environment. */
    static Telemetry standard(String function, Map<String, String> env) {
        String namespace = env.getOrDefault(NAMESPACE_VARIABLE, "");
        return new Telemetry(
                function, namespace.isBlank() ? DEFAULT_NAMESPACE : namespace, JsonLog.STANDARD_OUT, Clock.systemUTC());
    }

    Clock clock() {
        return clock;
    }

    /** Starts an invocation: its log lines carry the request id (and the connection id, when given). */
    void begin(Context context, String connectionId) {
        Invocation.set(new Invocation(context.getAwsRequestId(), connectionId));
        synchronized (metrics) {
            metrics.clear();
        }
    }

    /** Ends the invocation: writes its metrics (when it recorded any) and forgets its ids. */
    void end() {
        try {
            flush();
        } finally {
            Invocation.set(null);
        }
    }

    void info(String message, Map<String, ?> fields) {
        log.info(function, message, fields);
    }

    void warn(String message, Map<String, ?> fields) {
        log.warn(function, message, fields);
    }

    /** Adds {@code value} to the count {@code name} of this invocation. */
    void count(String name, long value) {
        add(name, "Count", value);
    }

    /** Records a duration in milliseconds; a second one of the same name keeps the larger. */
    void milliseconds(String name, long value) {
        synchronized (metrics) {
            metrics.merge(name, new Metric("Milliseconds", value), (a, b) -> a.value() >= b.value() ? a : b);
        }
    }

    private void add(String name, String unit, long value) {
        synchronized (metrics) {
            metrics.merge(name, new Metric(unit, value), (a, b) -> new Metric(a.unit(), a.value() + b.value()));
        }
    }

    private void flush() {
        Map<String, Metric> recorded;
        synchronized (metrics) {
            if (metrics.isEmpty()) {
                return;
            }
            recorded = new LinkedHashMap<>(metrics);
            metrics.clear();
        }
        ObjectNode line = JSON.createObjectNode();
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", namespace);
        directive.putArray("Dimensions").addArray().add("Function");
        ArrayNode definitions = directive.putArray("Metrics");
        recorded.forEach(
                (name, metric) -> definitions.addObject().put("Name", name).put("Unit", metric.unit()));
        line.put("Function", function);
        Invocation invocation = Invocation.current();
        if (invocation != null) {
            line.put("requestId", invocation.requestId());
            if (invocation.connectionId() != null) {
                line.put("connectionId", invocation.connectionId());
            }
        }
        recorded.forEach((name, metric) -> line.put(name, metric.value()));
        try {
            out.accept(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain JSON nodes always writes", e);
        }
    }

    /** Log fields from names and values in turn, in that order; a null value is left out. */
    static Map<String, Object> fields(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("fields come in pairs of name and value");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                fields.put(namesAndValues[i].toString(), namesAndValues[i + 1]);
            }
        }
        return fields;
    }

    private static String requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value;
    }
}
