package io.sportsfeeds.adapters.aws;

import static io.sportsfeeds.adapters.aws.KinesisChangeStream.FIRST_BACKOFF_MILLIS;
import static io.sportsfeeds.adapters.aws.KinesisChangeStream.MAX_BACKOFF_MILLIS;

import java.time.Duration;

/**
 * The pause before the next retry of a Kinesis stream's reader or dispatcher, which retry for as
 * long as the subscription lasts (unlike {@link Backoff}, which gives up after a number of tries).
 * Doubles from the first backoff to the longest; not thread-safe (one per loop).
 */
final class DoublingBackoff {
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
