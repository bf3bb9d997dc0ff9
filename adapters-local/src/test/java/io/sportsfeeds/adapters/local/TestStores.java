package io.sportsfeeds.adapters.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.port.OddsStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.rocksdb.WriteBatch;

/** Opening stores whose disk a test controls, and what a provider does when the store refuses. */
final class TestStores {
    /** Probes soon after a failure and often, so that tests wait milliseconds, not seconds. */
    static final Outage.Backoff FAST_PROBES = new Outage.Backoff(Duration.ofMillis(5), Duration.ofMillis(40));

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    /**
     * Long enough that nothing a test appends expires: tests date their odds in 2025 and set their
     * clocks to 2026. Tests of expiry choose their own.
     */
    static final Duration RETENTION = Duration.ofDays(3650);

    private TestStores() {}

    static EmbeddedStorage open(Path dataDir, Clock clock) {
        return EmbeddedStorage.open(dataDir, clock, RETENTION);
    }

    static EmbeddedStorage open(Path dataDir, Clock clock, GroupCommitWriter.Committer committer) {
        return open(
                dataDir,
                clock,
                new GroupCommitWriter.Settings(committer, FAST_PROBES, EmbeddedStorage.MAX_CACHED_GAMES));
    }

    static EmbeddedStorage open(Path dataDir, Clock clock, GroupCommitWriter.Settings settings) {
        return EmbeddedStorage.open(dataDir, clock, RETENTION, settings, EmbeddedStorage.SWEEP_INTERVAL);
    }

    /** Whether the writer's committer was handed a probe write (a lone tombstone) rather than a group. */
    static boolean isProbe(WriteBatch batch) {
        return !batch.hasPut() && batch.hasDelete();
    }

    /**
     * Appends again while the store refuses saying a retry is safe, as a provider would, until it
     * is accepted or the deadline passes.
     */
    static List<AppendOutcome> appendUntilAccepted(OddsStore store, List<OddsUpdate> updates) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            try {
                return store.append(updates);
            } catch (StoreUnavailableException refused) {
                assertThat(refused).hasMessageContaining("a retry is safe");
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the store still refused appends after " + DEADLINE, refused);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
        }
    }

    /** Waits until {@code condition} holds, failing with {@code what} after the deadline. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + DEADLINE + ": " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    /**
     * Checks that an append stays blocked while the commit before it is held. Nothing signals that
     * its thread reached the writer's queue, so this watches it for a while (a negative check has
     * no event to await): it must not return in that time.
     */
    static void staysQueued(java.util.concurrent.Future<?> append) {
        long deadline = System.nanoTime() + Duration.ofMillis(300).toNanos();
        while (System.nanoTime() < deadline && !append.isDone()) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        assertThat(append.isDone())
                .as("append returned while the commit before it was held")
                .isFalse();
    }
}
