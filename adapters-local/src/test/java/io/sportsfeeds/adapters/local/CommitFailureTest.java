package io.sportsfeeds.adapters.local;

import static io.sportsfeeds.adapters.local.TestStores.appendUntilAccepted;
import static io.sportsfeeds.core.fakes.Updates.uniqueGameId;
import static io.sportsfeeds.core.fakes.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.HistoryQuery;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.port.ChangeStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;

/**
 * A synced write that reports an error, made through the writer's {@link GroupCommitWriter.Committer}
 * seam: nothing is acknowledged, no seq is reused on a guess, and the store takes appends again by
 * itself once writes succeed.
 */
@Timeout(30)
class CommitFailureTest {
    private static final long DATE = 1_764_617_400L;

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T19:31:00Z"));

    /** A disk that fails every write, probes included, until healed. */
    private static final class FlakyDisk implements GroupCommitWriter.Committer {
        final AtomicBoolean healthy = new AtomicBoolean(true);
        final AtomicInteger groupWrites = new AtomicInteger();
        final AtomicInteger probes = new AtomicInteger();

        @Override
        public void commit(org.rocksdb.RocksDB db, org.rocksdb.WriteOptions syncWrite, org.rocksdb.WriteBatch batch)
                throws RocksDBException {
            (TestStores.isProbe(batch) ? probes : groupWrites).incrementAndGet();
            if (!healthy.get()) {
                throw new RocksDBException("IO error: injected fsync failure");
            }
            SYNCED.commit(db, syncWrite, batch);
        }
    }

    @Test
    void refusesAppendsAtOnceAsNotAcknowledged_andTakesThemAgainWithoutRestart_whenWritesSucceedAgain() {
        String game = uniqueGameId();
        FlakyDisk disk = new FlakyDisk();
        try (EmbeddedStorage storage = TestStores.open(dataDir, clock, disk)) {
            storage.oddsStore().append(List.of(update(game, "spread", -100, DATE)));
            disk.healthy.set(false);

            assertThatThrownBy(() -> storage.oddsStore()
                            .append(List.of(
                                    update(game, "spread", -110, DATE + 1), update(game, "total", 200, DATE + 1))))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessage(
                            "cannot commit 2 updates in the store in " + dataDir.toAbsolutePath()
                                    + ": IO error: injected fsync failure;"
                                    + " they were not acknowledged, and a retry is safe: any of them the store kept is reported as a duplicate with its seq");
            int groupWritesBefore = disk.groupWrites.get();
            assertThatThrownBy(() -> storage.oddsStore().append(List.of(update(game, "spread", -120, DATE + 2))))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessage("cannot append 1 updates: the store in " + dataDir.toAbsolutePath()
                            + " is recovering from a failed commit"
                            + " (IO error: injected fsync failure); they were not acknowledged, and a retry is safe: any of them the"
                            + " store kept is reported as a duplicate with its seq");
            // Refused without a write: the writer does not try each append against a failing disk.
            assertThat(disk.groupWrites.get()).isEqualTo(groupWritesBefore);
            // From the second probe on, the database is reopened; reads go on meanwhile.
            TestStores.await("three probes failed", () -> disk.probes.get() >= 3);
            assertThat(history(storage, game)).extracting(CapturedChange::seq).containsExactly(1L);

            disk.healthy.set(true);

            assertThat(appendUntilAccepted(
                            storage.oddsStore(),
                            List.of(update(game, "spread", -110, DATE + 1), update(game, "total", 200, DATE + 1))))
                    .containsExactly(new AppendOutcome(game, 2, false), new AppendOutcome(game, 3, false));
            assertThat(storage.oddsStore().append(List.of(update(game, "spread", -120, DATE + 2))))
                    .containsExactly(new AppendOutcome(game, 4, false));
            assertThat(history(storage, game)).extracting(CapturedChange::seq).containsExactly(1L, 2L, 3L, 4L);
        }
        try (EmbeddedStorage reopened = TestStores.open(dataDir, clock)) {
            assertThat(reopened.oddsStore().append(List.of(update(game, "spread", -130, DATE + 3))))
                    .containsExactly(new AppendOutcome(game, 5, false));
        }
    }

