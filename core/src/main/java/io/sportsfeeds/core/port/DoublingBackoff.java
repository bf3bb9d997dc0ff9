package io.sportsfeeds.core.port;

import java.time.Duration;
import java.util.Objects;

/**
 * The pause before the next retry of a loop that retries for as long as it runs (a delivery loop,
 * a stream's reader): the first backoff, then twice the one before, never more than the longest,
 * and the first again after a {@link #reset()}. Not thread-safe: one per loop.
 */
public final class DoublingBackoff {
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private Duration next;

    /**
     * @param firstBackoff the pause before the first retry, and after a reset
     * @param maxBackoff the longest pause, however many retries failed in a row
     */
    public DoublingBackoff(Duration firstBackoff, Duration maxBackoff) {
        this.firstBackoff = Objects.requireNonNull(firstBackoff, "firstBackoff");
        this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (firstBackoff.isNegative() || firstBackoff.isZero()) {
            throw new IllegalArgumentException("firstBackoff must be positive, was " + firstBackoff);
        }
        if (maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException(
                    "maxBackoff must be at least firstBackoff (" + firstBackoff + "), was " + maxBackoff);
        }
        this.next = firstBackoff;
    }

    /** Answers the pause before this retry, and doubles the one before the next (up to the longest). */
    public Duration next() {
        Duration now = next;
        // Compared with half the longest rather than doubled first, so a long one cannot overflow.
        next = next.compareTo(maxBackoff.dividedBy(2)) > 0 ? maxBackoff : next.multipliedBy(2);
        return now;
    }

    /** Starts again from the first backoff: a retry succeeded. */
    public void reset() {
        next = firstBackoff;
    }
}
