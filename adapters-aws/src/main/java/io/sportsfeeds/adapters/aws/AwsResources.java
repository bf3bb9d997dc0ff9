package io.sportsfeeds.adapters.aws;

import io.sportsfeeds.core.domain.StoreUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DestinationStatus;
import software.amazon.awssdk.services.dynamodb.model.KinesisDataStreamDestination;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Creates what app-local's aws mode runs on where nobody deployed it (LocalStack, the emulators, a
 * sandbox account): the table ({@link DynamoDbTables}), the Kinesis stream, and the table's Kinesis
 * streaming destination (Kinesis Data Streams for DynamoDB) to that stream. Each is left as it is
 * when it exists. Endpoints without a streaming destination or a TTL (dynalite answers
 * {@code UnknownOperationException}) are reported, not refused: the caller says what that means.
 *
 * <p>Every wait polls (the SDK's waiters first poll after 20 s or more, and resources on emulators
 * are ready in well under one).
 */
public final class AwsResources {
    private static final Duration POLL = Duration.ofMillis(100);

    private AwsResources() {}

    /** Whether a feature the resources use is on. */
    public enum Support {
        /** On (or turning on). */
        ENABLED,
        /** The endpoint has it, but it is not on. */
        DISABLED,
        /** The endpoint does not know the operation (an emulator such as dynalite). */
        UNSUPPORTED,
        /** Neither turned on nor looked at. */
        NOT_ASKED
    }

    /**
     * What {@link #create} found and did.
     *
     * @param tableCreated whether the table was created (false: it existed)
     * @param streamCreated whether the stream was created (false: it existed)
     * @param streamArn the stream's ARN
     * @param streamingDestination the table's Kinesis streaming destination to the stream
     * @param timeToLive the table's TTL on {@code EXPIRE}
     */
    public record Report(
            boolean tableCreated,
            boolean streamCreated,
            String streamArn,
            Support streamingDestination,
            Support timeToLive) {
        public Report {
            Objects.requireNonNull(streamArn, "streamArn");
            Objects.requireNonNull(streamingDestination, "streamingDestination");
            Objects.requireNonNull(timeToLive, "timeToLive");
        }
    }

    /**
     * Creates the table and the stream unless they exist and waits until both are active; turns the
     * table's TTL on, and, when {@code enableStreamingDestination}, its streaming destination to the
     * stream (waiting until that is active too), wherever the endpoint has them.
     *
     * @param timeout how long to wait for each resource to become active
     * @throws StoreUnavailableException when a call fails (unreachable endpoint, no credentials,
     *     refused), or a resource is not active in time; the message names the resource
     */
    public static Report create(
            DynamoDbClient dynamo,
            KinesisClient kinesis,
            AwsSettings settings,
            boolean enableStreamingDestination,
            Duration timeout) {
        Objects.requireNonNull(dynamo, "dynamo");
        Objects.requireNonNull(kinesis, "kinesis");
        Objects.requireNonNull(timeout, "timeout");
        boolean tableCreated;
        try {
            tableCreated = DynamoDbTables.createIfMissing(dynamo, settings, timeout);
        } catch (SdkException | IllegalStateException e) {
            throw new StoreUnavailableException(
                    "cannot create the DynamoDB table " + settings.table() + ": " + e.getMessage(), e);
        }
        Support timeToLive = timeToLive(dynamo, settings.table());
        boolean streamCreated = createStream(kinesis, settings.stream());
        String streamArn = awaitActive(kinesis, settings.stream(), timeout).streamARN();
        Support destination = enableStreamingDestination
                ? enableStreamingDestination(dynamo, settings.table(), streamArn, timeout)
                : Support.NOT_ASKED;
        return new Report(tableCreated, streamCreated, streamArn, destination, timeToLive);
    }

