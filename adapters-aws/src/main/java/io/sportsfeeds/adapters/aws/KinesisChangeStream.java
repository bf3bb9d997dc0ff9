package io.sportsfeeds.adapters.aws;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.port.ChangeStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The table's changes as Kinesis Data Streams for DynamoDB writes them to a stream, read by
 * app-local in aws mode (in AWS, a Lambda's event source mapping reads the stream instead). Every
 * shard is polled with {@code GetRecords} on a thread of its own; a child shard of a split or merge
 * is read from its start once all its parents are read to their end, so a game's changes before a
 * resharding come before those after it. Records are decoded by {@link ChangeRecordDecoder}; one
 * dispatcher thread hands the changes to the follower one batch at a time. There are no ordering
 * or dedupe rules here: those are the publisher's ({@code PublishChanges}).
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
    private static final System.Logger LOG = System.getLogger(KinesisChangeStream.class.getName());
    static final long CLOCK_MARGIN_SECONDS = 5;
    static final long FIRST_BACKOFF_MILLIS = 100;
    static final long MAX_BACKOFF_MILLIS = 5_000;
    static final long STOP_WAIT_MILLIS = 10_000;
    /** Records asked for per GetRecords call (Kinesis allows up to 10,000). */
    static final int RECORDS_PER_READ = 1_000;
    /** Decoded batches waiting for the dispatcher; a full queue holds the shard readers back. */
    private static final int QUEUE_CAPACITY = 64;
    /** The most changes handed over in one batch (retries first, then as many fresh ones as fit). */
    static final int MAX_BATCH = 10_000;

    private final KinesisClient kinesis;
    private final String stream;
    private final ChangeRecordDecoder decoder;
    private final Clock clock;
    private final Duration pollInterval;

    private KinesisChangeStream(
            KinesisClient kinesis, String stream, ChangeRecordDecoder decoder, Clock clock, Duration pollInterval) {
        this.kinesis = kinesis;
        this.stream = stream;
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
                kinesis, settings.stream(), new ChangeRecordDecoder(settings.table()), clock, pollInterval);
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
        Following following = new Following(handler);
        following.start();
        return following::close;
    }

    /** What one subscription runs: a reader per shard being read, and one dispatcher. */
    private final class Following {
        private final BatchHandler handler;
        private final LinkedBlockingQueue<List<CapturedChange>> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
        private final List<Thread> threads = new CopyOnWriteArrayList<>();
        /** Every shard seen, by id; guarded by {@code this}. */
        private final Map<String, ShardState> shards = new HashMap<>();

        private final Instant startedAt;
        private volatile boolean closed;
        private Thread dispatcher;

        Following(BatchHandler handler) {
            this.handler = handler;
            this.startedAt = clock.instant();
        }

        void start() {
            Map<String, String> latest = new HashMap<>();
            List<Shard> listed;
            try {
                listed = listShards();
                for (Shard shard : listed) {
                    if (isOpen(shard)) {
                        latest.put(shard.shardId(), iterator(shard.shardId(), ShardIteratorType.LATEST, null, null));
                    }
                }
            } catch (ResourceNotFoundException e) {
                throw new StoreUnavailableException(
                        "cannot follow the Kinesis stream " + stream + ": it does not exist", e);
            } catch (SdkException e) {
                throw new StoreUnavailableException(
                        "cannot follow the Kinesis stream " + stream + ": " + e.getMessage(), e);
            }
            synchronized (this) {
                for (Shard shard : listed) {
                    ShardState state = new ShardState(shard);
                    shards.put(shard.shardId(), state);
                    // A shard closed before now holds nothing written after now: it counts as read.
                    state.finished = !latest.containsKey(shard.shardId());
                }
                dispatcher = Thread.ofPlatform()
                        .name("sportsfeeds-kinesis-dispatch-" + stream)
                        .daemon(true)
                        .unstarted(this::dispatch);
                threads.add(dispatcher);
                dispatcher.start();
                latest.forEach((shardId, iterator) -> startReader(shards.get(shardId), iterator, Position.LATEST));
            }
            LOG.log(
                    System.Logger.Level.INFO,
                    "following Kinesis stream " + stream + " from its end: shards " + latest.keySet());
        }

        void close() {
            List<Thread> started;
            synchronized (this) {
                // Readers are started holding this lock too: each is in the list, or sees closed and never starts.
                if (closed) {
                    return;
                }
                closed = true;
                started = List.copyOf(threads);
            }
            for (Thread thread : started) {
                if (thread != dispatcher) {
                    thread.interrupt();
                }
            }
            for (Thread thread : started) {
                if (thread == Thread.currentThread()) {
                    continue;
                }
                try {
                    thread.join(STOP_WAIT_MILLIS);
                    if (thread.isAlive()) {
                        LOG.log(
                                System.Logger.Level.WARNING,
                                thread.getName() + " still runs after " + STOP_WAIT_MILLIS + " ms; interrupting it");
                        thread.interrupt();
                        thread.join(STOP_WAIT_MILLIS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    started.forEach(Thread::interrupt);
                    return;
                }
            }
        }

        // ---- shard readers ----

        /** Called holding {@code this}. */
        private void startReader(ShardState shard, String iterator, Position from) {
            if (closed) {
                return;
            }
            shard.reading = true;
            Thread reader = Thread.ofPlatform()
                    .name("sportsfeeds-kinesis-" + stream + "-" + shard.id)
                    .daemon(true)
                    .unstarted(() -> read(shard, iterator, from));
            threads.add(reader);
            reader.start();
        }

        private void read(ShardState shard, String firstIterator, Position from) {
            Backoff backoff = new Backoff();
            String iterator = firstIterator;
            String lastRead = null;
            Instant lastReadArrived = null;
            boolean positionLost = false;
            while (!closed) {
                try {
                    if (iterator == null) {
                        iterator = positionLost && lastReadArrived != null
                                ? iterator(
                                        shard.id,
                                        ShardIteratorType.AT_TIMESTAMP,
                                        null,
                                        lastReadArrived.minusSeconds(CLOCK_MARGIN_SECONDS))
                                : renewedIterator(shard.id, lastRead, from);
                        positionLost = false;
                    }
                    String current = iterator;
                    GetRecordsResponse response =
                            kinesis.getRecords(b -> b.shardIterator(current).limit(RECORDS_PER_READ));
                    backoff.reset();
                    List<Record> records = response.records();
                    if (!records.isEmpty()) {
                        List<CapturedChange> changes = decode(shard.id, records);
                        if (!changes.isEmpty()) {
                            queue.put(changes);
                        }
                        lastRead = records.getLast().sequenceNumber();
                        lastReadArrived = records.getLast().approximateArrivalTimestamp();
                    }
                    iterator = response.nextShardIterator();
                    if (iterator == null) {
                        shardEnded(shard);
                        return;
                    }
                    if (records.size() < RECORDS_PER_READ) {
                        Thread.sleep(pollInterval);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (ExpiredIteratorException e) {
                    LOG.log(
                            System.Logger.Level.INFO,
                            "the iterator of " + shard.id + " expired; renewing it after "
                                    + (lastRead == null ? "the start" : lastRead));
                    iterator = null;
                } catch (ProvisionedThroughputExceededException e) {
                    if (!pause(backoff.next(), shard.id, "throttled", e)) {
                        return;
                    }
                } catch (InvalidArgumentException e) {
                    // The iterator's position is gone ("Record for provided SequenceNumber not found": a stream
                    // emulator restarted without its last records). Retrying it would fail forever: take a new
                    // iterator at the time of the last record read, less the margin (repeats are dropped by the
                    // publisher, and it fills a gap from the store).
                    iterator = null;
                    positionLost = true;
                    if (closed || !pause(backoff.next(), shard.id, "lost its position in", e)) {
                        return;
                    }
                } catch (RuntimeException e) {
                    // SDK errors (network, server, a stream deleted and made again) and anything unforeseen:
                    // the shard must not stop being read while the subscription lasts. The next try takes a
                    // new iterator: the one held may be what failed (an emulator restarted while this shard
                    // had read nothing yet answers its old iterators "Record for provided SequenceNumber not
                    // found" as a plain 400), and a new one is cheap next to a shard that is never read again.
                    iterator = null;
                    if (e instanceof KinesisException refused && refused.statusCode() == 400) {
                        positionLost = true;
                    }
                    if (closed || !pause(backoff.next(), shard.id, "failed to read", e)) {
                        return;
                    }
                }
            }
        }

        private String renewedIterator(String shardId, String lastRead, Position from) {
            if (lastRead != null) {
                return iterator(shardId, ShardIteratorType.AFTER_SEQUENCE_NUMBER, lastRead, null);
            }
            return switch (from) {
                case TRIM_HORIZON -> iterator(shardId, ShardIteratorType.TRIM_HORIZON, null, null);
                case LATEST ->
                    iterator(
                            shardId,
                            ShardIteratorType.AT_TIMESTAMP,
                            null,
                            startedAt.minusSeconds(CLOCK_MARGIN_SECONDS));
            };
        }

        private List<CapturedChange> decode(String shardId, List<Record> records) {
            List<CapturedChange> changes = new ArrayList<>(records.size());
            for (Record record : records) {
                switch (decoder.decode(record.sequenceNumber(), record.data().asByteBuffer())) {
                    case ChangeRecordDecoder.Decoded decoded -> changes.add(decoded.change());
                    case ChangeRecordDecoder.Ignored ignored ->
                        LOG.log(
                                System.Logger.Level.DEBUG,
                                () -> "ignoring record " + ignored.sequenceNumber() + " of " + shardId + ": "
                                        + ignored.reason());
                    case ChangeRecordDecoder.Malformed malformed ->
                        LOG.log(
                                System.Logger.Level.WARNING,
                                "skipping malformed change record " + malformed.sequenceNumber() + " of " + stream + "/"
                                        + shardId + ": " + malformed.reason());
                }
            }
            return changes;
        }

        /** Marks the shard read and starts every child whose parents are all read now. */
        private void shardEnded(ShardState ended) {
            synchronized (this) {
                ended.finished = true;
            }
            Backoff backoff = new Backoff();
            while (!closed) {
                List<Shard> listed;
                try {
                    listed = listShards();
                } catch (RuntimeException e) {
                    if (closed || !pause(backoff.next(), ended.id, "failed to list the shards after the end of", e)) {
                        return;
                    }
                    continue;
                }
                synchronized (this) {
                    for (Shard shard : listed) {
                        shards.computeIfAbsent(shard.shardId(), id -> new ShardState(shard));
                    }
                    for (ShardState shard : shards.values()) {
                        if (!shard.reading && !shard.finished && parentsRead(shard)) {
                            LOG.log(
                                    System.Logger.Level.INFO,
                                    "reading " + shard.id + " of " + stream + " from its start: its parents "
                                            + shard.parents + " are read");
                            startReader(shard, null, Position.TRIM_HORIZON);
                        }
                    }
                }
                return;
            }
        }

        /** A parent never listed (trimmed long ago) counts as read. Called holding {@code this}. */
        private boolean parentsRead(ShardState shard) {
            for (String parent : shard.parents) {
                ShardState state = shards.get(parent);
                if (state != null && !state.finished) {
                    return false;
                }
            }
            return true;
        }

        /** Sleeps before a retry, logging why; false when the subscription closed meanwhile. */
        private boolean pause(Duration backoff, String shardId, String what, RuntimeException cause) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Kinesis " + what + " " + stream + "/" + shardId + " (" + cause.getMessage() + "); retrying in "
                            + backoff.toMillis() + " ms");
            try {
                Thread.sleep(backoff);
                return !closed;
            } catch (InterruptedException e) {
                return false;
            }
        }

        // ---- dispatcher ----

        private void dispatch() {
            List<CapturedChange> retry = List.of();
            long retryAt = 0;
            Backoff backoff = new Backoff();
            try {
                while (!closed) {
                    List<CapturedChange> batch = new ArrayList<>(retry);
                    if (!retry.isEmpty()) {
                        long waitNanos = retryAt - System.nanoTime();
                        if (waitNanos > 0) {
                            // Short naps, so a close is seen at once without interrupting a follower.
                            Thread.sleep(Duration.ofNanos(Math.min(waitNanos, TimeUnit.MILLISECONDS.toNanos(100))));
                            continue;
                        }
                    } else {
                        List<CapturedChange> first = queue.poll(100, TimeUnit.MILLISECONDS);
                        if (first == null) {
                            continue;
                        }
                        batch.addAll(first);
                    }
                    for (List<CapturedChange> next; batch.size() < MAX_BATCH && (next = queue.poll()) != null; ) {
                        batch.addAll(next);
                    }
                    if (batch.isEmpty()) {
                        retry = List.of();
                        continue;
                    }
                    retry = hand(batch);
                    if (retry.isEmpty()) {
                        backoff.reset();
                    } else {
                        retryAt = System.nanoTime() + backoff.next().toNanos();
                    }
                }
            } catch (InterruptedException e) {
                // close() interrupts only after waiting in vain for the follower: stop.
            }
        }

        private List<CapturedChange> hand(List<CapturedChange> batch) {
            try {
                return List.copyOf(handler.handle(List.copyOf(batch)));
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable failure) {
                // The publisher reports failures rather than throwing them; one that throws anyway is
                // retried like a reported failure, not lost.
                LOG.log(
                        System.Logger.Level.ERROR,
                        "a change follower failed on " + batch.size() + " changes; retrying them",
                        failure);
                return batch;
            }
        }
    }

    private List<Shard> listShards() {
        List<Shard> all = new ArrayList<>();
        ListShardsResponse page = kinesis.listShards(b -> b.streamName(stream));
        all.addAll(page.shards());
        while (page.nextToken() != null) {
            String token = page.nextToken();
            page = kinesis.listShards(b -> b.nextToken(token));
            all.addAll(page.shards());
        }
        return all;
    }

    private String iterator(String shardId, ShardIteratorType type, String sequenceNumber, Instant timestamp) {
        return kinesis.getShardIterator(b -> b.streamName(stream)
                        .shardId(shardId)
                        .shardIteratorType(type)
                        .startingSequenceNumber(sequenceNumber)
                        .timestamp(timestamp))
                .shardIterator();
    }

    private static boolean isOpen(Shard shard) {
        return shard.sequenceNumberRange() == null
                || shard.sequenceNumberRange().endingSequenceNumber() == null;
    }

    private enum Position {
        LATEST,
        TRIM_HORIZON
    }

    /** One shard of the stream as this subscription sees it; fields guarded by the subscription. */
    private static final class ShardState {
        final String id;
        final List<String> parents;
        boolean reading;
        boolean finished;

        ShardState(Shard shard) {
            this.id = shard.shardId();
            List<String> ids = new ArrayList<>(2);
            if (shard.parentShardId() != null) {
                ids.add(shard.parentShardId());
            }
            if (shard.adjacentParentShardId() != null) {
                ids.add(shard.adjacentParentShardId());
            }
            this.parents = List.copyOf(ids);
        }
    }

    /** Doubles from the first backoff to the longest; not thread-safe (one per loop). */
    private static final class Backoff {
        private long nextMillis = FIRST_BACKOFF_MILLIS;

        Duration next() {
            Duration now = Duration.ofMillis(nextMillis);
            nextMillis = Math.min(nextMillis * 2, MAX_BACKOFF_MILLIS);
            return now;
        }

        void reset() {
            nextMillis = FIRST_BACKOFF_MILLIS;
        }
    }
}
