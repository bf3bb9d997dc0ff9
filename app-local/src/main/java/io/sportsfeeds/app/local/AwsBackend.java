package io.sportsfeeds.app.local;

import io.sportsfeeds.adapters.aws.AwsResources;
import io.sportsfeeds.adapters.aws.AwsResources.Report;
import io.sportsfeeds.adapters.aws.AwsResources.Support;
import io.sportsfeeds.adapters.aws.AwsSettings;
import io.sportsfeeds.adapters.aws.DynamoDbStores;
import io.sportsfeeds.adapters.aws.EmulatedStreamingDestination;
import io.sportsfeeds.adapters.aws.KinesisChangeStream;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.port.ChangeStream;
import io.sportsfeeds.core.port.ClientRegistry;
import io.sportsfeeds.core.port.GameCatalogue;
import io.sportsfeeds.core.port.OddsStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The aws backend: the odds store, game catalogue and client registry of the DynamoDB table, and
 * the table's changes read from the Kinesis stream that Kinesis Data Streams for DynamoDB writes
 * them to ({@link KinesisChangeStream}, from the stream's end when the server starts). With
 * {@link Settings#emulateStreamingDestination()} this process writes those records itself after
 * each append ({@link EmulatedStreamingDestination}), for emulators that have no streaming
 * destination. Closing it closes the two SDK clients; {@code LocalApp} closes the change stream's
 * subscription before.
 */
final class AwsBackend implements Backend {
    private static final Logger LOG = LoggerFactory.getLogger(AwsBackend.class);
    /** Tables with indexes take a minute or so on DynamoDB, streaming destinations a few; emulators well under a second. */
    static final Duration RESOURCE_TIMEOUT = Duration.ofMinutes(5);

    /**
     * Everything the aws backend is told ({@link AwsOptions} reads it from the flags and environment).
     *
     * @param aws the region, table, stream and endpoints
     * @param pollInterval the pause between two reads of a Kinesis shard that had nothing new
     * @param retention how long odds history is kept (the items' TTL)
     * @param createResources whether to create the table and stream, and turn on the TTL and the
     *     streaming destination, where missing
     * @param emulateStreamingDestination whether this process puts the change records of its writes on the stream
     */
    record Settings(
            AwsSettings aws,
            Duration pollInterval,
            Duration retention,
            boolean createResources,
            boolean emulateStreamingDestination) {
        Settings {
            Objects.requireNonNull(aws, "aws");
            if (pollInterval.toMillis() < 10) {
                throw new IllegalArgumentException("--poll-interval must be at least 10 ms, was " + pollInterval);
            }
            if (retention.toSeconds() < 1) {
                throw new IllegalArgumentException("--retention-days must be at least 1, was " + retention);
            }
        }

        /** Where the data is, for the log: table, stream, region and endpoints. */
        String describe() {
            return "DynamoDB table " + aws.table() + ", Kinesis stream " + aws.stream() + " (" + aws.region()
                    + aws.dynamoDbEndpoint().map(e -> ", DynamoDB at " + e).orElse("")
                    + aws.kinesisEndpoint().map(e -> ", Kinesis at " + e).orElse("") + ")";
        }
    }

    private final DynamoDbClient dynamo;
    private final KinesisClient kinesis;
    private final DynamoDbStores stores;
    private final OddsStore odds;
    private final ChangeStream changes;

    private AwsBackend(
            DynamoDbClient dynamo, KinesisClient kinesis, DynamoDbStores stores, OddsStore odds, ChangeStream changes) {
        this.dynamo = dynamo;
        this.kinesis = kinesis;
        this.stores = stores;
        this.odds = odds;
        this.changes = changes;
    }

    /**
     * Opens the backend with SDK clients of the settings' region and endpoints, credentials from the
     * SDK's default chain.
     *
     * @throws StoreUnavailableException when the table or stream is missing
     *     (and not to be created) or cannot be reached; the message names which
     */
    static AwsBackend open(Settings settings, Clock clock) {
        DynamoDbClient dynamo = DynamoDbStores.newClient(settings.aws());
        KinesisClient kinesis;
        try {
            kinesis = KinesisChangeStream.newClient(settings.aws());
        } catch (RuntimeException e) {
            dynamo.close();
            throw e;
        }
        return open(settings, clock, dynamo, kinesis);
    }

    /** As {@link #open(Settings, Clock)}, on these clients; it owns them and closes them, also when opening fails. */
    static AwsBackend open(Settings settings, Clock clock, DynamoDbClient dynamo, KinesisClient kinesis) {
        try {
            if (settings.createResources()) {
                logCreated(
                        settings,
                        AwsResources.create(
                                dynamo,
                                kinesis,
                                settings.aws(),
                                !settings.emulateStreamingDestination(),
                                RESOURCE_TIMEOUT));
            } else {
                logChecked(settings, check(dynamo, kinesis, settings.aws()));
            }
            DynamoDbStores stores = DynamoDbStores.of(dynamo, settings.aws(), clock, settings.retention());
            OddsStore odds = settings.emulateStreamingDestination()
                    ? EmulatedStreamingDestination.around(stores.oddsStore(), dynamo, kinesis, settings.aws())
                    : stores.oddsStore();
            ChangeStream changes = KinesisChangeStream.create(kinesis, settings.aws(), clock, settings.pollInterval());
            return new AwsBackend(dynamo, kinesis, stores, odds, changes);
        } catch (RuntimeException e) {
            closeClients(kinesis, dynamo, e);
            throw e;
        }
    }

    private static Report check(DynamoDbClient dynamo, KinesisClient kinesis, AwsSettings aws) {
        try {
            return AwsResources.check(dynamo, kinesis, aws);
        } catch (StoreUnavailableException e) {
            if (e.getCause() instanceof software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException
                    || e.getCause()
                            instanceof software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException) {
                throw new StoreUnavailableException(
                        e.getMessage() + " (--create-resources creates the table and the stream where missing)", e);
            }
            throw e;
        }
    }

    private static void logCreated(Settings settings, Report report) {
        AwsSettings aws = settings.aws();
        LOG.info(
                "DynamoDB table {} {}; Kinesis stream {} {}",
                aws.table(),
                report.tableCreated() ? "created" : "exists",
                aws.stream(),
                report.streamCreated() ? "created (on-demand capacity)" : "exists");
        List<String> lacking = new ArrayList<>();
        if (report.streamingDestination() == Support.UNSUPPORTED) {
            lacking.add("Kinesis streaming destination");
        }
        if (report.timeToLive() == Support.UNSUPPORTED) {
            lacking.add("TTL");
        }
        if (!lacking.isEmpty()) {
            LOG.warn(
                    "the DynamoDB endpoint{} has no {} (UnknownOperationException: an emulator such as dynalite){}",
                    aws.dynamoDbEndpoint().map(e -> " " + e).orElse(""),
                    String.join(" and no ", lacking),
                    report.streamingDestination() == Support.UNSUPPORTED
                            ? ": nothing writes the table's changes to the stream, so no update reaches a WebSocket client; restart with --emulate-streaming-destination"
                            : ": odds history never expires there");
        }
        if (report.streamingDestination() == Support.ENABLED) {
            LOG.info(
                    "table {} writes its changes to stream {} (Kinesis Data Streams for DynamoDB)",
                    aws.table(),
                    aws.stream());
        }
        if (settings.emulateStreamingDestination()) {
            logEmulating(aws);
        }
    }

    private static void logChecked(Settings settings, Report report) {
        AwsSettings aws = settings.aws();
        Support destination = report.streamingDestination();
        if (settings.emulateStreamingDestination()) {
            if (destination == Support.ENABLED) {
                LOG.warn(
                        "table {} writes its changes to stream {} already: --emulate-streaming-destination puts each a second time (the publisher drops the repeats); leave it off here",
                        aws.table(),
                        aws.stream());
            }
            logEmulating(aws);
        } else if (destination == Support.UNSUPPORTED) {
            LOG.warn(
                    "the DynamoDB endpoint{} has no Kinesis streaming destination (UnknownOperationException: an emulator such as dynalite): nothing writes the table's changes to the stream, so no update reaches a WebSocket client; restart with --emulate-streaming-destination",
                    aws.dynamoDbEndpoint().map(e -> " " + e).orElse(""));
        } else if (destination == Support.DISABLED) {
            LOG.warn(
                    "table {} has no active Kinesis streaming destination to stream {}: no update reaches a WebSocket client until it has one (--create-resources turns it on)",
                    aws.table(),
                    aws.stream());
        }
    }

    private static void logEmulating(AwsSettings aws) {
        LOG.info(
                "emulating the streaming destination (a development aid): this process puts the change records of its own writes on stream {}",
                aws.stream());
    }

    @Override
    public OddsStore oddsStore() {
        return odds;
    }

    @Override
    public GameCatalogue gameCatalogue() {
        return stores.gameCatalogue();
    }

    @Override
    public ClientRegistry clientRegistry() {
        return stores.clientRegistry();
    }

    @Override
    public ChangeStream changeStream() {
        return changes;
    }

    /**
     * No clients and no games. Listing reads the indexes, eventually consistent: moments after
     * another server seeded the table this may still answer true, and the samples are put again
     * (the same items: puts replace them).
     */
    @Override
    public boolean isEmpty() {
        return stores.clientRegistry().clients().isEmpty()
                && stores.gameCatalogue().games(0, Long.MAX_VALUE).isEmpty();
    }

    @Override
    public void close() {
        closeClients(kinesis, dynamo, null);
    }

    private static void closeClients(KinesisClient kinesis, DynamoDbClient dynamo, RuntimeException failure) {
        RuntimeException first = failure;
        for (AutoCloseable client : List.<AutoCloseable>of(kinesis, dynamo)) {
            try {
                client.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof RuntimeException r
                            ? r
                            : new IllegalStateException("closing an SDK client failed", e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (failure == null && first != null) {
            throw first;
        }
    }
}
