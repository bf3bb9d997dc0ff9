package io.sportsfeeds.core.fakes;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, for tests of what happens on other threads. */
public final class Await {
    private static final long POLL_NANOS = Duration.ofMillis(2).toNanos();

    private Await() {}

    /**
     * Returns once {@code condition} holds; fails with {@code state}'s description when it still
     * does not after {@code timeout}.
     */
    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("still not so after " + timeout + ": " + state.get());
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
