package io.sportsfeeds.core.port;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.port.ChangeStream.BatchHandler;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The follower of a {@link ChangeStream} as an adapter's delivery loop drives it: hands a batch to
 * the handler, answers which changes to hand over again, and when. A handler that throws loses
 * nothing: its whole batch is answered for retry, as if it had reported every change failed. The
 * retry is due after a {@link DoublingBackoff}: it doubles, up to a longest one, with each batch
 * that leaves changes to retry, and starts again from the first once a batch leaves none.
 *
 * <p>Which changes go into the next batch (retries first, how many new ones, what to let go) is
 * the adapter's. Not thread-safe: one per delivery loop.
 */
public final class RetryingFollower {
    private final BatchHandler handler;
    private final DoublingBackoff backoff;
    private final LongSupplier nanoTime;
    private final System.Logger log;
    private boolean retrying;
    private long retryAtNanos;

    /**
     * @param firstBackoff the pause before the first retry
     * @param maxBackoff the longest pause, however many retries failed in a row
     * @param nanoTime the time for the backoff, as {@link System#nanoTime()} reads it
     * @param log where a handler that throws is reported, under the adapter's name
     */
    public RetryingFollower(
            BatchHandler handler,
            Duration firstBackoff,
            Duration maxBackoff,
            LongSupplier nanoTime,
            System.Logger log) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.backoff = new DoublingBackoff(firstBackoff, maxBackoff);
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Hands a copy of the batch to the handler and answers the changes to hand over again: what the
     * handler answered, or the whole batch if it threw (or answered null). A
     * {@link VirtualMachineError} is not caught.
     */
    public List<CapturedChange> hand(List<CapturedChange> batch) {
        List<CapturedChange> handed = List.copyOf(batch);
        List<CapturedChange> again;
        try {
            again = List.copyOf(handler.handle(handed));
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable failure) {
            // The handler is the publisher, which reports failures rather than throwing them; one
            // that throws anyway is retried like a reported failure, not lost.
            log.log(
                    System.Logger.Level.ERROR,
                    "a change follower failed on " + handed.size() + " changes; retrying them",
                    failure);
            again = handed;
        }
        if (again.isEmpty()) {
            retrying = false;
            backoff.reset();
        } else {
            retrying = true;
            retryAtNanos = nanoTime.getAsLong() + backoff.next().toNanos();
        }
        return again;
    }

    /**
     * Nanoseconds until the changes the last batch left for retry are due: 0 once they are, {@link
     * Long#MAX_VALUE} if it left none (or nothing was handed yet).
     */
    public long nanosUntilRetry() {
        return retrying ? Math.max(0, retryAtNanos - nanoTime.getAsLong()) : Long.MAX_VALUE;
    }
}
