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
        if (!within(timeout, Duration.ofNanos(POLL_NANOS), condition)) {
            throw new AssertionError("still not so after " + timeout + ": " + state.get());
        }
    }

    /**
     * Asks {@code condition} every {@code poll} until it holds or {@code timeout} passes, and answers
     * whether it held: for waits whose caller says itself what a timeout means (a process that never
     * started serving, say). A condition that costs a request is asked less often than every 2 ms.
     */
    public static boolean within(Duration timeout, Duration poll, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(poll.toNanos());
        }
        return true;
    }
}
