package io.sportsfeeds.adapters.local;

import static io.sportsfeeds.core.fakes.Updates.uniqueGameId;
import static io.sportsfeeds.core.fakes.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.HistoryQuery;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.fakes.Await;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.port.ChangeStream;
import io.sportsfeeds.core.usecase.ReplayChanges;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;

@Timeout(30)
class EmbeddedStorageTest {
    private static final long DATE = 1_764_617_400L;

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T19:31:00Z"));

    @Test
    void continuesTheSequenceWithoutGap_whenTheDirectoryIsReopened() {
        String game = uniqueGameId();
        try (EmbeddedStorage storage = TestStores.open(dataDir, clock)) {
            storage.oddsStore().append(List.of(update(game, "spread", -110, DATE), update(game, "total", 200, DATE)));
        }

        try (EmbeddedStorage reopened = TestStores.open(dataDir, clock)) {
            assertThat(reopened.oddsStore().append(List.of(update(game, "spread", -115, DATE + 1))))
                    .containsExactly(new AppendOutcome(game, 3, false));
            assertThat(history(reopened, game)).extracting(CapturedChange::seq).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void reportsTheStoredCopy_whenADuplicateArrivesAfterReopen() {
        String game = uniqueGameId();
        OddsUpdate update = update(game, "spread", -110, DATE);
        try (EmbeddedStorage storage = TestStores.open(dataDir, clock)) {
            storage.oddsStore().append(List.of(update(game, "total", 200, DATE), update));
        }

        try (EmbeddedStorage reopened = TestStores.open(dataDir, clock)) {
            assertThat(reopened.oddsStore().append(List.of(update))).containsExactly(new AppendOutcome(game, 2, true));
            assertThat(history(reopened, game)).hasSize(2);
        }
    }

    @Test
    void keepsStoreTimesInOrder_whenTheClockGoesBackAfterReopen() {
        String game = uniqueGameId();
        Instant first = clock.instant();
        try (EmbeddedStorage storage = TestStores.open(dataDir, clock)) {
            storage.oddsStore().append(List.of(update(game, "spread", -110, DATE)));
        }
        clock.set(first.minusSeconds(60));

        try (EmbeddedStorage reopened = TestStores.open(dataDir, clock)) {
            reopened.oddsStore().append(List.of(update(game, "spread", -111, DATE + 1)));
            assertThat(history(reopened, game))
                    .extracting(CapturedChange::storedAt)
                    .containsExactly(first, first);
        }
    }

    @Test
    void assignsGapFreeSeqsAndAcknowledgesEveryUpdate_whenEightThreadsAppendAtOnce() throws Exception {
        List<String> games = IntStream.range(0, 4).mapToObj(i -> uniqueGameId()).toList();
        int threads = 8;
        int batchesPerThread = 40;
        int batchSize = 24;
        AtomicInteger commits = new AtomicInteger();
        GroupCommitWriter.Committer counting = (db, syncWrite, batch) -> {
            commits.incrementAndGet();
            GroupCommitWriter.Committer.SYNCED.commit(db, syncWrite, batch);
        };
        try (EmbeddedStorage storage = TestStores.open(dataDir, clock, counting);
                ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            LinkedBlockingQueue<CapturedChange> delivered = new LinkedBlockingQueue<>();
            ChangeStream.Subscription subscription = storage.changeStream().follow(Tails.into(delivered));
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<AppendOutcome>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    List<AppendOutcome> outcomes = new ArrayList<>();
                    for (int b = 0; b < batchesPerThread; b++) {
                        int batchNo = b;
                        outcomes.addAll(storage.oddsStore()
                                .append(IntStream.range(0, batchSize)
                                        .mapToObj(i -> update(
                                                games.get(i % games.size()),
                                                "spread",
                                                -100 - thread,
                                                DATE + batchNo * 1000L + i))
                                        .toList()));
                    }
                    return outcomes;
                }));
            }
            start.countDown();
            List<AppendOutcome> all = new ArrayList<>();
            for (Future<List<AppendOutcome>> result : results) {
                all.addAll(result.get(20, TimeUnit.SECONDS));
            }