    @Test
    void reportsTheRetriedUpdatesAsDuplicatesWithTheirSeqs_andPublishesThem_whenTheFailedWriteWasStoredAllTheSame()
            throws Exception {
        String game = uniqueGameId();
        AtomicInteger groupWrites = new AtomicInteger();
        // The batch reaches the log, then the sync reports an error: stored, yet not acknowledged.
        GroupCommitWriter.Committer storedThenFailed = (db, syncWrite, batch) -> {
            GroupCommitWriter.Committer.SYNCED.commit(db, syncWrite, batch);
            if (!TestStores.isProbe(batch) && groupWrites.incrementAndGet() == 2) {
                throw new RocksDBException("IO error: fsync reported an error after the write");
            }
        };
        try (EmbeddedStorage storage = TestStores.open(dataDir, clock, storedThenFailed)) {
            LinkedBlockingQueue<CapturedChange> delivered = new LinkedBlockingQueue<>();
            ChangeStream.Subscription subscription = storage.changeStream().follow(Tails.into(delivered));
            storage.oddsStore().append(List.of(update(game, "spread", -100, DATE)));
            List<OddsUpdate> batch =
                    List.of(update(game, "spread", -110, DATE + 1), update(game, "total", 200, DATE + 1));

            assertThatThrownBy(() -> storage.oddsStore().append(batch))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("fsync reported an error after the write")
                    .hasMessageContaining("not acknowledged, and a retry is safe");

            assertThat(appendUntilAccepted(storage.oddsStore(), batch))
                    .containsExactly(new AppendOutcome(game, 2, true), new AppendOutcome(game, 3, true));
            assertThat(storage.oddsStore().append(List.of(update(game, "spread", -120, DATE + 2))))
                    .containsExactly(new AppendOutcome(game, 4, false));
            assertThat(history(storage, game)).extracting(CapturedChange::seq).containsExactly(1L, 2L, 3L, 4L);
            // What the failed write stored reached the subscribers too, in seq order.
            assertThat(take(delivered, 4)).extracting(CapturedChange::seq).containsExactly(1L, 2L, 3L, 4L);
            subscription.close();
        }
    }