    /**
     * Checks that the table and the stream exist, and tells whether the table streams its changes to
     * the stream; creates and changes nothing. The TTL is not looked at ({@link Support#NOT_ASKED}).
     *
     * @throws StoreUnavailableException naming the table or stream that does not exist, or when a
     *     call fails (unreachable endpoint, no credentials)
     */
    public static Report check(DynamoDbClient dynamo, KinesisClient kinesis, AwsSettings settings) {
        try {
            dynamo.describeTable(r -> r.tableName(settings.table()));
        } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException e) {
            throw new StoreUnavailableException("the DynamoDB table " + settings.table() + " does not exist", e);
        } catch (SdkException e) {
            throw new StoreUnavailableException(
                    "cannot describe the DynamoDB table " + settings.table() + ": " + e.getMessage(), e);
        }
        String streamArn;
        try {
            streamArn = kinesis.describeStreamSummary(r -> r.streamName(settings.stream()))
                    .streamDescriptionSummary()
                    .streamARN();
        } catch (ResourceNotFoundException e) {
            throw new StoreUnavailableException("the Kinesis stream " + settings.stream() + " does not exist", e);
        } catch (SdkException e) {
            throw new StoreUnavailableException(
                    "cannot describe the Kinesis stream " + settings.stream() + ": " + e.getMessage(), e);
        }
        Support destination;
        try {
            DestinationStatus status = destination(dynamo, settings.table(), streamArn)
                    .map(KinesisDataStreamDestination::destinationStatus)
                    .orElse(null);
            destination = status == DestinationStatus.ACTIVE || status == DestinationStatus.ENABLING
                    ? Support.ENABLED
                    : Support.DISABLED;
        } catch (SdkException e) {
            if (!isUnknownOperation(e)) {
                throw new StoreUnavailableException(
                        "cannot describe the Kinesis streaming destinations of table " + settings.table() + ": "
                                + e.getMessage(),
                        e);
            }
            destination = Support.UNSUPPORTED;
        }
        return new Report(false, false, streamArn, destination, Support.NOT_ASKED);
    }

    /**
     * {@link DynamoDbTables#createIfMissing} turned the TTL on where it could; this tells whether it
     * could. dynalite describes a TTL (always disabled) but cannot update one: asking again tells.
     */
    private static Support timeToLive(DynamoDbClient dynamo, String table) {
        try {
            TimeToLiveStatus status = dynamo.describeTimeToLive(r -> r.tableName(table))
                    .timeToLiveDescription()
                    .timeToLiveStatus();
            if (status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING) {
                return Support.ENABLED;
            }
            dynamo.updateTimeToLive(r -> r.tableName(table)
                    .timeToLiveSpecification(t -> t.enabled(true).attributeName(Layout.EXPIRE)));
            return Support.ENABLED;
        } catch (SdkException e) {
            if (isUnknownOperation(e)) {
                return Support.UNSUPPORTED;
            }
            throw new StoreUnavailableException("cannot turn the TTL of table " + table + " on: " + e.getMessage(), e);
        }
    }

    /** On-demand capacity: no shard count to choose, and the stream grows with the table's writes. */
    private static boolean createStream(KinesisClient kinesis, String stream) {
        try {
            kinesis.createStream(r -> r.streamName(stream).streamModeDetails(d -> d.streamMode(StreamMode.ON_DEMAND)));
            return true;
        } catch (ResourceInUseException exists) {
            return false;
        } catch (SdkException e) {
            throw new StoreUnavailableException(
                    "cannot create the Kinesis stream " + stream + ": " + e.getMessage(), e);
        }
    }

    /** ACTIVE, or UPDATING (resharding), where reads and writes work. */
    private static StreamDescriptionSummary awaitActive(KinesisClient kinesis, String stream, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            StreamDescriptionSummary summary;
            try {
                summary =
                        kinesis.describeStreamSummary(r -> r.streamName(stream)).streamDescriptionSummary();
            } catch (ResourceNotFoundException notYetVisible) {
                summary = null;
            } catch (SdkException e) {
                throw new StoreUnavailableException(
                        "cannot describe the Kinesis stream " + stream + ": " + e.getMessage(), e);
            }
            if (summary != null
                    && (summary.streamStatus() == StreamStatus.ACTIVE
                            || summary.streamStatus() == StreamStatus.UPDATING)) {
                return summary;
            }
            if (System.nanoTime() > deadline) {
                throw new StoreUnavailableException(
                        "the Kinesis stream " + stream + " is not active after " + timeout.toMillis() + " ms (status "
                                + (summary == null ? "not found" : summary.streamStatusAsString()) + ")");
            }
            sleep("the Kinesis stream " + stream);
        }
    }

    private static Support enableStreamingDestination(
            DynamoDbClient dynamo, String table, String streamArn, Duration timeout) {
        String what = "the Kinesis streaming destination of table " + table + " to " + streamArn;
        try {
            Optional<KinesisDataStreamDestination> current = destination(dynamo, table, streamArn);
            boolean on = current.map(KinesisDataStreamDestination::destinationStatus)
                    .filter(s -> s == DestinationStatus.ACTIVE || s == DestinationStatus.ENABLING)
                    .isPresent();
            if (!on) {
                dynamo.enableKinesisStreamingDestination(r -> r.tableName(table).streamArn(streamArn));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                current = destination(dynamo, table, streamArn);
                DestinationStatus status = current.map(KinesisDataStreamDestination::destinationStatus)
                        .orElse(null);
                if (status == DestinationStatus.ACTIVE) {
                    return Support.ENABLED;
                }
                if (status == DestinationStatus.ENABLE_FAILED || status == DestinationStatus.DISABLED) {
                    throw new StoreUnavailableException(what + " is " + status + ": "
                            + current.map(KinesisDataStreamDestination::destinationStatusDescription)
                                    .orElse(""));
                }
                if (System.nanoTime() > deadline) {
                    throw new StoreUnavailableException(
                            what + " is not active after " + timeout.toMillis() + " ms (status " + status + ")");
                }
                sleep(what);
            }
        } catch (SdkException e) {
            if (isUnknownOperation(e)) {
                return Support.UNSUPPORTED;
            }
            throw new StoreUnavailableException("cannot enable " + what + ": " + e.getMessage(), e);
        }
    }

    private static Optional<KinesisDataStreamDestination> destination(
            DynamoDbClient dynamo, String table, String streamArn) {
        List<KinesisDataStreamDestination> destinations = dynamo.describeKinesisStreamingDestination(
                        r -> r.tableName(table))
                .kinesisDataStreamDestinations();
        return destinations.stream()
                .filter(d -> streamArn.equals(d.streamArn()))
                .findFirst();
    }

    /** What an endpoint without the operation answers: dynalite's error code, or 501 Not Implemented. */
    static boolean isUnknownOperation(SdkException e) {
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null
                    ? null
                    : service.awsErrorDetails().errorCode();
            return "UnknownOperationException".equals(code) || service.statusCode() == 501;
        }
        return false;
    }

    private static void sleep(String waitingFor) {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for " + waitingFor, e);
        }
    }
}
