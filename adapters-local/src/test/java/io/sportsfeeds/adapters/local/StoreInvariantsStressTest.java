package io.sportsfeeds.adapters.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.fakes.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.LongStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;

/**
 * Random concurrent appends with overlapping identities, to more games than the writer keeps in
 * memory; random commit failures, some of them after the write reached the log (stored, yet not
 * acknowledged); failing probes; late subscribers. Seeded: a failure names its seed, and {@code -Dstress.seed=N} runs that one again
 * (thread interleavings still vary).
 */
@Timeout(120)
class StoreInvariantsStressTest {
    private static final List<String> GAMES = List.of("g-a", "g-b", "g-c");
    private static final int THREADS = 8;
    private static final int BATCHES_PER_THREAD = 150;

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T19:31:00Z"));

    record Acked(String game, long seq, String identity) {}

    @RepeatedTest(5)
    void keepsSeqsDedupeAcksAndStreamsConsistent_underConcurrentAppendsFailuresAndSeveralFollowers() throws Exception {
        long seed = Long.getLong("stress.seed", new Random().nextLong());
        try {
            run(seed);
        } catch (AssertionError | Exception e) {
            throw new AssertionError("failed with seed " + seed + " (run it again with -Dstress.seed=" + seed + ")", e);
        }
    }

    private void run(long seed) throws Exception {
        // Only the sync thread commits, so one Random serves the disk.
        Random disk = new Random(seed);
        GroupCommitWriter.Committer flaky = (db, w, b) -> {
            int roll = disk.nextInt(TestStores.isProbe(b) ? 4 : 40);
            if (roll == 0) {
                throw new RocksDBException("IO error: injected before the write");
            }
            GroupCommitWriter.Committer.SYNCED.commit(db, w, b);
            if (roll == 1) {
                throw new RocksDBException("IO error: injected after the write");
            }
        };
        ConcurrentLinkedQueue<Acked> acks = new ConcurrentLinkedQueue<>();
        List<LinkedBlockingQueue<CapturedChange>> streams = new ArrayList<>();
        // Fewer games kept in memory than appended to: heads are dropped and read again all along.
        GroupCommitWriter.Settings settings = new GroupCommitWriter.Settings(flaky, TestStores.FAST_PROBES, 2);
        try (EmbeddedStorage storage = TestStores.open(dataDir, clock, settings);
                ExecutorService pool = Executors.newFixedThreadPool(THREADS + 2)) {
            for (int s = 0; s < 3; s++) {
                LinkedBlockingQueue<CapturedChange> follower = new LinkedBlockingQueue<>();
                storage.changeStream().follow(Tails.into(follower));
                streams.add(follower);
            }
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Random random = new Random(seed + t + 1);
                futures.add(pool.submit(() -> appendRandomBatches(storage, random, acks)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            // The last failure may still have its outage running: one more append waits it out.
            for (String game : GAMES) {
                OddsUpdate last =
                        new OddsUpdate(game, "last", 0, 0, 1, 1, 1_764_617_400L, true, null, null, "last-" + game);
                AppendOutcome outcome = TestStores.appendUntilAccepted(storage.oddsStore(), List.of(last))
                        .getFirst();
                acks.add(new Acked(game, outcome.seq(), last.identity()));
            }

            Map<String, List<CapturedChange>> stored = new HashMap<>();
            for (String game : GAMES) {
                List<CapturedChange> h = storage.oddsStore().changesAfter(game, 0, Integer.MAX_VALUE);
                stored.put(game, h);
                assertThat(h)
                        .extracting(CapturedChange::seq)
                        .containsExactlyElementsOf(
                                LongStream.rangeClosed(1, h.size()).boxed().toList());
                assertThat(h.stream().map(c -> c.update().identity()).distinct().count())
                        .as("identities stored once in %s", game)
                        .isEqualTo(h.size());
            }
            for (Acked a : acks) {
                assertThat(stored.get(a.game()).get((int) a.seq() - 1).update().identity())
                        .as("%s", a)
                        .isEqualTo(a.identity());
            }
            int storedInAll = stored.values().stream().mapToInt(List::size).sum();
            TestStores.await(
                    "every stream delivered " + storedInAll + " changes",
                    () -> streams.stream().allMatch(stream -> stream.size() >= storedInAll));
            for (int s = 0; s < streams.size(); s++) {
                List<CapturedChange> got = new ArrayList<>();
                streams.get(s).drainTo(got);
                for (String game : GAMES) {
                    List<Long> seqs = got.stream()
                            .filter(c -> c.gameId().equals(game))
                            .map(CapturedChange::seq)
                            .toList();
                    assertThat(seqs)
                            .as("stream %d of %s", s, game)
                            .containsExactlyElementsOf(
                                    LongStream.rangeClosed(1, stored.get(game).size())
                                            .boxed()
                                            .toList());
                }
            }
        }
        try (EmbeddedStorage reopened = TestStores.open(dataDir, clock)) {
            for (String game : GAMES) {
                long size = reopened.oddsStore()
                        .changesAfter(game, 0, Integer.MAX_VALUE)
                        .size();
                OddsUpdate fresh =
                        new OddsUpdate(game, "x", 0, 0, 1, 1, 1_764_617_400L, true, null, null, "fresh-" + game);
                assertThat(reopened.oddsStore().append(List.of(fresh)))
                        .containsExactly(new AppendOutcome(game, size + 1, false));
            }
        }
    }

    private static Void appendRandomBatches(EmbeddedStorage storage, Random random, ConcurrentLinkedQueue<Acked> acks) {
        for (int b = 0; b < BATCHES_PER_THREAD; b++) {
            List<OddsUpdate> batch = new ArrayList<>();
            int n = 1 + random.nextInt(8);
            for (int i = 0; i < n; i++) {
                String game = GAMES.get(random.nextInt(GAMES.size()));
                int k = random.nextInt(400); // small identity space: many duplicates across threads and groups
                batch.add(
                        random.nextBoolean()
                                ? new OddsUpdate(
                                        game,
                                        "spread",
                                        1,
                                        -1,
                                        -100 - k,
                                        -110,
                                        1_764_617_400L + k,
                                        true,
                                        null,
                                        null,
                                        null)
                                : new OddsUpdate(
                                        game, "total", 1, -1, -100, -110, 1_764_617_400L, true, null, null, "p" + k));
            }
            try {
                List<AppendOutcome> out = storage.oddsStore().append(batch);
                for (int i = 0; i < n; i++) {
                    acks.add(new Acked(
                            out.get(i).gameId(), out.get(i).seq(), batch.get(i).identity()));
                }
            } catch (StoreUnavailableException refused) {
                // An injected failure, or the outage after one: nothing of this append was acknowledged.
                assertThat(refused).hasMessageContaining("a retry is safe").hasMessageNotContaining("closed");
            }
        }
        return null;
    }
}
