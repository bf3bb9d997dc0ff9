package io.sportsfeeds.infra;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * Every choice the stack leaves to the operator, with the defaults {@code cdk synth} uses when the
 * context ({@code -c name=value} or {@code cdk.json}) does not give one.
 *
 * @param streamShards the Kinesis stream's shards; 0 for on-demand capacity
 * @param memoryMb each function's memory (CPU grows with it)
 * @param timeoutSeconds each function's timeout
 * @param logRetention how long the functions' logs are kept
 * @param retentionDays how long odds are kept ({@code SPORTSFEEDS_RETENTION_DAYS})
 * @param rateLimit the providers' usage plan: requests per second, steady
 * @param burstLimit the providers' usage plan: requests at once
 * @param batchSize the stream consumer's largest batch of records
 * @param maxRetries how often a failing batch is retried before it goes to the failure queue
 * @param maxRecordAgeSeconds how old a record may get before it goes to the failure queue
 * @param parallelizationFactor batches processed at once per shard (order is kept per partition key, that is per game)
 * @param adminKeySha256 the SHA-256 (hex) of the admin key the REST function accepts; none, and
 *     the admin routes refuse everyone
 */
public record StackSettings(
        int streamShards,
        int memoryMb,
        int timeoutSeconds,
        RetentionDays logRetention,
        int retentionDays,
        int rateLimit,
        int burstLimit,
        int batchSize,
        int maxRetries,
        int maxRecordAgeSeconds,
        int parallelizationFactor,
        Optional<String> adminKeySha256) {

    public static final StackSettings DEFAULTS =
            new StackSettings(0, 1024, 30, RetentionDays.ONE_MONTH, 30, 100, 200, 100, 5, 3600, 1, Optional.empty());

    public StackSettings {
        between("streamShards", streamShards, 0, 500);
        between("memoryMb", memoryMb, 128, 10_240);
        between("timeoutSeconds", timeoutSeconds, 1, 900);
        Objects.requireNonNull(logRetention, "logRetention");
        between("retentionDays", retentionDays, 1, 36_500);
        between("rateLimit", rateLimit, 1, 10_000);
        between("burstLimit", burstLimit, 1, 5_000);
        between("batchSize", batchSize, 1, 10_000);
        // -1 would be "forever", which the event source mapping must not do (a poison record stalls a shard).
        between("maxRetries", maxRetries, 0, 10_000);
        between("maxRecordAgeSeconds", maxRecordAgeSeconds, 60, 604_800);
        between("parallelizationFactor", parallelizationFactor, 1, 10);
        Objects.requireNonNull(adminKeySha256, "adminKeySha256");
        adminKeySha256.ifPresent(hash -> {
            if (!hash.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException(
                        "adminKeySha256 must be 64 lower-case hex digits, was " + hash.length() + " characters");
            }
        });
    }

    /** The settings in {@code context} (the CDK app's context values, as text), the defaults for the rest. */
    public static StackSettings fromContext(Function<String, Object> context) {
        StackSettings d = DEFAULTS;
        return new StackSettings(
                number(context, "streamShards", d.streamShards()),
                number(context, "memoryMb", d.memoryMb()),
                number(context, "timeoutSeconds", d.timeoutSeconds()),
                Optional.ofNullable(context.apply("logRetention"))
                        .map(value -> RetentionDays.valueOf(value.toString()))
                        .orElse(d.logRetention()),
                number(context, "retentionDays", d.retentionDays()),
                number(context, "rateLimit", d.rateLimit()),
                number(context, "burstLimit", d.burstLimit()),
                number(context, "batchSize", d.batchSize()),
                number(context, "maxRetries", d.maxRetries()),
                number(context, "maxRecordAgeSeconds", d.maxRecordAgeSeconds()),
                number(context, "parallelizationFactor", d.parallelizationFactor()),
                Optional.ofNullable(context.apply("adminKeySha256"))
                        .map(Object::toString)
                        .filter(hash -> !hash.isBlank()));
    }

    private static int number(Function<String, Object> context, String name, int otherwise) {
        Object value = context.apply(name);
        if (value == null) {
            return otherwise;
        }
        try {
            return Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was " + value, e);
        }
    }

    private static void between(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
        }
    }
}
