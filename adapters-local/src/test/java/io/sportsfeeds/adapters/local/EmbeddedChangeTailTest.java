package io.sportsfeeds.adapters.local;

import static io.sportsfeeds.core.fakes.Updates.uniqueGameId;
import static io.sportsfeeds.core.fakes.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.fakes.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedChangeTailTest {
    private static final long DATE = 1_764_617_400L;

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T19:31:00Z"));

    @Test
    void keepsHandingOverToTheOthers_whenAFollowerThrowsAnError() throws InterruptedException {
        String game = uniqueGameId();
        try (EmbeddedStorage storage = TestStores.open(dataDir, clock)) {
            LinkedBlockingQueue<CapturedChange> healthy = new LinkedBlockingQueue<>();
            storage.changeStream().follow(Tails.into(healthy));
            AtomicBoolean thrown = new AtomicBoolean();
            storage.changeStream().follow(batch -> {
                if (thrown.compareAndSet(false, true)) {
                    throw new AssertionError("a follower bug");
                }
                return List.of();
            });

            storage.oddsStore().append(List.of(update(game, "spread", -110, DATE)));
            storage.oddsStore().append(List.of(update(game, "spread", -111, DATE + 1)));

            assertThat(healthy.poll(5, TimeUnit.SECONDS))
                    .extracting(CapturedChange::seq)
                    .isEqualTo(1L);
            assertThat(healthy.poll(5, TimeUnit.SECONDS))
                    .extracting(CapturedChange::seq)
                    .isEqualTo(2L);
            assertThat(thrown).isTrue();
        }
    }

    @Test
    void handsOverAgain_whatAFollowerAnsweredForRetry_beforeNewerChanges() throws InterruptedException {
        String game = uniqueGameId();
        try (EmbeddedStorage storage = TestStores.open(dataDir, clock)) {
            List<List<Long>> batches = new CopyOnWriteArrayList<>();
            AtomicInteger calls = new AtomicInteger();
            LinkedBlockingQueue<CapturedChange> accepted = new LinkedBlockingQueue<>();
            storage.changeStream().follow(batch -> {
                batches.add(batch.stream().map(CapturedChange::seq).toList());
                if (calls.getAndIncrement() == 0) {
                    return batch;
                }
                accepted.addAll(batch);
                return List.of();
            });

            storage.oddsStore().append(List.of(update(game, "spread", -110, DATE)));
            assertThat(accepted.poll(5, TimeUnit.SECONDS))
                    .extracting(CapturedChange::seq)
                    .isEqualTo(1L);

            assertThat(batches.get(0)).containsExactly(1L);
            assertThat(batches.get(1)).startsWith(1L);
        }
    }

    @Test
    void leavesNoThreadBehind_whenClosedOnAnInterruptedThread() throws InterruptedException {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        EmbeddedStorage storage = TestStores.open(dataDir, clock);
        List<Thread> started = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread) && thread.getName().startsWith("sportsfeeds-"))
                .toList();
        assertThat(started).isNotEmpty();

        Thread.currentThread().interrupt();
        try {
            storage.close();
        } finally {
            assertThat(Thread.interrupted())
                    .as("the interrupt is kept for the caller")
                    .isTrue();
        }

        for (Thread thread : started) {
            thread.join(5_000);
        }
        assertThat(started).noneMatch(Thread::isAlive);
    }

    @Test
    void refusesNewFollowers_onceClosed() {
        EmbeddedStorage storage = TestStores.open(dataDir, clock);
        storage.close();

        assertThatThrownBy(() -> storage.changeStream().follow(batch -> List.of()))
                .isInstanceOf(StoreUnavailableException.class);
    }
}