    @Test
    void failsEveryRequestOfTheGroup_whenTheirSharedWriteFails() throws Exception {
        String game = uniqueGameId();
        CountDownLatch committing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger groupWrites = new AtomicInteger();
        GroupCommitWriter.Committer holdFirstFailSecond = (db, syncWrite, batch) -> {
            int write = TestStores.isProbe(batch) ? 0 : groupWrites.incrementAndGet();
            if (write == 1) {
                committing.countDown();
                awaitRelease(release);
            } else if (write == 2) {
                throw new RocksDBException("IO error: injected fsync failure");
            }
            GroupCommitWriter.Committer.SYNCED.commit(db, syncWrite, batch);
        };
        try (EmbeddedStorage storage = TestStores.open(dataDir, clock, holdFirstFailSecond);
                ExecutorService pool = Executors.newCachedThreadPool()) {
            Future<List<AppendOutcome>> first =
                    pool.submit(() -> storage.oddsStore().append(List.of(update(game, "spread", -110, DATE))));
            assertThat(committing.await(5, TimeUnit.SECONDS)).isTrue();
            // Both wait behind the held commit, so the writer takes them as one group.
            Future<List<AppendOutcome>> second =
                    pool.submit(() -> storage.oddsStore().append(List.of(update(game, "spread", -111, DATE + 1))));
            Future<List<AppendOutcome>> third =
                    pool.submit(() -> storage.oddsStore().append(List.of(update(game, "total", 200, DATE + 2))));
            TestStores.staysQueued(second);
            TestStores.staysQueued(third);
            release.countDown();

            assertThat(first.get(5, TimeUnit.SECONDS)).containsExactly(new AppendOutcome(game, 1, false));
            for (Future<List<AppendOutcome>> failed : List.of(second, third)) {
                assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS))
                        .cause()
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("cannot commit 2 updates")
                        .hasMessageContaining("injected fsync failure")
                        .hasMessageContaining("not acknowledged, and a retry is safe");
            }
            assertThat(groupWrites.get()).isEqualTo(2);
            assertThat(appendUntilAccepted(storage.oddsStore(), List.of(update(game, "total", 200, DATE + 2))))
                    .containsExactly(new AppendOutcome(game, 2, false));
            assertThat(history(storage, game)).extracting(CapturedChange::seq).containsExactly(1L, 2L);
        }
    }

    @Test
    void failsTheGroupPreparedBehindAFailedWrite_andContinuesTheSeqsWithoutGap() throws Exception {
        String game = uniqueGameId();
        CountDownLatch committing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger groupWrites = new AtomicInteger();
        GroupCommitWriter.Committer holdThenFailFirst = (db, syncWrite, batch) -> {
            if (!TestStores.isProbe(batch) && groupWrites.incrementAndGet() == 1) {
                committing.countDown();
                awaitRelease(release);
                throw new RocksDBException("IO error: injected fsync failure");
            }
            GroupCommitWriter.Committer.SYNCED.commit(db, syncWrite, batch);
        };
        try (EmbeddedStorage storage = TestStores.open(dataDir, clock, holdThenFailFirst);
                ExecutorService pool = Executors.newCachedThreadPool()) {
            LinkedBlockingQueue<CapturedChange> delivered = new LinkedBlockingQueue<>();
            ChangeStream.Subscription subscription = storage.changeStream().follow(Tails.into(delivered));
            OddsUpdate first = update(game, "spread", -110, DATE);
            Future<List<AppendOutcome>> failing =
                    pool.submit(() -> storage.oddsStore().append(List.of(first)));
            assertThat(committing.await(5, TimeUnit.SECONDS)).isTrue();
            // Prepared while the first group's write is in progress: seq 2, and a duplicate of seq 1.
            Future<List<AppendOutcome>> behind =
                    pool.submit(() -> storage.oddsStore().append(List.of(update(game, "total", 200, DATE + 1), first)));
            TestStores.staysQueued(behind);
            release.countDown();

            assertThatThrownBy(() -> failing.get(5, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("cannot commit 1 updates")
                    .hasMessageContaining("injected fsync failure");
            assertThatThrownBy(() -> behind.get(5, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("cannot commit 2 updates")
                    .hasMessageContaining(
                            "they were to follow updates whose commit failed (IO error: injected fsync failure)")
                    .hasMessageContaining("not acknowledged, and a retry is safe");
            // The second group was never written: one group write was tried.
            assertThat(groupWrites.get()).isEqualTo(1);
            assertThat(history(storage, game)).isEmpty();
            assertThat(storage.oddsStore().latest(game)).isEmpty();

            assertThat(appendUntilAccepted(storage.oddsStore(), List.of(update(game, "total", 200, DATE + 1), first)))
                    .containsExactly(new AppendOutcome(game, 1, false), new AppendOutcome(game, 2, false));
            assertThat(history(storage, game)).extracting(CapturedChange::seq).containsExactly(1L, 2L);
            assertThat(take(delivered, 2)).extracting(CapturedChange::seq).containsExactly(1L, 2L);
            subscription.close();
        }
        try (EmbeddedStorage reopened = TestStores.open(dataDir, clock)) {
            assertThat(reopened.oddsStore().append(List.of(update(game, "spread", -120, DATE + 2))))
                    .containsExactly(new AppendOutcome(game, 3, false));
        }
    }

    @Test
    void logsOneWarningWhenAnOutageBeginsAndOneInfoWhenItEnds_withoutStackTraces() {
        String game = uniqueGameId();
        FlakyDisk disk = new FlakyDisk();
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(GroupCommitWriter.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.INFO.intValue()) {
                    logged.add(record);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(capture);
        try (EmbeddedStorage storage = TestStores.open(dataDir, clock, disk)) {
            disk.healthy.set(false);
            for (int i = 0; i < 20; i++) {
                OddsUpdate update = update(game, "spread", -100 - i, DATE + i);
                assertThatThrownBy(() -> storage.oddsStore().append(List.of(update)))
                        .isInstanceOf(StoreUnavailableException.class);
            }
            TestStores.await("three probes failed", () -> disk.probes.get() >= 3);
            disk.healthy.set(true);
            appendUntilAccepted(storage.oddsStore(), List.of(update(game, "spread", -99, DATE)));
        } finally {
            logger.removeHandler(capture);
        }

        assertThat(logged).extracting(LogRecord::getLevel).containsExactly(Level.WARNING, Level.INFO);
        assertThat(logged.get(0).getMessage())
                .isEqualTo(
                        "the store in " + dataDir.toAbsolutePath()
                                + " failed to commit (IO error: injected fsync failure): appends are"
                                + " refused, as not acknowledged, until a probe write succeeds; then seqs and identities are read again from disk");
        assertThat(logged.get(1).getMessage())
                .startsWith("the store in " + dataDir.toAbsolutePath() + " takes appends again, ")
                .contains("after a commit failed (IO error: injected fsync failure)")
                .containsPattern(
                        "; [3-9]\\d* probe writes failed meanwhile, the last with: IO error: injected fsync failure$");
        assertThat(logged).allSatisfy(record -> assertThat(record.getThrown()).isNull());
    }

    @Test
    void stopsWithoutAnUncaughtException_whenClosedWhileTheStoreRefusesWrites() throws Exception {
        FlakyDisk disk = new FlakyDisk();
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
        try {
            EmbeddedStorage storage = TestStores.open(dataDir, clock, disk);
            disk.healthy.set(false);
            assertThatThrownBy(() -> storage.oddsStore().append(List.of(update(uniqueGameId(), "spread", -110, DATE))))
                    .isInstanceOf(StoreUnavailableException.class);
            TestStores.await("two probes failed", () -> disk.probes.get() >= 2);

            storage.close();

            assertThat(aliveStoreThreads()).isEmpty();
            assertThatThrownBy(() -> storage.oddsStore().append(List.of(update(uniqueGameId(), "spread", -110, DATE))))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessage("cannot append 1 updates: the store in " + dataDir.toAbsolutePath() + " is closed");
            assertThat(uncaught).isEmpty();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    private static List<String> aliveStoreThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(name -> name.startsWith("sportsfeeds-store-"))
                .toList();
    }

    private static List<CapturedChange> take(LinkedBlockingQueue<CapturedChange> delivered, int count)
            throws InterruptedException {
        List<CapturedChange> changes = new ArrayList<>();
        while (changes.size() < count) {
            CapturedChange next = delivered.poll(5, TimeUnit.SECONDS);
            assertThat(next).as("change %d of %d", changes.size() + 1, count).isNotNull();
            changes.add(next);
        }
        assertThat(delivered.poll(100, TimeUnit.MILLISECONDS))
                .as("a change after the %d expected", count)
                .isNull();
        return changes;
    }

    private static List<CapturedChange> history(EmbeddedStorage storage, String game) {
        return storage.oddsStore()
                .history(new HistoryQuery(game, Optional.empty(), 0, Long.MAX_VALUE, HistoryQuery.MAX_LIMIT));
    }

    private static void awaitRelease(CountDownLatch release) throws RocksDBException {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RocksDBException("interrupted while the test held the commit");
        }
    }
}