            int total = threads * batchesPerThread * batchSize;
            assertThat(all).hasSize(total).noneMatch(AppendOutcome::duplicate);
            for (String game : games) {
                long perGame = total / games.size();
                assertThat(all.stream()
                                .filter(o -> o.gameId().equals(game))
                                .map(AppendOutcome::seq)
                                .sorted())
                        .containsExactlyElementsOf(
                                LongStream.rangeClosed(1, perGame).boxed().toList());
                assertThat(history(storage, game))
                        .extracting(CapturedChange::seq)
                        .containsExactlyElementsOf(
                                LongStream.rangeClosed(1, perGame).boxed().toList());
            }
            // Group commit: the appends shared syncs rather than taking one each.
            assertThat(commits.get()).isLessThan(threads * batchesPerThread);

            // The change source got every change once, each game's in seq order.
            List<CapturedChange> changes = new ArrayList<>();
            while (changes.size() < total) {
                CapturedChange next = delivered.poll(5, TimeUnit.SECONDS);
                assertThat(next)
                        .as("change %d of %d", changes.size() + 1, total)
                        .isNotNull();
                changes.add(next);
            }
            for (String game : games) {
                assertThat(changes.stream().filter(c -> c.gameId().equals(game)).map(CapturedChange::seq))
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, total / games.size())
                                .boxed()
                                .toList());
            }
            subscription.close();
        }
    }

    @Test
    void keepsTheNewestByProviderDateAsLatest_whenAnOlderUpdateArrivesLate_alsoAfterReopen() {
        String game = uniqueGameId();
        OddsUpdate newest = update(game, "spread", -110, DATE + 60);
        try (EmbeddedStorage storage = TestStores.open(dataDir, clock)) {
            storage.oddsStore().append(List.of(newest, update(game, "total", 200, DATE)));
            storage.oddsStore().append(List.of(update(game, "spread", -105, DATE)));

            assertThat(history(storage, game)).extracting(CapturedChange::seq).containsExactly(1L, 2L, 3L);
            assertThat(storage.oddsStore().latest(game))
                    .extracting(CapturedChange::seq)
                    .containsExactly(1L, 2L);
        }

        try (EmbeddedStorage reopened = TestStores.open(dataDir, clock)) {
            reopened.oddsStore().append(List.of(update(game, "spread", -106, DATE + 30)));
            assertThat(reopened.oddsStore().latest(game))
                    .extracting(CapturedChange::seq)
                    .containsExactly(1L, 2L);

            OddsUpdate sameDate = update(game, "spread", -120, DATE + 60);
            reopened.oddsStore().append(List.of(sameDate));
            assertThat(reopened.oddsStore().latest(game))
                    .extracting(CapturedChange::seq, CapturedChange::update)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(5L, sameDate),
                            org.assertj.core.groups.Tuple.tuple(2L, update(game, "total", 200, DATE)));
        }
    }

    @Test
    void continuesEachGamesSeqsWithoutGap_whenMoreGamesAreAppendedToThanTheWriterKeepsInMemory() {
        List<String> games = IntStream.range(0, 6).mapToObj(i -> uniqueGameId()).toList();
        GroupCommitWriter.Settings twoGames =
                new GroupCommitWriter.Settings(GroupCommitWriter.Committer.SYNCED, TestStores.FAST_PROBES, 2);
        try (EmbeddedStorage storage = TestStores.open(dataDir, clock, twoGames)) {
            List<AppendOutcome> outcomes = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                int r = round;
                outcomes.addAll(storage.oddsStore()
                        .append(games.stream()
                                .map(game -> update(game, "spread", -100 - r, DATE + r))
                                .toList()));
                for (String game : games) {
                    outcomes.addAll(storage.oddsStore().append(List.of(update(game, "total", 200 + r, DATE + r))));
                }
            }

            for (String game : games) {
                assertThat(outcomes.stream()
                                .filter(o -> o.gameId().equals(game))
                                .map(AppendOutcome::seq))
                        .containsExactlyElementsOf(
                                LongStream.rangeClosed(1, 10).boxed().toList());
                assertThat(history(storage, game))
                        .extracting(CapturedChange::seq)
                        .containsExactlyElementsOf(
                                LongStream.rangeClosed(1, 10).boxed().toList());
            }
            assertThat(outcomes).noneMatch(AppendOutcome::duplicate);
        }
    }

    @Test
    void reportsADuplicate_whenItsOriginalIsInAGroupStillBeingWritten() throws Exception {
        String game = uniqueGameId();
        CountDownLatch committing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger commits = new AtomicInteger();
        GroupCommitWriter.Committer holdFirst = (db, syncWrite, batch) -> {
            if (commits.incrementAndGet() == 1) {
                committing.countDown();
                awaitRelease(release);
            }
            GroupCommitWriter.Committer.SYNCED.commit(db, syncWrite, batch);
        };
        try (EmbeddedStorage storage = TestStores.open(dataDir, clock, holdFirst);
                ExecutorService pool = Executors.newCachedThreadPool()) {
            OddsUpdate original = update(game, "spread", -110, DATE);
            Future<List<AppendOutcome>> first =
                    pool.submit(() -> storage.oddsStore().append(List.of(original)));
            assertThat(committing.await(5, TimeUnit.SECONDS)).isTrue();
            // Not in RocksDB yet: only the writer's in-flight identities know it.
            Future<List<AppendOutcome>> again = pool.submit(() ->
                    storage.oddsStore().append(List.of(original, update(game, "total", 200, DATE + 1))));
            TestStores.staysQueued(again);
            release.countDown();

            assertThat(first.get(5, TimeUnit.SECONDS)).containsExactly(new AppendOutcome(game, 1, false));
            assertThat(again.get(5, TimeUnit.SECONDS))
                    .containsExactly(new AppendOutcome(game, 1, true), new AppendOutcome(game, 2, false));
            assertThat(history(storage, game)).extracting(CapturedChange::seq).containsExactly(1L, 2L);
            // Once durable, the duplicate is found on disk.
            assertThat(storage.oddsStore().append(List.of(original))).containsExactly(new AppendOutcome(game, 1, true));
        }
    }

    private static void awaitRelease(CountDownLatch release) throws RocksDBException {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RocksDBException("interrupted while the test held the commit");
        }
    }

    @Test
    void failsTheAppendsStillQueued_whenClosedWhileACommitIsInProgress() throws Exception {
        String game = uniqueGameId();
        CountDownLatch committing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GroupCommitWriter.Committer slow = (db, syncWrite, batch) -> {
            committing.countDown();
            awaitRelease(release);
            GroupCommitWriter.Committer.SYNCED.commit(db, syncWrite, batch);
        };
        EmbeddedStorage storage = TestStores.open(dataDir, clock, slow);
        try (ExecutorService pool = Executors.newCachedThreadPool()) {
            Future<List<AppendOutcome>> inProgress =
                    pool.submit(() -> storage.oddsStore().append(List.of(update(game, "spread", -110, DATE))));
            assertThat(committing.await(5, TimeUnit.SECONDS)).isTrue();
            Future<List<AppendOutcome>> queued =
                    pool.submit(() -> storage.oddsStore().append(List.of(update(game, "spread", -111, DATE + 1))));
            TestStores.staysQueued(queued);

            Thread closing = Thread.ofPlatform().name("closing").start(storage::close);
            // Release the held commit only once close is under way and waiting for it.
            Await.until(
                    Duration.ofSeconds(5),
                    () -> closing.getState() == Thread.State.WAITING
                            || closing.getState() == Thread.State.TIMED_WAITING,
                    () -> "close waiting for the commit in progress, was " + closing.getState());
            release.countDown();
            assertThat(closing.join(Duration.ofSeconds(5))).isTrue();

            assertThat(inProgress.get(5, TimeUnit.SECONDS)).containsExactly(new AppendOutcome(game, 1, false));
            assertThatThrownBy(() -> queued.get(5, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("was closed before these updates were committed");
        }
        try (EmbeddedStorage reopened = TestStores.open(dataDir, clock)) {
            assertThat(history(reopened, game)).extracting(CapturedChange::seq).containsExactly(1L);
        }
    }

    @Test
    void refusesEveryCall_afterClose() {
        EmbeddedStorage storage = TestStores.open(dataDir, clock);
        storage.close();
        storage.close();

        assertThatThrownBy(() -> storage.oddsStore().append(List.of(update("game-1", "spread", -110, DATE))))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining(
                        "cannot append 1 updates: the store in " + dataDir.toAbsolutePath() + " is closed");
        assertThatThrownBy(() -> storage.oddsStore().latest("game-1"))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage("cannot read the latest odds of game game-1: the store in " + dataDir.toAbsolutePath()
                        + " is closed");
        assertThatThrownBy(() -> storage.clientRegistry().putClients(List.of(new Client("client-001", null, true))))
                .isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> storage.changeStream().follow(batch -> List.of()))
                .isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void refusesToOpen_whenTheDirectoryHoldsOtherFiles() throws Exception {
        Path notes = dataDir.resolve("notes.txt");
        java.nio.file.Files.writeString(notes, "mine");

        assertThatThrownBy(() -> TestStores.open(dataDir, clock))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("holds files but no store");
        try (var entries = java.nio.file.Files.list(dataDir)) {
            assertThat(entries).containsExactly(notes);
        }
    }

    @Test
    void refusesToOpen_whenAnotherStoreHasTheDirectoryOpen() {
        try (EmbeddedStorage first = TestStores.open(dataDir, clock)) {
            assertThatThrownBy(() -> TestStores.open(dataDir, clock))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageStartingWith("cannot open the store in " + dataDir.toAbsolutePath()
                            + ": the directory is in use by another running process");
            assertThat(first.clientRegistry().clients()).isEmpty();
        }
    }

    @Test
    void replaysFromDisk_whatAClientMissed_afterReopen() {
        String game = uniqueGameId();
        try (EmbeddedStorage storage = TestStores.open(dataDir, clock)) {
            storage.oddsStore()
                    .append(IntStream.range(0, 5)
                            .mapToObj(i -> update(game, "spread", -100 - i, DATE + i))
                            .toList());
        }

        try (EmbeddedStorage reopened = TestStores.open(dataDir, clock)) {
            reopened.oddsStore().append(List.of(update(game, "spread", -120, DATE + 10)));

            ReplayChanges.Replay replay = new ReplayChanges(reopened.oddsStore()).after(game, 3, 10);

            assertThat(replay.changes()).extracting(CapturedChange::seq).containsExactly(4L, 5L, 6L);
            assertThat(replay.recovered()).isTrue();
            assertThat(replay.more()).isFalse();
        }
    }

    @Test
    void isEmptyUntilAClientOrGameIsStored() {
        try (EmbeddedStorage storage = TestStores.open(dataDir, clock)) {
            assertThat(storage.isEmpty()).isTrue();
            storage.oddsStore().append(List.of(update(uniqueGameId(), "spread", -110, DATE)));
            assertThat(storage.isEmpty()).isTrue();

            storage.clientRegistry().putClients(List.of(new Client("client-001", "Trading desk", true)));

            assertThat(storage.isEmpty()).isFalse();
        }
    }

    private static List<CapturedChange> history(EmbeddedStorage storage, String game) {
        return storage.oddsStore()
                .history(new HistoryQuery(game, Optional.empty(), 0, Long.MAX_VALUE, HistoryQuery.MAX_LIMIT));
    }
}
