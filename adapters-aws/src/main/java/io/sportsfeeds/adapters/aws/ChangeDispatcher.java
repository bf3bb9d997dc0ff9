package io.sportsfeeds.adapters.aws;

import static io.sportsfeeds.adapters.aws.KinesisChangeStream.FIRST_BACKOFF;
import static io.sportsfeeds.adapters.aws.KinesisChangeStream.MAX_BACKOFF;
import static io.sportsfeeds.adapters.aws.KinesisChangeStream.MAX_BATCH;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.port.ChangeStream.BatchHandler;
import io.sportsfeeds.core.port.RetryingFollower;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The one thread of a {@link KinesisSubscription} that hands the changes its shard readers queued
 * to the follower, one batch at a time: the changes the follower answered for retry first (after a
 * backoff that doubles), then as many queued ones as fit in {@value KinesisChangeStream#MAX_BATCH}.
 * While retries wait, nothing more is taken from the queue, so a full queue holds the readers back.
 */
final class ChangeDispatcher implements Runnable {
    // Logged under the adapter's name, the one operators configure for it.
    private static final System.Logger LOG = System.getLogger(KinesisChangeStream.class.getName());

    private final BlockingQueue<List<CapturedChange>> queue;
    private final BatchHandler handler;
    private final BooleanSupplier closed;

    /** @param closed true once the subscription closed: the loop ends after the batch in hand */
    ChangeDispatcher(BlockingQueue<List<CapturedChange>> queue, BatchHandler handler, BooleanSupplier closed) {
        this.queue = queue;
        this.handler = handler;
        this.closed = closed;
    }

    @Override
    public void run() {
        List<CapturedChange> retry = List.of();
        RetryingFollower follower = new RetryingFollower(handler, FIRST_BACKOFF, MAX_BACKOFF, System::nanoTime, LOG);
        try {
            while (!closed.getAsBoolean()) {
                List<CapturedChange> batch = new ArrayList<>(retry);
                if (!retry.isEmpty()) {
                    long waitNanos = follower.nanosUntilRetry();
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
                    continue;
                }
                retry = follower.hand(batch);
            }
        } catch (InterruptedException e) {
            // close() interrupts only after waiting in vain for the follower: stop.
        }
    }
}
