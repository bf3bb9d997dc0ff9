package io.sportsfeeds.adapters.local;

import static io.sportsfeeds.core.fakes.Updates.uniqueGameId;
import static io.sportsfeeds.core.fakes.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.port.ChangeCursor;
import io.sportsfeeds.core.port.ChangeSource;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the contract test cannot provoke in every source: failing listeners and an interrupted close. */
class EmbeddedChangeSourceTest {
  private static final long DATE = 1_764_617_400L;

  @TempDir Path dataDir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T19:31:00Z"));

  @Test
  void keepsDeliveringToTheOthers_whenAListenerThrowsAnError() throws InterruptedException {
    String game = uniqueGameId();
    try (EmbeddedStorage storage = TestStores.open(dataDir, clock)) {
      LinkedBlockingQueue<CapturedChange> healthy = new LinkedBlockingQueue<>();
      storage.changeSource().subscribe(ChangeCursor.live(), healthy::addAll);
      AtomicBoolean thrown = new AtomicBoolean();
      storage
          .changeSource()
          .subscribe(
              ChangeCursor.live(),
              changes -> {
                if (thrown.compareAndSet(false, true)) {
                  throw new AssertionError("a listener bug");
                }
              });

      storage.feedStore().append(List.of(update(game, "spread", -110, DATE)));
      storage.feedStore().append(List.of(update(game, "spread", -111, DATE + 1)));

      assertThat(healthy.poll(5, TimeUnit.SECONDS)).extracting(CapturedChange::seq).isEqualTo(1L);
      assertThat(healthy.poll(5, TimeUnit.SECONDS)).extracting(CapturedChange::seq).isEqualTo(2L);
      assertThat(thrown).isTrue();
    }
  }

  @Test
  void keepsTheSubscription_whenItsListenerThrowsDuringTheReplay() throws InterruptedException {
    String game = uniqueGameId();
    try (EmbeddedStorage storage = TestStores.open(dataDir, clock)) {
      storage.feedStore().append(List.of(update(game, "spread", -110, DATE)));
      LinkedBlockingQueue<CapturedChange> delivered = new LinkedBlockingQueue<>();
      AtomicInteger calls = new AtomicInteger();

      try (ChangeSource.Subscription subscription =
          storage
              .changeSource()
              .subscribe(
                  ChangeCursor.after(Map.of(game, 0L)),
                  changes -> {
                    if (calls.getAndIncrement() == 0) {
                      throw new IllegalStateException("a listener bug");
                    }
                    delivered.addAll(changes);
                  })) {
        storage.feedStore().append(List.of(update(game, "spread", -111, DATE + 1)));

        assertThat(delivered.poll(5, TimeUnit.SECONDS)).extracting(CapturedChange::seq).isEqualTo(2L);
      }
    }
  }

  @Test
  void leavesNoThreadBehind_whenClosedOnAnInterruptedThread() throws InterruptedException {
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    EmbeddedStorage storage = TestStores.open(dataDir, clock);
    List<Thread> started =
        Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> !before.contains(thread) && thread.getName().startsWith("sportsfeeds-"))
            .toList();
    assertThat(started).isNotEmpty();

    Thread.currentThread().interrupt();
    try {
      storage.close();
    } finally {
      assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
    }

    for (Thread thread : started) {
      thread.join(5_000);
    }
    assertThat(started).noneMatch(Thread::isAlive);
  }

  @Test
  void refusesNewSubscriptions_onceClosed() {
    EmbeddedStorage storage = TestStores.open(dataDir, clock);
    storage.close();

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> storage.changeSource().subscribe(ChangeCursor.live(), changes -> {}))
        .isInstanceOf(StoreUnavailableException.class);
  }
}
