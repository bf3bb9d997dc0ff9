package io.sportsfeeds.core.contract;

import static io.sportsfeeds.core.fakes.Updates.uniqueGameId;
import static io.sportsfeeds.core.fakes.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.port.ChangeCursor;
import io.sportsfeeds.core.port.ChangeListener;
import io.sportsfeeds.core.port.ChangeSource;
import io.sportsfeeds.core.port.FeedStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ChangeSource} does with the changes of the feed store it captures. An
 * adapter's test extends this and supplies a connected pair.
 */
public abstract class ChangeSourceContract {
  private static final Duration WAIT = Duration.ofSeconds(10);

  protected final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T19:31:00Z"));

  /** A feed store and the change source that captures its commits. */
  public record Pair(FeedStore store, ChangeSource source) {}

  protected abstract Pair newPair(MutableClock clock);

  private Pair pair;
  private final List<ChangeSource.Subscription> subscriptions = new ArrayList<>();

  @BeforeEach
  void createPair() {
    pair = newPair(clock);
  }

  @AfterEach
  void closeSubscriptions() {
    subscriptions.forEach(ChangeSource.Subscription::close);
  }

  @Test
  void deliversEveryNewChangeInSequenceOrder_toALiveSubscriber() throws Exception {
    String game = uniqueGameId();
    Recorder recorder = subscribe(ChangeCursor.live());

    pair.store().append(List.of(update(game, "spread", -110, 1_764_617_400L), update(game, "total", 200, 1_764_617_401L)));
    pair.store().append(List.of(update(game, "spread", -115, 1_764_617_402L)));

    assertThat(recorder.awaitSeqs(game, 3)).containsExactly(1L, 2L, 3L);
  }

  @Test
  void deliversNothing_forADuplicate() throws Exception {
    String game = uniqueGameId();
    Recorder recorder = subscribe(ChangeCursor.live());

    pair.store().append(List.of(update(game, "spread", -110, 1_764_617_400L)));
    pair.store().append(List.of(update(game, "spread", -110, 1_764_617_400L), update(game, "spread", -111, 1_764_617_401L)));

    assertThat(recorder.awaitSeqs(game, 2)).containsExactly(1L, 2L);
    assertThat(recorder.changes.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void replaysWhatTheCursorMissed_thenDeliversLiveChanges_withoutGapOrRepeat() throws Exception {
    String game = uniqueGameId();
    pair.store().append(IntStream.range(0, 5).mapToObj(i -> update(game, "spread", -100 - i, 1_764_617_400L + i)).toList());

    Recorder recorder = subscribe(ChangeCursor.after(Map.of(game, 2L)));
    pair.store().append(List.of(update(game, "spread", -120, 1_764_617_410L)));

    assertThat(recorder.awaitSeqs(game, 4)).containsExactly(3L, 4L, 5L, 6L);
    assertThat(recorder.changes.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void handsOverFromReplayToLive_withoutGapOrRepeat_whileAppendsGoOn() throws Exception {
    String game = uniqueGameId();
    pair.store().append(IntStream.range(0, 200).mapToObj(i -> update(game, "spread", -100 - i, 1_764_617_400L + i)).toList());
    Thread appender =
        Thread.ofPlatform()
            .start(
                () -> {
                  for (int i = 0; i < 100; i++) {
                    pair.store().append(List.of(update(game, "total", i, 1_764_617_700L + i)));
                  }
                });

    Recorder recorder = subscribe(ChangeCursor.after(Map.of(game, 10L)));
    appender.join(WAIT.toMillis());

    assertThat(recorder.awaitSeqs(game, 290)).containsExactlyElementsOf(LongStream.rangeClosed(11, 300).boxed().toList());
    assertThat(recorder.changes.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void deliversTheStoredUpdate_withItsStoreTime() throws Exception {
    String game = uniqueGameId();
    Recorder recorder = subscribe(ChangeCursor.live());

    pair.store().append(List.of(update(game, "spread", -110, 1_764_617_400L)));

    CapturedChange change = recorder.changes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(change).isNotNull();
    assertThat(change.update()).isEqualTo(update(game, "spread", -110, 1_764_617_400L));
    assertThat(change.storedAt()).isEqualTo(clock.instant());
  }

  @Test
  void stopsDelivering_whenTheSubscriptionIsClosed() throws Exception {
    String game = uniqueGameId();
    Recorder recorder = subscribe(ChangeCursor.live());
    pair.store().append(List.of(update(game, "spread", -110, 1_764_617_400L)));
    assertThat(recorder.awaitSeqs(game, 1)).containsExactly(1L);

    subscriptions.getLast().close();
    pair.store().append(List.of(update(game, "spread", -111, 1_764_617_401L)));

    assertThat(recorder.changes.poll(300, TimeUnit.MILLISECONDS)).isNull();
  }

  private Recorder subscribe(ChangeCursor cursor) {
    Recorder recorder = new Recorder();
    subscriptions.add(pair.source().subscribe(cursor, recorder));
    return recorder;
  }

  /** Collects what a subscription delivers, for a test thread to wait on. */
  private static final class Recorder implements ChangeListener {
    final java.util.concurrent.BlockingQueue<CapturedChange> changes = new java.util.concurrent.LinkedBlockingQueue<>();

    @Override
    public void onChanges(List<CapturedChange> delivered) {
      changes.addAll(delivered);
    }

    List<Long> awaitSeqs(String game, int count) throws InterruptedException {
      List<Long> seqs = new ArrayList<>();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (seqs.size() < count) {
        CapturedChange next = changes.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (next == null) {
          break;
        }
        if (next.gameId().equals(game)) {
          seqs.add(next.seq());
        }
      }
      return seqs;
    }
  }
}
