package io.sportsfeeds.adapters.aws;

import static io.sportsfeeds.adapters.aws.KinesisChangeStream.QUEUE_CAPACITY;
import static io.sportsfeeds.adapters.aws.KinesisChangeStream.STOP_WAIT_MILLIS;

import io.sportsfeeds.adapters.aws.ShardReaders.Position;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.port.ChangeStream.BatchHandler;
import io.sportsfeeds.core.port.DoublingBackoff;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * What one {@link KinesisChangeStream#follow} runs: a reader thread per shard being read, started
 * at the end of the open shards and, after a split or merge, at the start of each child once all its
 * parents are read; and one {@link ChangeDispatcher} thread. Closing stops and joins them all.
 */
final class KinesisSubscription {
    // Logged under the adapter's name, the one operators configure for it.
    private static final System.Logger LOG = System.getLogger(KinesisChangeStream.class.getName());

    private final KinesisShards kinesis;
    private final BatchHandler handler;
    private final LinkedBlockingQueue<List<CapturedChange>> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final ShardReaders readers;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    /** Every shard seen, by id; guarded by {@code this}. */
    private final Map<String, ShardState> shards = new HashMap<>();

    private volatile boolean closed;
    private Thread dispatcher;

    /** @param startedAt now, by the stream's clock: see {@link ShardReaders} */
    KinesisSubscription(
            KinesisShards kinesis,
            ChangeRecordDecoder decoder,
            Duration pollInterval,
            Instant startedAt,
            BatchHandler handler) {
        this.kinesis = kinesis;
        this.handler = handler;
        this.readers = new ShardReaders(kinesis, decoder, queue, pollInterval, startedAt, () -> closed);
    }

    /**
     * Takes a {@code LATEST} iterator of every open shard, then starts the dispatcher and a reader
     * per open shard.
     *
     * @throws StoreUnavailableException when the stream cannot be listed or read (nothing is left running)
     */
    void start() {
        Map<String, String> latest = new HashMap<>();
        List<Shard> listed;
        try {
            listed = kinesis.list();
            for (Shard shard : listed) {
                if (KinesisShards.isOpen(shard)) {
                    latest.put(
                            shard.shardId(), kinesis.iterator(shard.shardId(), ShardIteratorType.LATEST, null, null));
                }
            }
        } catch (ResourceNotFoundException e) {
            throw new StoreUnavailableException(
                    "cannot follow the Kinesis stream " + kinesis.stream() + ": it does not exist", e);
        } catch (SdkException e) {
            throw new StoreUnavailableException(
                    "cannot follow the Kinesis stream " + kinesis.stream() + ": " + e.getMessage(), e);
        }
        synchronized (this) {
            for (Shard shard : listed) {
                ShardState state = new ShardState(shard);
                shards.put(shard.shardId(), state);
                // A shard closed before now holds nothing written after now: it counts as read.
                state.finished = !latest.containsKey(shard.shardId());
            }
            dispatcher = Thread.ofPlatform()
                    .name("sportsfeeds-kinesis-dispatch-" + kinesis.stream())
                    .daemon(true)
                    .unstarted(new ChangeDispatcher(queue, handler, () -> closed));
            threads.add(dispatcher);
            dispatcher.start();
            latest.forEach((shardId, iterator) -> startReader(shards.get(shardId), iterator, Position.LATEST));
        }
        LOG.log(
                System.Logger.Level.INFO,
                "following Kinesis stream " + kinesis.stream() + " from its end: shards " + latest.keySet());
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

    /** Called holding {@code this}. */
    private void startReader(ShardState shard, String iterator, Position from) {
        if (closed) {
            return;
        }
        shard.reading = true;
        Thread reader = Thread.ofPlatform()
                .name("sportsfeeds-kinesis-" + kinesis.stream() + "-" + shard.id)
                .daemon(true)
                .unstarted(() -> readers.read(shard.id, iterator, from, () -> shardEnded(shard)));
        threads.add(reader);
        reader.start();
    }

    /** Marks the shard read and starts every child whose parents are all read now. */
    private void shardEnded(ShardState ended) {
        synchronized (this) {
            ended.finished = true;
        }
        DoublingBackoff backoff = KinesisChangeStream.newBackoff();
        while (!closed) {
            List<Shard> listed;
            try {
                listed = kinesis.list();
            } catch (RuntimeException e) {
                if (closed
                        || !readers.pause(backoff.next(), ended.id, "failed to list the shards after the end of", e)) {
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
                                "reading " + shard.id + " of " + kinesis.stream() + " from its start: its parents "
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
}
