package io.sportsfeeds.adapters.aws;

import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.port.ChangeStream;
import io.sportsfeeds.core.port.DoublingBackoff;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The table's changes as Kinesis Data Streams for DynamoDB writes them to a stream, read by
 * app-local in aws mode (in AWS, a Lambda's event source mapping reads the stream instead). Every
 * shard is polled with {@code GetRecords} on a thread of its own; a child shard of a split or merge
 * is read from its start once all its parents are read to their end, so a game's changes before a
 * resharding come before those after it. Records are decoded by {@link ChangeRecordDecoder}; one
 * dispatcher thread hands the changes to the follower one batch at a time. There are no ordering
 * or dedupe rules here: those are the publisher's ({@code PublishChanges}). One subscription's
 * threads are {@link KinesisSubscription}'s, the reading of a shard {@link ShardReaders}', the
 * handing over {@link ChangeDispatcher}'s.
 *
 * <h2>Where it starts reading, and why</h2>
 *
 * At the end of the stream when {@link #follow} is called: {@code follow} lists the open shards and
 * takes a {@code LATEST} iterator of each before it returns, so every record written after it
 * returns is read (the position is the server's, no clock is compared), and nothing older is. An
 * app-local instance serves only its own connections, all opened after it started; a client that
 * needs older changes resumes from the store, and the publisher fills any gap from the store. So
 * reading the stream's 24 hours of history would only push stale frames. Nothing is checkpointed:
 * a restarted instance starts at the end again, for the same reason. Shards born later (resharding)
 * are read from their first record.
 *
 * <p>An iterator that expires (the follower stalled for five minutes) is renewed after the last
 * sequence number read. On a shard with nothing read yet it is renewed where it began: a child
 * at its start, an end-of-stream one at the time {@code follow} was called less
 * {@value #CLOCK_MARGIN_SECONDS} s ({@code AT_TIMESTAMP}, this host's clock against Kinesis's: a few
 * changes from before {@code follow} handed over are harmless, a change after it skipped is not).
 *
 * <h2>Failures</h2>
 *
 * A malformed record is logged once, with its sequence number, and skipped: the publisher fills
 * the gap it leaves from the store when the game's next change arrives. Ignored records (other
 * items, deletions) are logged at debug level. Throttling, expired iterators and other errors of
 * the Kinesis API are retried with a backoff that doubles from {@value #FIRST_BACKOFF_MILLIS} ms to
 * {@value #MAX_BACKOFF_MILLIS} ms, per shard, for as long as the subscription lasts. Changes the
 * follower answers for retry are handed over again, before newer ones, after a backoff that grows
 * the same way; while they wait, nothing more is read from the queue, which fills and stops the
 * shard readers: Kinesis keeps the records, so memory stays bounded.
 *
 * <p>An iterator whose position no longer exists ({@code InvalidArgumentException}: an emulator
 * restarted without the records put just before) is replaced after the backoff by one at the time
 * of the last record read, less {@value #CLOCK_MARGIN_SECONDS} s ({@code AT_TIMESTAMP}); retrying
 * it would fail forever.
 *
 * <p>Closing the subscription stops and joins every thread it started; a follower still busy after
 * {@value #STOP_WAIT_MILLIS} ms is interrupted.
 */
public final class KinesisChangeStream implements ChangeStream {
    static final long CLOCK_MARGIN_SECONDS = 5;
    /** In milliseconds for the class comment's {@code @value}s; the loops take the durations below. */
    static final long FIRST_BACKOFF_MILLIS = 100;

    static final long MAX_BACKOFF_MILLIS = 5_000;
    static final Duration FIRST_BACKOFF = Duration.ofMillis(FIRST_BACKOFF_MILLIS);
    static final Duration MAX_BACKOFF = Duration.ofMillis(MAX_BACKOFF_MILLIS);
    static final long STOP_WAIT_MILLIS = 10_000;
    /** Records asked for per GetRecords call (Kinesis allows up to 10,000). */
    static final int RECORDS_PER_READ = 1_000;
    /** Decoded batches waiting for the dispatcher; a full queue holds the shard readers back. */
    static final int QUEUE_CAPACITY = 64;

    /** The most changes handed over in one batch (retries first, then as many fresh ones as fit). */
    static final int MAX_BATCH = 10_000;

    /** The backoff of one of this stream's retry loops (a shard's reader, the shard lister). */
    static DoublingBackoff newBackoff() {
        return new DoublingBackoff(FIRST_BACKOFF, MAX_BACKOFF);
    }

    private final KinesisShards shards;
    private final ChangeRecordDecoder decoder;
    private final Clock clock;
    private final Duration pollInterval;

    private KinesisChangeStream(KinesisShards shards, ChangeRecordDecoder decoder, Clock clock, Duration pollInterval) {
        this.shards = shards;
        this.decoder = decoder;
        this.clock = clock;
        this.pollInterval = pollInterval;
    }

    /**
     * The changes of {@code settings.table()} on {@code settings.stream()}.
     *
     * @param kinesis the client, owned by the caller (who closes it after the subscriptions)
     * @param clock for the iterator fallback described above
     * @param pollInterval the pause between two reads of a shard that returned nothing new; Kinesis
     *     allows five reads per second per shard, shared by every reader of the stream
     */
    public static KinesisChangeStream create(
            KinesisClient kinesis, AwsSettings settings, Clock clock, Duration pollInterval) {
        Objects.requireNonNull(kinesis, "kinesis");
        Objects.requireNonNull(clock, "clock");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive, was " + pollInterval);
        }
        return new KinesisChangeStream(
                new KinesisShards(kinesis, settings.stream()),
                new ChangeRecordDecoder(settings.table()),
                clock,
                pollInterval);
    }

    /**
     * A Kinesis client for {@code settings}: the region, the endpoint when one is set, credentials
     * from the SDK's default chain, the url-connection HTTP client, the SDK's standard retries.
     */
    public static KinesisClient newClient(AwsSettings settings) {
        return newClient(settings, DefaultCredentialsProvider.builder().build());
    }

    static KinesisClient newClient(AwsSettings settings, AwsCredentialsProvider credentials) {
        var builder = KinesisClient.builder()
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)))
                .region(Region.of(settings.region()))
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD));
        settings.kinesisEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * Starts reading at the end of every open shard and returns once the positions are taken.
     *
     * @throws StoreUnavailableException when the stream cannot be listed or read (nothing is left running)
     */
    @Override
    public Subscription follow(BatchHandler handler) {
        Objects.requireNonNull(handler, "handler");
        KinesisSubscription subscription =
                new KinesisSubscription(shards, decoder, pollInterval, clock.instant(), handler);
        subscription.start();
        return subscription::close;
    }
}
