package io.sportsfeeds.adapters.local;

import static io.sportsfeeds.core.fakes.Updates.uniqueGameId;
import static io.sportsfeeds.core.fakes.Updates.update;
import static io.sportsfeeds.core.fakes.Updates.withProviderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.HistoryQuery;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.fakes.MutableClock;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.WriteBatch;

/** Odds expire {@code retention} after their provider's date; a sweep drops the expired prefix of each game's history. */
@Timeout(60)
class RetentionTest {
    private static final Duration RETENTION = Duration.ofDays(30);
    private static final Instant NOW = Instant.parse("2026-12-01T19:31:00Z");

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(NOW);

    @Test
    void dropsTheExpiredPrefixOfTheHistoryAndItsIdentities_butKeepsTheLatestOdds_whenTheSweepRuns() {
        String game = uniqueGameId();
        OddsUpdate oldSpread = update(game, "spread", -110, daysAgo(20));
        OddsUpdate oldTotal = withProviderId(game, "total", 200, daysAgo(19), "total-1");
        OddsUpdate freshSpread = update(game, "spread", -115, daysAgo(2));
        try (EmbeddedStorage storage = open()) {
            storage.oddsStore().append(List.of(oldSpread, oldTotal, freshSpread));
            assertThat(storage.sweepOnce().rowsDeleted()).isZero();

            // 30 days after the total's date: both old updates have expired, the fresh one has not.
            clock.advance(Duration.ofDays(11));
            RetentionSweeper.Sweep sweep = storage.sweepOnce();

            assertThat(sweep.rowsDeleted()).isEqualTo(2);
            assertThat(history(storage, game)).extracting(CapturedChange::seq).containsExactly(3L);
            assertThat(storage.oddsStore().changesAfter(game, 0, 10))
                    .extracting(CapturedChange::seq)
                    .containsExactly(3L);
            assertThat(storage.oddsStore().changesAfter(game, 1, 10))
                    .extracting(CapturedChange::seq)
                    .containsExactly(3L);
            // A market's latest odds stay, expired or not, until a newer update replaces them.
            assertThat(storage.oddsStore().latest(game))
                    .extracting(CapturedChange::seq, CapturedChange::update)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(3L, freshSpread),
                            org.assertj.core.groups.Tuple.tuple(2L, oldTotal));
            // The dropped updates' identities went with them; the retained one's stayed.
            assertThat(storage.oddsStore().append(List.of(oldTotal, freshSpread)))
                    .containsExactly(new AppendOutcome(game, 4, false), new AppendOutcome(game, 3, true));
        }
    }

    @Test
    void dropsOnlyAPrefix_soALateUpdateThatExpiredWaitsForTheNewerOnesBeforeIt() {
        String game = uniqueGameId();
        try (EmbeddedStorage storage = open()) {
            storage.oddsStore().append(List.of(update(game, "spread", -110, daysAgo(1))));
            storage.oddsStore().append(List.of(update(game, "spread", -120, daysAgo(40))));

            assertThat(storage.sweepOnce().rowsDeleted()).isZero();
            assertThat(history(storage, game)).extracting(CapturedChange::seq).containsExactly(1L, 2L);

            clock.advance(Duration.ofDays(29));
            assertThat(storage.sweepOnce().rowsDeleted()).isEqualTo(2);
            assertThat(history(storage, game)).isEmpty();
        }
    }

    @Test
    void keepsAnUpdateUntilItsExpirySecond() {
        String game = uniqueGameId();
        long dateMillis = NOW.minus(RETENTION).toEpochMilli() + 500;
        try (EmbeddedStorage storage = open()) {
            storage.oddsStore().append(List.of(update(game, "spread", -110, dateMillis)));

            clock.set(Instant.ofEpochMilli(dateMillis).plus(RETENTION).minusMillis(1));
            assertThat(storage.sweepOnce().rowsDeleted()).isZero();
            clock.set(Instant.ofEpochMilli(dateMillis).plus(RETENTION).plusMillis(500));
            assertThat(storage.sweepOnce().rowsDeleted()).isEqualTo(1);
        }
    }

    @Test
    void dropsLongRunsAcrossPages_andGoesOnFromTheLowestRetainedSeq_alsoAfterReopen() {
        String game = uniqueGameId();
        String other = uniqueGameId();
        int expired = 12_345;
        try (EmbeddedStorage storage = open()) {
            for (int from = 0; from < expired; from += 1_000) {
                storage.oddsStore()
                        .append(IntStream.range(from, Math.min(from + 1_000, expired))
                                .mapToObj(i -> update(game, "spread", -100 - i, daysAgo(40) + i))
                                .toList());
            }
            storage.oddsStore()
                    .append(List.of(
                            update(game, "spread", -1, daysAgo(1)), update(other, "spread", -110, daysAgo(35))));

            assertThat(storage.sweepOnce().rowsDeleted()).isEqualTo(expired + 1);
            assertThat(storage.sweepOnce().rowsDeleted()).isZero();

            assertThat(storage.oddsStore().changesAfter(game, 0, 10))
                    .extracting(CapturedChange::seq)
                    .containsExactly(expired + 1L);
            assertThat(history(storage, other)).isEmpty();
        }
        try (EmbeddedStorage reopened = open()) {
            assertThat(reopened.oddsStore().append(List.of(update(game, "spread", -2, daysAgo(0)))))
                    .containsExactly(new AppendOutcome(game, expired + 2L, false));
            assertThat(history(reopened, game))
                    .extracting(CapturedChange::seq)
                    .containsExactly(expired + 1L, expired + 2L);
            assertThat(reopened.oddsStore().append(List.of(update(other, "spread", -110, daysAgo(35)))))
                    .as("the identity of the dropped update went with it")
                    .containsExactly(new AppendOutcome(other, 2, false));
        }
    }

    @Test
    void expiresRowsWrittenBeforeRowsCarriedTheirExpiry_byTheirDatePlusTheRetention() {
        String game = uniqueGameId();
        OddsUpdate old = update(game, "spread", -110, daysAgo(31));
        try (RocksTable table = RocksTable.open(dataDir)) {
            table.call("write rows of layout version 1", t -> {
                try (WriteBatch batch = new WriteBatch()) {
                    byte[] payload = Codec.updatePayload(old);
                    Instant storedAt = NOW.minus(Duration.ofDays(31));
                    batch.put(
                            t.table(),
                            Keys.odds(game, 1),
                            ByteBuffer.allocate(21 + payload.length)
                                    .put((byte) 1)
                                    .putLong(1)
                                    .putLong(storedAt.getEpochSecond())
                                    .putInt(storedAt.getNano())
                                    .put(payload)
                                    .array());
                    batch.put(
                            t.table(),
                            Keys.dedupe(game, old.identity()),
                            ByteBuffer.allocate(9).put((byte) 1).putLong(1).array());
                    batch.put(t.table(), Keys.head(game), Codec.head(new Codec.Head(1, storedAt)));
                    t.db().write(t.syncWrite(), batch);
                }
                return null;
            });
        }

        try (EmbeddedStorage storage = open()) {
            assertThat(storage.oddsStore().append(List.of(old))).containsExactly(new AppendOutcome(game, 1, true));

            assertThat(storage.sweepOnce().rowsDeleted()).isEqualTo(1);

            assertThat(history(storage, game)).isEmpty();
            assertThat(storage.oddsStore().append(List.of(old))).containsExactly(new AppendOutcome(game, 2, false));
        }
    }

    @Test
    void sweepsByItselfEveryInterval_andStopsWhenClosed() {
        String game = uniqueGameId();
        EmbeddedStorage storage =
                EmbeddedStorage.open(dataDir, clock, RETENTION, EmbeddedStorage.WRITER, Duration.ofMillis(20));
        try {
            storage.oddsStore()
                    .append(List.of(
                            update(game, "spread", -110, daysAgo(31)), update(game, "spread", -111, daysAgo(1))));

            TestStores.await(
                    "the expired update was dropped",
                    () -> history(storage, game).size() == 1);
            assertThat(history(storage, game)).extracting(CapturedChange::seq).containsExactly(2L);
        } finally {
            storage.close();
        }
        // close() waits for the sweeps to end; the thread that ran them exits a moment after.
        TestStores.await(
                "the retention thread ended",
                () -> Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(thread -> thread.getName().equals("sportsfeeds-store-retention")));
    }

    @Test
    void refusesARetentionOutOfRange_beforeOpeningAnything() {
        for (Duration wrong :
                List.of(Duration.ZERO, Duration.ofMillis(999), Duration.ofDays(-1), Duration.ofDays(36_526))) {
            assertThatThrownBy(() -> EmbeddedStorage.open(dataDir, clock, wrong))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("retention must be from 1 second to 36525 days, was " + wrong);
        }
        assertThat(dataDir).isEmptyDirectory();
    }

    private EmbeddedStorage open() {
        return EmbeddedStorage.open(dataDir, clock, RETENTION);
    }

    /** A provider date (epoch ms) so many days before the test's start. */
    private static long daysAgo(int days) {
        return NOW.minus(Duration.ofDays(days)).toEpochMilli();
    }

    private static List<CapturedChange> history(EmbeddedStorage storage, String game) {
        return storage.oddsStore()
                .history(new HistoryQuery(game, Optional.empty(), 0, Long.MAX_VALUE, HistoryQuery.MAX_LIMIT));
    }
}
