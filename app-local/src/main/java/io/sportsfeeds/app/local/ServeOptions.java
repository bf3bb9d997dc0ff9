package io.sportsfeeds.app.local;

import io.sportsfeeds.api.http.RestApi;
import io.sportsfeeds.core.usecase.IngestFeeds;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options of {@code serve}, also accepted by the top command (which serves by default). */
final class ServeOptions {
    @Option(names = "--port", description = "HTTP and WebSocket port; 0 picks a free one (the log line tells which).")
    int port = 7070;

    @Option(names = "--host", description = "Address to bind; 127.0.0.1 keeps the server to this machine.")
    String host = "127.0.0.1";

    @Option(
            names = "--data-dir",
            description = "Directory of the embedded store; created and seeded with samples when empty.")
    Path dataDir = Path.of("data");

    @Option(
            names = "--backend",
            description =
                    "Where the data lives: embedded (the store in --data-dir) or aws (DynamoDB and Kinesis: the aws backend options, docs/AWS-MODE.md).")
    String backend = "embedded";

    @Mixin
    AwsOptions aws;

    @Option(
            names = "--demo",
            description = "Feed simulated odds in-process (" + DemoFeed.UPDATES_PER_SECOND + " updates/s).")
    boolean demo;

    @Option(names = "--max-body-bytes", description = "Largest request body accepted; larger ones get 413 too_large.")
    int maxBodyBytes = RestApi.DEFAULT_MAX_BODY_BYTES;

    @Option(names = "--max-batch", description = "Most odds updates accepted in one request; more get 413 too_large.")
    int maxBatch = IngestFeeds.DEFAULT_MAX_BATCH;

    @Option(
            names = "--heartbeat",
            description = "How often WebSocket connections get a heartbeat, as an ISO-8601 duration or seconds.")
    String heartbeat = "PT30S";

    @Option(
            names = "--stale-after",
            description =
                    "How long a game's feed may stay quiet before subscribers are told it is stale, as an ISO-8601 duration or seconds.")
    String staleAfter = "PT60S";

    @Option(
            names = "--retention-days",
            description =
                    "Days an odds update is kept after its provider's date (the sample's EXPIRE); expired history is dropped every minute, each market's latest odds stay.")
    int retentionDays = 30;

    @Mixin
    AuthOptions auth;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** {@code PT30S}, {@code 30s} or {@code 30} (seconds). */
    static java.time.Duration duration(String option, String text) {
        String value = text.strip();
        try {
            if (value.matches("\\d+")) {
                return java.time.Duration.ofSeconds(Long.parseLong(value));
            }
            if (value.matches("\\d+(ms|s|m)")) {
                long amount = Long.parseLong(value.replaceAll("\\D", ""));
                return value.endsWith("ms")
                        ? java.time.Duration.ofMillis(amount)
                        : value.endsWith("s")
                                ? java.time.Duration.ofSeconds(amount)
                                : java.time.Duration.ofMinutes(amount);
            }
            return java.time.Duration.parse(value);
        } catch (RuntimeException notADuration) {
            throw new IllegalArgumentException(option + " must be a duration such as 30s, 500ms or PT30S, was " + text);
        }
    }

    /** The settings these options give; a value out of range is a usage error naming its option. */
    ServerSettings settings() {
        try {
            return ServerSettings.builder()
                    .host(host)
                    .port(port)
                    .dataDir(dataDir)
                    .demo(demo)
                    .maxBodyBytes(maxBodyBytes)
                    .maxBatch(maxBatch)
                    .retentionDays(retentionDays)
                    .heartbeat(duration("--heartbeat", heartbeat))
                    .staleAfter(duration("--stale-after", staleAfter))
                    .auth(auth.settings(System.getenv()))
                    .build();
        } catch (IllegalArgumentException outOfRange) {
            throw new ParameterException(command.commandLine(), outOfRange.getMessage());
        }
    }
}
