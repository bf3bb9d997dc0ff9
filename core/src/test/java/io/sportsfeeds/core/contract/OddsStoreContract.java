package io.sportsfeeds.core.contract;

import static io.sportsfeeds.core.fakes.Updates.uniqueGameId;
import static io.sportsfeeds.core.fakes.Updates.update;
import static io.sportsfeeds.core.fakes.Updates.withProviderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.HistoryQuery;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.port.OddsStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link OddsStore} does. An adapter's test extends this and supplies the store. */
public abstract class OddsStoreContract {
    /** One provider date for many updates: a page can end in the middle of it. */
    private static final long SAME_DATE = 1_764_617_400L;
    /** The limit of each page when paging through history. */
    private static final int PAGE = 10;

    protected final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T19:31:00Z"));
    private OddsStore store;

    /** A store that reads time from {@code clock}; it may hold other tests' data. */
    protected abstract OddsStore newStore(MutableClock clock);

    /**
     * Makes the store made last fail its writes (a full disk, an unreachable table) and heal again.
     * Failing writes must fail appends with {@link StoreUnavailableException}.
     */
    protected abstract WriteFailures writeFailures();

    /** The switch a test uses to make writes fail and heal. */
    public interface WriteFailures {
        void failWrites();

        void heal();
    }

    @BeforeEach
    void createStore() {
        store = newStore(clock);
    }

    @Test
    void assignsGapFreeSequenceFromOnePerGame_inListOrder() {
        String gameA = uniqueGameId();
        String gameB = uniqueGameId();

        List<AppendOutcome> outcomes = store.append(List.of(
                update(gameA, "spread", -110, 1_764_617_400L),
                update(gameB, "spread", -110, 1_764_617_400L),
                update(gameA, "moneyline", 150, 1_764_617_401L),
                update(gameA, "spread", -115, 1_764_617_402L)));

        assertThat(outcomes)
                .containsExactly(
                        new AppendOutcome(gameA, 1, false),
                        new AppendOutcome(gameB, 1, false),
                        new AppendOutcome(gameA, 2, false),
                        new AppendOutcome(gameA, 3, false));
        assertThat(store.append(List.of(update(gameA, "total", 200, 1_764_617_403L))))
                .containsExactly(new AppendOutcome(gameA, 4, false));
    }

    @Test
    void keepsBothUpdates_whenTheyDifferWithinTheSameSecond() {
        String game = uniqueGameId();

        store.append(
                List.of(update(game, "spread", -110, 1_764_617_400L), update(game, "spread", -112, 1_764_617_400L)));

        assertThat(history(game)).extracting(c -> c.update().homeOdds()).containsExactly(-110.0, -112.0);
    }

    @Test
    void storesOnceAndReportsDuplicate_whenTheSameUpdateIsPostedTwice() {
        String game = uniqueGameId();
        OddsUpdate update = update(game, "spread", -110, 1_764_617_400L);
        store.append(List.of(update, update(game, "spread", -105, 1_764_617_401L)));

        List<AppendOutcome> again = store.append(List.of(update, update(game, "spread", -100, 1_764_617_402L)));

        assertThat(again).containsExactly(new AppendOutcome(game, 1, true), new AppendOutcome(game, 3, false));
        assertThat(history(game)).extracting(CapturedChange::seq).containsExactly(1L, 2L, 3L);
    }

    @Test
    void reportsDuplicate_whenTheProviderIdRepeatsWithOtherPrices() {
        String game = uniqueGameId();
        String id = "prov-" + UUID.randomUUID();
        store.append(List.of(withProviderId(game, "moneyline", -150, 1_764_617_401L, id)));

        List<AppendOutcome> again = store.append(List.of(withProviderId(game, "moneyline", -160, 1_764_617_405L, id)));

        assertThat(again).containsExactly(new AppendOutcome(game, 1, true));
        assertThat(history(game))
                .singleElement()
                .satisfies(c -> assertThat(c.update().homeOdds()).isEqualTo(-150.0));
    }

    @Test
    void reportsDuplicate_whenTheSameUpdateAppearsTwiceInOneAppend() {
        String game = uniqueGameId();
        OddsUpdate update = update(game, "spread", -110, 1_764_617_400L);

        assertThat(store.append(List.of(update, update)))
                .containsExactly(new AppendOutcome(game, 1, false), new AppendOutcome(game, 1, true));
        assertThat(history(game)).hasSize(1);
    }

