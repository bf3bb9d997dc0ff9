package io.sportsfeeds.adapters.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.fakes.Await;
import io.sportsfeeds.core.fakes.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;

/** Random concurrent appends with overlapping identities, random injected commit failures, several followers of the tail. */
@Timeout(120)
class StoreInvariantsStressTest {
  @TempDir Path dataDir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T19:31:00Z"));

  record Acked(String game, long seq, String identity) {}

  @RepeatedTest(5)
  void keepsSeqsDedupeAcksAndStreamsConsistent_underConcurrentAppendsFailuresAndSeveralFollowers() throws Exception {
    List<String> games = List.of("g-a", "g-b", "g-c");
    GroupCommitWriter.Committer flaky = (db, w, b) -> {
      if (ThreadLocalRandom.current().nextInt(20) == 0) {
        throw new RocksDBException("injected");
      }
      GroupCommitWriter.Committer.SYNCED.commit(db, w, b);
    };
    ConcurrentLinkedQueue<Acked> acks = new ConcurrentLinkedQueue<>();
    List<LinkedBlockingQueue<CapturedChange>> streams = new ArrayList<>();
    try (EmbeddedStorage storage = EmbeddedStorage.open(dataDir, clock, flaky);
        ExecutorService pool = Executors.newFixedThreadPool(10)) {
      for (int s = 0; s < 3; s++) {
        LinkedBlockingQueue<CapturedChange> follower = new LinkedBlockingQueue<>();
        storage.changeStream().follow(Tails.into(follower));
        streams.add(follower);
      }
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(pool.submit(() -> {
          ThreadLocalRandom r = ThreadLocalRandom.current();
          for (int b = 0; b < 150; b++) {
            List<OddsUpdate> batch = new ArrayList<>();
            int n = 1 + r.nextInt(8);
            for (int i = 0; i < n; i++) {
              String game = games.get(r.nextInt(games.size()));
              int k = r.nextInt(400); // small identity space: many duplicates across threads and groups
              batch.add(r.nextBoolean()
                  ? new OddsUpdate(game, "spread", 1, -1, -100 - k, -110, 1_764_617_400L + k, true, null, null, null)
                  : new OddsUpdate(game, "total", 1, -1, -100, -110, 1_764_617_400L, true, null, null, "p" + k));
            }
            try {
              List<AppendOutcome> out = storage.oddsStore().append(batch);
              for (int i = 0; i < n; i++) {
                acks.add(new Acked(out.get(i).gameId(), out.get(i).seq(), batch.get(i).identity()));
              }
            } catch (StoreUnavailableException expected) {
              // An injected failure: nothing of this append was acknowledged, which the checks below rely on.
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      Map<String, List<CapturedChange>> stored = new HashMap<>();
      for (String game : games) {
        List<CapturedChange> h = storage.oddsStore().changesAfter(game, 0, Integer.MAX_VALUE);
        stored.put(game, h);
        assertThat(h).extracting(CapturedChange::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, h.size()).boxed().toList());
        assertThat(h.stream().map(c -> c.update().identity()).distinct().count()).as("identities stored once in %s", game).isEqualTo(h.size());
      }
      for (Acked a : acks) {
        assertThat(stored.get(a.game()).get((int) a.seq() - 1).update().identity()).as("%s", a).isEqualTo(a.identity());
      }
      int storedInAll = stored.values().stream().mapToInt(List::size).sum();
      // The tail hands changes over asynchronously.
      Await.until(
          Duration.ofSeconds(30),
          () -> streams.stream().allMatch(stream -> stream.size() >= storedInAll),
          () -> "followers hold " + streams.stream().map(LinkedBlockingQueue::size).toList() + " of " + storedInAll + " changes");
      for (int s = 0; s < streams.size(); s++) {
        List<CapturedChange> got = new ArrayList<>();
        streams.get(s).drainTo(got);
        for (String game : games) {
          List<Long> seqs = got.stream().filter(c -> c.gameId().equals(game)).map(CapturedChange::seq).toList();
          assertThat(seqs).as("stream %d of %s", s, game).containsExactlyElementsOf(LongStream.rangeClosed(1, stored.get(game).size()).boxed().toList());
        }
      }
    }
    try (EmbeddedStorage reopened = EmbeddedStorage.open(dataDir, clock)) {
      for (String game : games) {
        long size = reopened.oddsStore().changesAfter(game, 0, Integer.MAX_VALUE).size();
        OddsUpdate fresh = new OddsUpdate(game, "x", 0, 0, 1, 1, 1_764_617_400L, true, null, null, "fresh-" + game);
        assertThat(reopened.oddsStore().append(List.of(fresh))).containsExactly(new AppendOutcome(game, size + 1, false));
      }
    }
  }
}
