package io.sportsfeeds.app.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sportsfeeds.core.fakes.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The functions' log lines and embedded-format metric lines, parsed back as CloudWatch would. */
class TelemetryTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T19:31:00.123Z"));
    private final List<String> lines = new ArrayList<>();
    private final Telemetry telemetry = new Telemetry("stream-consumer", "Sportsfeeds", lines::add, clock);

    @AfterEach
    void noInvocationLeftOpen() {
        Invocation.set(null);
    }

    @Test
    void writesOneEmbeddedMetricFormatLine_perInvocation_withTheDirectiveAndTheValues() {
        telemetry.begin(FakeContext.of("Sportsfeeds-StreamConsumerFunction"), null);
        telemetry.count("Records", 3);
        telemetry.count("Pushed", 2);
        telemetry.count("Pushed", 4);
        telemetry.milliseconds("IteratorAge", 250);
        telemetry.milliseconds("IteratorAge", 120);
        telemetry.end();

        assertThat(lines).hasSize(1);
        JsonNode line = JsonLines.parse(lines.getFirst());
        JsonNode aws = line.path("_aws");
        assertThat(aws.path("Timestamp").asLong()).isEqualTo(clock.millis());
        assertThat(aws.path("CloudWatchMetrics")).hasSize(1);
        JsonNode directive = aws.path("CloudWatchMetrics").get(0);
        assertThat(directive.path("Namespace").asText()).isEqualTo("Sportsfeeds");
        assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"Function\"]]");
        assertThat(directive.path("Metrics").toString())
                .isEqualTo("[{\"Name\":\"Records\",\"Unit\":\"Count\"},{\"Name\":\"Pushed\",\"Unit\":\"Count\"},"
                        + "{\"Name\":\"IteratorAge\",\"Unit\":\"Milliseconds\"}]");
        assertThat(line.path("Function").asText()).isEqualTo("stream-consumer");
        assertThat(line.path("Records").asLong()).isEqualTo(3);
        assertThat(line.path("Pushed").asLong()).isEqualTo(6);
        assertThat(line.path("IteratorAge").asLong()).isEqualTo(250);
        assertThat(line.path("requestId").asText()).isEqualTo("7d3f9c2e-1b4a-4e8f-9a60-5c2d8e1f0b37");
        // Every dimension and metric the directive names is a member of the line, as the format requires.
        for (JsonNode metric : directive.path("Metrics")) {
            assertThat(line.path(metric.path("Name").asText()).isNumber()).isTrue();
        }
        assertThat(line.path("Function").isTextual()).isTrue();
    }

    @Test
    void writesNoMetricLine_whenTheInvocationRecordedNone_andStartsEachInvocationAfresh() {
        telemetry.begin(FakeContext.of("f"), null);
        telemetry.end();
        telemetry.begin(FakeContext.of("f"), null);
        telemetry.count("Records", 1);
        telemetry.end();

        assertThat(lines)
                .singleElement()
                .satisfies(
                        line -> assertThat(JsonLines.parse(line).path("Records").asLong())
                                .isEqualTo(1));
    }

    @Test
    void logsOneJsonObjectPerLine_withLevelMessageRequestIdAndConnectionId() {
        telemetry.begin(new FakeContext("request-1", "f"), "CIrNfd7sLPECJbA=");
        telemetry.info("connected", Telemetry.fields("route", "$connect", "status", 200, "clientId", null));
        telemetry.end();
        telemetry.warn("between invocations", Map.of());

        JsonNode line = JsonLines.parse(lines.getFirst());
        assertThat(fieldNames(line))
                .containsExactly(
                        "timestamp", "level", "logger", "message", "requestId", "connectionId", "route", "status");
        assertThat(line.path("timestamp").asText()).isEqualTo("2026-12-01T19:31:00.123Z");
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("logger").asText()).isEqualTo("stream-consumer");
        assertThat(line.path("message").asText()).isEqualTo("connected");
        assertThat(line.path("requestId").asText()).isEqualTo("request-1");
        assertThat(line.path("connectionId").asText()).isEqualTo("CIrNfd7sLPECJbA=");
        assertThat(line.path("status").asInt()).isEqualTo(200);
        JsonNode after = JsonLines.parse(lines.getLast());
        assertThat(after.path("level").asText()).isEqualTo("WARN");
        assertThat(after.has("requestId")).isFalse();
    }

    @Test
    void turnsEverySystemLoggerOfTheFunctionIntoJsonLines_onStandardOutput_once() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            JsonLogging.install();
            JsonLogging.install();
            Invocation.set(new Invocation("request-2", null));
            System.Logger logger = System.getLogger("io.sportsfeeds.adapters.aws.Example");
            logger.log(System.Logger.Level.DEBUG, "dropped");
            logger.log(System.Logger.Level.WARNING, "PostToConnection to {0} refused", "conn-1");
            logger.log(System.Logger.Level.ERROR, "failed", new IllegalStateException("broken"));
            // The AWS SDK's own logger: SLF4J, bound to java.util.logging in the function's jar.
            org.slf4j.LoggerFactory.getLogger("software.amazon.awssdk.Example").warn("retrying {}", "PutItem");
        } finally {
            System.setOut(original);
        }

        List<JsonNode> written = captured.toString(StandardCharsets.UTF_8)
                .lines()
                .map(JsonLines::parse)
                .toList();
        assertThat(written).hasSize(3);
        assertThat(written.get(0).path("level").asText()).isEqualTo("WARN");
        assertThat(written.get(0).path("logger").asText()).isEqualTo("io.sportsfeeds.adapters.aws.Example");
        assertThat(written.get(0).path("message").asText()).isEqualTo("PostToConnection to conn-1 refused");
        assertThat(written.get(0).path("requestId").asText()).isEqualTo("request-2");
        assertThat(written.get(1).path("level").asText()).isEqualTo("ERROR");
        assertThat(written.get(1).path("error").asText()).isEqualTo("java.lang.IllegalStateException: broken");
        assertThat(written.get(2).path("logger").asText()).isEqualTo("software.amazon.awssdk.Example");
        assertThat(written.get(2).path("message").asText()).isEqualTo("retrying PutItem");
        assertThat(written.get(2).path("requestId").asText()).isEqualTo("request-2");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
