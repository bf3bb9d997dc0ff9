package io.sportsfeeds.adapters.aws;

import static io.sportsfeeds.adapters.aws.KinesisChangeStream.CLOCK_MARGIN_SECONDS;
import static io.sportsfeeds.adapters.aws.KinesisChangeStream.RECORDS_PER_READ;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.port.DoublingBackoff;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * How the shards of one {@link KinesisSubscription} are read: each shard on a thread of its own,
 * polled with {@code GetRecords} to its end or until the subscription closes, its records decoded
 * and queued for the dispatcher. Iterators that expire or lose their position are renewed, and
 * every other failure is retried, as the {@link KinesisChangeStream} documentation says.
 */
final class ShardReaders {
    // Logged under the adapter's name, the one operators configure for it.
    private static final System.Logger LOG = System.getLogger(KinesisChangeStream.class.getName());

    /** Where a shard with nothing read yet is read from. */
    enum Position {
        /** The end of the shard when the subscription started. */
        LATEST,
        /** The shard's first record. */
        TRIM_HORIZON
    }

    private final KinesisShards shards;
    private final ChangeRecordDecoder decoder;
    private final BlockingQueue<List<CapturedChange>> queue;
    private final Duration pollInterval;
    private final Instant startedAt;
    private final BooleanSupplier closed;

    /**
     * @param queue where decoded changes go; {@code put} blocks while it is full
     * @param startedAt when the subscription started, for renewing a {@link Position#LATEST} iterator
     * @param closed true once the subscription closed: every read and retry stops
     */
    ShardReaders(
            KinesisShards shards,
            ChangeRecordDecoder decoder,
            BlockingQueue<List<CapturedChange>> queue,
            Duration pollInterval,
            Instant startedAt,
            BooleanSupplier closed) {
        this.shards = shards;
        this.decoder = decoder;
        this.queue = queue;
        this.pollInterval = pollInterval;
        this.startedAt = startedAt;
        this.closed = closed;
    }

    /**
     * Reads {@code shardId} until its end, then runs {@code atEnd}; returns early when the
     * subscription closes or the thread is interrupted.
     *
     * @param firstIterator where to start, or null to take an iterator at {@code from}
     */
    void read(String shardId, String firstIterator, Position from, Runnable atEnd) {
        DoublingBackoff backoff = KinesisChangeStream.newBackoff();
        String iterator = firstIterator;
        String lastRead = null;
        Instant lastReadArrived = null;
        boolean positionLost = false;
        while (!closed.getAsBoolean()) {
            try {
                if (iterator == null) {
                    iterator = positionLost && lastReadArrived != null
                            ? shards.iterator(
                                    shardId,
                                    ShardIteratorType.AT_TIMESTAMP,
                                    null,
                                    lastReadArrived.minusSeconds(CLOCK_MARGIN_SECONDS))
                            : renewedIterator(shardId, lastRead, from);
                    positionLost = false;
                }
                GetRecordsResponse response = shards.records(iterator, RECORDS_PER_READ);
                backoff.reset();
                List<Record> records = response.records();
                if (!records.isEmpty()) {
                    List<CapturedChange> changes = decode(shardId, records);
                    if (!changes.isEmpty()) {
                        queue.put(changes);
                    }
                    lastRead = records.getLast().sequenceNumber();
                    lastReadArrived = records.getLast().approximateArrivalTimestamp();
                }
                iterator = response.nextShardIterator();
                if (iterator == null) {
                    atEnd.run();
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
                        "the iterator of " + shardId + " expired; renewing it after "
                                + (lastRead == null ? "the start" : lastRead));
                iterator = null;
            } catch (ProvisionedThroughputExceededException e) {
                if (!pause(backoff.next(), shardId, "throttled", e)) {
                    return;
                }
            } catch (InvalidArgumentException e) {
                // The iterator's position is gone ("Record for provided SequenceNumber not found": a stream
                // emulator restarted without its last records). Retrying it would fail forever: take a new
                // iterator at the time of the last record read, less the margin (repeats are dropped by the
                // publisher, and it fills a gap from the store).
                iterator = null;
                positionLost = true;
                if (closed.getAsBoolean() || !pause(backoff.next(), shardId, "lost its position in", e)) {
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
                if (closed.getAsBoolean() || !pause(backoff.next(), shardId, "failed to read", e)) {
                    return;
                }
            }
        }
    }

    private String renewedIterator(String shardId, String lastRead, Position from) {
        if (lastRead != null) {
            return shards.iterator(shardId, ShardIteratorType.AFTER_SEQUENCE_NUMBER, lastRead, null);
        }
        return switch (from) {
            case TRIM_HORIZON -> shards.iterator(shardId, ShardIteratorType.TRIM_HORIZON, null, null);
            case LATEST ->
                shards.iterator(
                        shardId, ShardIteratorType.AT_TIMESTAMP, null, startedAt.minusSeconds(CLOCK_MARGIN_SECONDS));
        };
    }

    private List<CapturedChange> decode(String shardId, List<Record> records) {
        List<CapturedChange> changes = new ArrayList<>(records.size());
        for (Record record : records) {
            switch (decoder.decode(record.sequenceNumber(), record.data().asByteBuffer())) {
                case ChangeRecordDecoder.Decoded decoded -> changes.add(decoded.change());
                // A server reading the stream cuts off deactivated clients by checking those it holds (its sweep).
                case ChangeRecordDecoder.ClientChanged client ->
                    LOG.log(
                            System.Logger.Level.DEBUG,
                            () -> "ignoring record " + client.sequenceNumber() + " of " + shardId + ": client "
                                    + client.clientId() + " changed");
                case ChangeRecordDecoder.Ignored ignored ->
                    LOG.log(
                            System.Logger.Level.DEBUG,
                            () -> "ignoring record " + ignored.sequenceNumber() + " of " + shardId + ": "
                                    + ignored.reason());
                case ChangeRecordDecoder.Malformed malformed ->
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "skipping malformed change record " + malformed.sequenceNumber() + " of " + shards.stream()
                                    + "/" + shardId + ": " + malformed.reason());
            }
        }
        return changes;
    }

    /** Sleeps before a retry, logging why; false when the subscription closed meanwhile. */
    boolean pause(Duration backoff, String shardId, String what, RuntimeException cause) {
        LOG.log(
                System.Logger.Level.WARNING,
                "Kinesis " + what + " " + shards.stream() + "/" + shardId + " (" + cause.getMessage()
                        + "); retrying in " + backoff.toMillis() + " ms");
        try {
            Thread.sleep(backoff);
            return !closed.getAsBoolean();
        } catch (InterruptedException e) {
            return false;
        }
    }
}