    @Test
    void recordsTheStoreTime_fromTheClock() {
        String game = uniqueGameId();
        clock.set(Instant.parse("2026-12-01T19:35:00.123Z"));

        store.append(List.of(update(game, "spread", -110, 1_764_617_400L)));

        assertThat(history(game))
                .singleElement()
                .satisfies(c -> assertThat(c.storedAt()).isEqualTo(clock.instant()));
    }

    @Test
    void keepsEveryFieldOfTheUpdate() {
        String game = uniqueGameId();
        OddsUpdate full = new OddsUpdate(
                game,
                "spread",
                3.5,
                -3.5,
                -115,
                -105,
                1_764_617_460_123L,
                false,
                "Lakers @ Celtics",
                "2026-12-01 19:30:00.000",
                "prov-1");

        store.append(List.of(full));

        assertThat(history(game))
                .singleElement()
                .satisfies(c -> assertThat(c.update()).isEqualTo(full));
        assertThat(store.latest(game))
                .singleElement()
                .satisfies(c -> assertThat(c.update()).isEqualTo(full));
    }

    @Test
    void answersTheLatestOddsOfEachMarket_orderedByMarket() {
        String game = uniqueGameId();
        store.append(List.of(
                update(game, "spread", -110, 1_764_617_400L),
                update(game, "moneyline", 150, 1_764_617_401L),
                update(game, "spread", -120, 1_764_617_402L)));

        assertThat(store.latest(game))
                .extracting(CapturedChange::market, CapturedChange::seq)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("moneyline", 2L),
                        org.assertj.core.groups.Tuple.tuple("spread", 3L));
    }

    @Test
    void answersNothing_forAGameWithoutOdds() {
        String game = uniqueGameId();

        assertThat(store.latest(game)).isEmpty();
        assertThat(history(game)).isEmpty();
        assertThat(store.changesAfter(game, 0, 10)).isEmpty();
    }

    @Test
    void answersHistoryOldestFirst_filteredByMarketTimeAndLimit() {
        String game = uniqueGameId();
        store.append(IntStream.range(0, 10)
                .mapToObj(i -> update(game, i % 2 == 0 ? "spread" : "total", -100 - i, 1_764_617_400L + i))
                .toList());

        List<CapturedChange> spreads =
                store.history(new HistoryQuery(game, Optional.of("spread"), 1_764_617_402_000L, 1_764_617_408_000L, 2));

        assertThat(spreads).extracting(CapturedChange::seq).containsExactly(3L, 5L);
        assertThat(store.history(new HistoryQuery(game, Optional.empty(), 0, Long.MAX_VALUE, 100)))
                .extracting(CapturedChange::seq)
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    }

    @Test
    void pagesThroughEveryUpdateOnce_whenMoreUpdatesShareOneDateThanALimitHolds() {
        String game = uniqueGameId();
        store.append(IntStream.range(0, 25)
                .mapToObj(i -> update(game, "spread", -100 - i, SAME_DATE))
                .toList());

        List<List<CapturedChange>> pages = pagesOf(game, Optional.empty(), 0, Long.MAX_VALUE);

        assertThat(pages).extracting(List::size).containsExactly(10, 10, 5);
        assertThat(seqs(pages)).containsExactlyElementsOf(seqsFrom(1, 25));
    }

    @Test
    void pagesThroughOneMarketsUpdatesOnce_whenAMarketIsGiven() {
        String game = uniqueGameId();
        store.append(IntStream.range(0, 50)
                .mapToObj(i -> update(game, i % 2 == 0 ? "total" : "spread", -100 - i, SAME_DATE))
                .toList());

        List<List<CapturedChange>> pages = pagesOf(game, Optional.of("spread"), 0, Long.MAX_VALUE);

        assertThat(pages).extracting(List::size).containsExactly(10, 10, 5);
        assertThat(seqs(pages))
                .containsExactlyElementsOf(
                        IntStream.range(1, 26).mapToObj(i -> 2L * i).toList());
        assertThat(pages)
                .allSatisfy(page ->
                        assertThat(page).allSatisfy(c -> assertThat(c.market()).isEqualTo("spread")));
    }

    @Test
    void pagesThroughTheUpdatesOfATimeRangeOnce_whenFromAndToAreGiven() {
        String game = uniqueGameId();
        List<OddsUpdate> updates = new ArrayList<>();
        List<Long> inRange = new ArrayList<>();
        for (int i = 0; i < 35; i++) {
            // Before the range, then the range's date with an update after the range every sixth.
            long date = i < 5 ? SAME_DATE - 1 : (i % 6 == 5 ? SAME_DATE + 1 : SAME_DATE);
            updates.add(update(game, "spread", -100 - i, date));
            if (date == SAME_DATE) {
                inRange.add(i + 1L);
            }
        }
        store.append(updates);

        List<List<CapturedChange>> pages = pagesOf(game, Optional.empty(), SAME_DATE * 1000, (SAME_DATE + 1) * 1000);

        assertThat(inRange).hasSize(25);
        assertThat(pages).extracting(List::size).containsExactly(10, 10, 5);
        assertThat(seqs(pages)).containsExactlyElementsOf(inRange);
    }

    @Test
    void answersOnlyUpdatesAfterTheSeq_andNothingPastTheLast() {
        String game = uniqueGameId();
        store.append(IntStream.range(0, 6)
                .mapToObj(i -> update(game, "spread", -100 - i, SAME_DATE))
                .toList());

        assertThat(store.history(new HistoryQuery(game, Optional.empty(), 0, Long.MAX_VALUE, 100, 4)))
                .extracting(CapturedChange::seq)
                .containsExactly(5L, 6L);
        assertThat(store.history(new HistoryQuery(game, Optional.empty(), 0, Long.MAX_VALUE, 100, 6)))
                .isEmpty();
        assertThat(store.history(new HistoryQuery(game, Optional.empty(), 0, Long.MAX_VALUE, 100, Long.MAX_VALUE)))
                .isEmpty();
    }

    @Test
    void answersChangesAfterASequenceNumber_inOrderUpToTheLimit() {
        String game = uniqueGameId();
        store.append(IntStream.range(0, 6)
                .mapToObj(i -> update(game, "spread", -100 - i, 1_764_617_400L + i))
                .toList());

        assertThat(store.changesAfter(game, 2, 3))
                .extracting(CapturedChange::seq)
                .containsExactly(3L, 4L, 5L);
        assertThat(store.changesAfter(game, 6, 3)).isEmpty();
    }

    @Test
    void keepsStoreTimesInOrder_whenTheClockMovesOn() {
        String game = uniqueGameId();
        store.append(List.of(update(game, "spread", -110, 1_764_617_400L)));
        clock.advance(Duration.ofMillis(5));
        store.append(List.of(update(game, "spread", -111, 1_764_617_401L)));

        List<CapturedChange> changes = history(game);

        assertThat(changes.get(1).storedAt())
                .isEqualTo(changes.get(0).storedAt().plusMillis(5));
    }

    @Test
    void storesASuspension_whenItRepeatsTheLastPricesOfAnOpenMarket() {
        String game = uniqueGameId();
        OddsUpdate open = update(game, "spread", -110, 1_764_617_400L);
        OddsUpdate suspended = new OddsUpdate(
                game,
                "spread",
                open.home(),
                open.away(),
                open.homeOdds(),
                open.awayOdds(),
                open.date(),
                false,
                null,
                null,
                null);

        List<AppendOutcome> outcomes = store.append(List.of(open, suspended));

        assertThat(outcomes).containsExactly(new AppendOutcome(game, 1, false), new AppendOutcome(game, 2, false));
        assertThat(store.latest(game))
                .singleElement()
                .satisfies(c -> assertThat(c.update().isOpen()).isFalse());
    }

    @Test
    void keepsTheNewestByProviderDateAsLatest_whenAnOlderUpdateArrivesLate() {
        String game = uniqueGameId();
        store.append(List.of(update(game, "spread", -110, 1_764_617_410L)));

        List<AppendOutcome> late = store.append(List.of(update(game, "spread", -130, 1_764_617_400L)));

        assertThat(late).containsExactly(new AppendOutcome(game, 2, false));
        assertThat(history(game)).extracting(CapturedChange::seq).containsExactly(1L, 2L);
        assertThat(store.latest(game))
                .singleElement()
                .satisfies(c -> assertThat(c.seq()).isEqualTo(1L));
    }

    @Test
    void takesTheHigherSeqAsLatest_whenTwoUpdatesHaveTheSameProviderDate() {
        String game = uniqueGameId();

        store.append(
                List.of(update(game, "total", 200, 1_764_617_400L), update(game, "total", 210, 1_764_617_400_000L)));

        assertThat(store.latest(game))
                .singleElement()
                .satisfies(c -> assertThat(c.seq()).isEqualTo(2L));
    }

    @Test
    void answersNothing_whenTheLimitIsBelowOne_andCountsANegativeSeqAsZero() {
        String game = uniqueGameId();
        store.append(
                List.of(update(game, "spread", -110, 1_764_617_400L), update(game, "spread", -111, 1_764_617_401L)));

        assertThat(store.changesAfter(game, 0, 0)).isEmpty();
        assertThat(store.changesAfter(game, 0, -5)).isEmpty();
        assertThat(store.changesAfter(game, -7, 10))
                .extracting(CapturedChange::seq)
                .containsExactly(1L, 2L);
    }

    @Test
    void assignsEveryUpdateOneSeqGapFree_whenManyWritersAppendToTheSameGamesAtOnce() throws Exception {
        List<String> games = List.of(uniqueGameId(), uniqueGameId(), uniqueGameId());
        int writers = 6;
        int appendsPerWriter = 15;
        Map<String, Set<Long>> seqsByGame = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int a = 0; a < appendsPerWriter; a++) {
                        List<OddsUpdate> batch = new ArrayList<>();
                        for (String game : games) {
                            batch.add(update(game, "spread", -100 - writer, 1_764_617_400_000L + writer * 1_000L + a));
                        }
                        for (AppendOutcome outcome : store.append(batch)) {
                            assertThat(outcome.duplicate()).isFalse();
                            assertThat(seqsByGame
                                            .computeIfAbsent(outcome.gameId(), g -> ConcurrentHashMap.newKeySet())
                                            .add(outcome.seq()))
                                    .as("seq %d of %s handed out twice", outcome.seq(), outcome.gameId())
                                    .isTrue();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        long perGame = (long) writers * appendsPerWriter;
        for (String game : games) {
            assertThat(history(game))
                    .extracting(CapturedChange::seq)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, perGame)
                            .boxed()
                            .toList());
        }
    }

    @Test
    void storesEachUpdateOnceWithGapFreeSeqs_whenABatchThatFailedIsAppendedAgain() {
        String game = uniqueGameId();
        store.append(List.of(update(game, "spread", -100, 1_764_617_400L)));
        List<OddsUpdate> batch = IntStream.range(1, 6)
                .mapToObj(i -> update(game, "spread", -100 - i, 1_764_617_400L + i))
                .toList();

        writeFailures().failWrites();
        try {
            assertThatThrownBy(() -> store.append(batch)).isInstanceOf(StoreUnavailableException.class);
        } finally {
            writeFailures().heal();
        }
        // A provider retries until the store takes it: a store may need a moment to recover by itself.
        List<AppendOutcome> retried = appendUntilAccepted(batch);

        assertThat(retried).extracting(AppendOutcome::seq).containsExactly(2L, 3L, 4L, 5L, 6L);
        List<CapturedChange> stored = history(game);
        assertThat(stored).extracting(CapturedChange::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(stored.subList(1, 6)).extracting(CapturedChange::update).containsExactlyElementsOf(batch);
    }

    @Test
    void namesItsSequenceSpace_withOneEpoch() {
        String epoch = store.epoch();

        assertThat(epoch).isNotBlank();
        assertThat(store.epoch()).isEqualTo(epoch);
    }

    private List<AppendOutcome> appendUntilAccepted(List<OddsUpdate> batch) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                return store.append(batch);
            } catch (StoreUnavailableException refused) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the store still refused appends 10 s after it healed", refused);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(
                        Duration.ofMillis(5).toNanos());
            }
        }
    }

    /**
     * Every page of a query of 10 at a time, each asked after the last seq of the one before, until
     * a page is not full. Gives up after 5 pages: a store that ignores the cursor answers full pages
     * forever.
     */
    private List<List<CapturedChange>> pagesOf(String game, Optional<String> market, long fromMillis, long toMillis) {
        List<List<CapturedChange>> pages = new ArrayList<>();
        long afterSeq = 0;
        while (pages.size() < 5) {
            List<CapturedChange> page =
                    store.history(new HistoryQuery(game, market, fromMillis, toMillis, PAGE, afterSeq));
            pages.add(page);
            if (page.size() < PAGE) {
                break;
            }
            afterSeq = page.get(page.size() - 1).seq();
        }
        return pages;
    }

    private static List<Long> seqs(List<List<CapturedChange>> pages) {
        return pages.stream().flatMap(List::stream).map(CapturedChange::seq).toList();
    }

    private static List<Long> seqsFrom(long first, long last) {
        return java.util.stream.LongStream.rangeClosed(first, last).boxed().toList();
    }

    private List<CapturedChange> history(String game) {
        return store.history(new HistoryQuery(game, Optional.empty(), 0, Long.MAX_VALUE, HistoryQuery.MAX_LIMIT));
    }
}
