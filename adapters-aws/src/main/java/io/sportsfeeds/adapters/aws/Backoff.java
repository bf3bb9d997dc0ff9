package io.sportsfeeds.adapters.aws;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how long the stores retry what DynamoDB asks them to retry (throttling, server
 * errors, unprocessed batch items, broken connections), on top of the SDK client's own retries.
 * Exponential with full jitter, so writers throttled together do not come back together.
 *
 * @param attempts tries in all, the first included
 * @param base the longest wait before the second try
 * @param cap the longest wait before any try
 */
record Backoff(int attempts, Duration base, Duration cap) {
    /** Eight tries over about 6 s at most: well inside an API Gateway request's 29 s. */
    static final Backoff STANDARD = new Backoff(8, Duration.ofMillis(50), Duration.ofSeconds(2));

    Backoff {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
        if (base.isNegative() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 <= base <= cap, was base " + base + ", cap " + cap);
        }
    }

    /** Waits before try {@code attempt} (2 is the first retry). */
    void pause(int attempt) throws InterruptedException {
        int doublings = Math.min(Math.max(attempt - 2, 0), 62);
        long ceiling = base.toNanos() > (cap.toNanos() >> doublings) ? cap.toNanos() : base.toNanos() << doublings;
        if (ceiling > 0) {
            Thread.sleep(Duration.ofNanos(ThreadLocalRandom.current().nextLong(ceiling + 1)));
        }
    }
}
