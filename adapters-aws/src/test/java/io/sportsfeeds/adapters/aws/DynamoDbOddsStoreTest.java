package io.sportsfeeds.adapters.aws;

import static io.sportsfeeds.core.fakes.Updates.uniqueGameId;
import static io.sportsfeeds.core.fakes.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.HistoryQuery;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.port.OddsStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** What the DynamoDB odds store promises beyond the contract: its item layout, races between processes, crashes, lost answers. */
class DynamoDbOddsStoreTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private static final Duration RETENTION = Duration.ofDays(365);
    private static final Backoff QUICK = new Backoff(3, Duration.ofMillis(1), Duration.ofMillis(5));

    private static AwsSettings table;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T19:31:00.250Z"));

    @BeforeAll
    static void createTable() {
        table = dynalite.newTable("odds");
    }

    /** A store as another process would have it: its own writer id, locks and cached heads. */
    private OddsStore newStore(InterceptedDynamoDbClient client) {
        return DynamoDbStores.of(client, table, clock, RETENTION, QUICK).oddsStore();
    }

    private OddsStore newStore() {
        return newStore(new InterceptedDynamoDbClient(dynalite.client()));
    }

    @Test
    void writesTheHistoryItemOfPackageInfo_andALatestCopyWithoutIdentity() {
        String game = uniqueGameId();
        OddsUpdate update = new OddsUpdate(
                game,
                "spread",
                3.5,
                -3.5,
                -115,
                -105,
                1_764_617_460L,
                true,
                "Lakers @ Celtics",
                "2026-12-01 19:30:00.000",
                "prov-7");

        newStore().append(List.of(update));

        Map<String, AttributeValue> history = item(game, "odds#00000000000000000001");
        assertThat(history)
                .containsOnlyKeys(
                        "PK",
                        "SK",
                        "SEQ",
                        "MARKET",
                        "HOME",
                        "AWAY",
                        "HOMEODDS",
                        "AWAYODDS",
                        "DATE",
                        "DATEMS",
                        "ISOPEN",
                        "SUMMARY",
                        "GAMESTART",
                        "PROVIDERID",
                        "IDENTITY",
                        "CREATED",
                        "EXPIRE",
                        "CLAIM");
        assertThat(history.get("SEQ").n()).isEqualTo("1");
        assertThat(history.get("MARKET").s()).isEqualTo("spread");
        assertThat(Double.parseDouble(history.get("HOMEODDS").n())).isEqualTo(-115.0);
        assertThat(history.get("DATE").n()).isEqualTo("1764617460");
        assertThat(history.get("DATEMS").n()).isEqualTo("1764617460000");
        assertThat(history.get("ISOPEN").bool()).isTrue();
        assertThat(history.get("GAMESTART").s()).isEqualTo("2026-12-01 19:30:00.000");
        assertThat(history.get("PROVIDERID").s()).isEqualTo("prov-7");
        assertThat(history.get("IDENTITY").s()).isEqualTo("id:prov-7");
        assertThat(history.get("CREATED").n()).isEqualTo("1796153460250");
        assertThat(history.get("EXPIRE").n()).isEqualTo(Long.toString(1_796_153_460L + RETENTION.toSeconds()));
        Map<String, AttributeValue> expectedLatest = new HashMap<>(history);
        expectedLatest.keySet().removeAll(List.of("IDENTITY", "CLAIM"));
        expectedLatest.put("SK", AttributeValue.fromS("latest#spread"));
        assertThat(item(game, "latest#spread")).isEqualTo(expectedLatest);
    }

    /** afterSeq belongs in the key condition: as a filter, every item below it would be read and paid for. */
    @Test
    void readsOnlyTheItemsAfterTheCursor_whenAHistoryQueryGivesAfterSeq() {
        String game = uniqueGameId();
        List<Integer> scanned = Collections.synchronizedList(new ArrayList<>());
        InterceptedDynamoDbClient counting = new InterceptedDynamoDbClient(dynalite.client());
        OddsStore store = newStore(counting);
        store.append(IntStream.range(0, 30)
                .mapToObj(i -> update(game, "spread", -100 - i, 1_764_617_400L))
                .toList());
        counting.intercept(new InterceptedDynamoDbClient.Interceptor() {
            @Override
            public SdkResponse after(SdkRequest request, SdkResponse response) {
                if (response instanceof QueryResponse query) {
                    scanned.add(query.scannedCount());
                }
                return response;
            }
        });

        List<CapturedChange> page =
                store.history(new HistoryQuery(game, Optional.of("spread"), 0, Long.MAX_VALUE, 100, 20));

        assertThat(page)
                .extracting(CapturedChange::seq)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(21, 30).boxed().toList());
        assertThat(scanned).containsExactly(10);
    }

    /**
     * Two processes (two stores, each with its own locks and cached heads) append to the same games
     * from several threads each, and post some of the same updates at the same time.
     */
    @Test
    void storesEveryUpdateOnceWithGapFreeSeqs_whenTwoStoresAppendToTheSameGamesFromSeveralThreads() throws Exception {
        AtomicInteger claims = new AtomicInteger();
        InterceptedDynamoDbClient counting = new InterceptedDynamoDbClient(dynalite.client());
        counting.intercept(new InterceptedDynamoDbClient.Interceptor() {
            @Override
            public SdkResponse before(SdkRequest request) {
                if (Faults.isClaim(request)) {
                    claims.incrementAndGet();
                }
                return null;
            }
        });
        List<OddsStore> stores = List.of(newStore(counting), newStore(counting));
        List<String> games = List.of(uniqueGameId(), uniqueGameId());
        int threadsPerStore = 3;
        int appendsPerThread = 8;
        List<AppendOutcome> acknowledged = Collections.synchronizedList(new ArrayList<>());
        Map<AppendOutcome, OddsUpdate> updateOf = new java.util.concurrent.ConcurrentHashMap<>();
        List<Future<?>> done = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(stores.size() * threadsPerStore);
        try {
            AtomicInteger writers = new AtomicInteger();
            for (OddsStore store : stores) {
                for (int t = 0; t < threadsPerStore; t++) {
                    int writer = writers.getAndIncrement();
                    done.add(pool.submit(() -> {
                        for (int a = 0; a < appendsPerThread; a++) {
                            List<OddsUpdate> batch = new ArrayList<>();
                            for (String game : games) {
                                batch.add(update(
                                        game, "spread", -100 - writer, 1_764_617_400_000L + writer * 1_000L + a));
                                // Every writer posts this one in its round a: one copy is stored, the rest are
                                // duplicates.
                                batch.add(update(game, "total", 200 + a, 1_764_617_500_000L + a));
                            }
                            List<AppendOutcome> outcomes = store.append(batch);
                            for (int i = 0; i < batch.size(); i++) {
                                acknowledged.add(outcomes.get(i));
                                updateOf.put(outcomes.get(i), batch.get(i));
                            }
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        int writersInAll = stores.size() * threadsPerStore;
        long storedInAll = (long) games.size() * (writersInAll * appendsPerThread + appendsPerThread);
        assertThat(claims.get())
                .as("claims tried: more than updates stored, or the stores never raced")
                .isGreaterThan((int) storedInAll);
        for (String game : games) {
            List<CapturedChange> history = history(game);
            long stored = (long) writersInAll * appendsPerThread + appendsPerThread;
            assertThat(history)
                    .extracting(CapturedChange::seq)
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, stored).boxed().toList());
            assertThat(history).extracting(change -> change.update().identity()).doesNotHaveDuplicates();
            Map<Long, OddsUpdate> bySeq =
                    history.stream().collect(Collectors.toMap(CapturedChange::seq, CapturedChange::update));
            List<AppendOutcome> ofGame =
                    acknowledged.stream().filter(o -> o.gameId().equals(game)).toList();
            // Every acknowledged update is stored under the seq it was given.
            assertThat(ofGame)
                    .allSatisfy(outcome -> assertThat(bySeq.get(outcome.seq())).isEqualTo(updateOf.get(outcome)));
            // Each shared update was stored by exactly one of the writers that posted it.
            assertThat(ofGame.stream().filter(o -> !o.duplicate()).count()).isEqualTo(stored);
            // The latest of each market is its newest update by date.
            assertThat(newStore().latest(game))
                    .extracting(CapturedChange::update)
                    .containsExactlyElementsOf(history.stream()
                            .collect(Collectors.groupingBy(
                                    c -> c.market(),
                                    java.util.TreeMap::new,
                                    Collectors.maxBy(Comparator.comparingLong((CapturedChange c) ->
                                                    c.update().dateMillis())
                                            .thenComparingLong(CapturedChange::seq))))
                            .values()
                            .stream()
                            .map(c -> c.orElseThrow().update())
                            .toList());
        }
    }

    /**
     * A writer dies (its process ends) right after its n-th write of a batch of three updates of one
     * game: after one update's claim or after its latest write. Another process then appends an
     * update of its own and the dead writer's client posts the batch again.
     */
    @ParameterizedTest(name = "dies after write {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6})
    void losesAndDuplicatesNothing_whenAWriterDiesBetweenTwoOfItsWrites(int diesAfterWrite) {
        String game = uniqueGameId();
        List<OddsUpdate> batch = IntStream.range(0, 3)
                .mapToObj(i -> update(game, "spread", -110 - i, 1_764_617_400L + i))
                .toList();
        InterceptedDynamoDbClient dying = new InterceptedDynamoDbClient(dynalite.client());
        AtomicInteger writes = new AtomicInteger();
        dying.intercept(new InterceptedDynamoDbClient.Interceptor() {
            @Override
            public SdkResponse after(SdkRequest request, SdkResponse response) {
                if (Faults.isWrite(request) && writes.incrementAndGet() == diesAfterWrite) {
                    throw new WriterDied();
                }
                return response;
            }
        });
        assertThatThrownBy(() -> newStore(dying).append(batch)).isInstanceOf(WriterDied.class);
        int claimed = (diesAfterWrite + 1) / 2;

        OddsStore survivor = newStore();
        assertThat(survivor.latest(game))
                .singleElement()
                .satisfies(latest -> assertThat(latest.seq()).isEqualTo(claimed));
        OddsUpdate other = update(game, "moneyline", 150, 1_764_617_300L);
        assertThat(survivor.append(List.of(other))).containsExactly(new AppendOutcome(game, claimed + 1, false));
        List<AppendOutcome> retried = newStore().append(batch);

        List<AppendOutcome> expected = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            expected.add(i <= claimed ? new AppendOutcome(game, i, true) : new AppendOutcome(game, i + 1, false));
        }
        assertThat(retried).containsExactlyElementsOf(expected);
        List<OddsUpdate> stored = new ArrayList<>(batch.subList(0, claimed));
        stored.add(other);
        stored.addAll(batch.subList(claimed, 3));
        assertThat(history(game)).extracting(CapturedChange::update).containsExactlyElementsOf(stored);
        // The dead writer's latest write was made by whoever came next.
        assertThat(item(game, "latest#spread").get("SEQ").n()).isEqualTo(Long.toString(claimed == 3 ? 3 : 4));
        assertThat(item(game, "latest#moneyline").get("SEQ").n()).isEqualTo(Long.toString(claimed + 1));
    }

    @Test
    void completesTheDeadWritersLatest_whenItsUpdateIsPostedAgain() {
        String game = uniqueGameId();
        OddsUpdate update = update(game, "spread", -110, 1_764_617_400L);
        InterceptedDynamoDbClient dying = new InterceptedDynamoDbClient(dynalite.client());
        dying.intercept(new InterceptedDynamoDbClient.Interceptor() {
            @Override
            public SdkResponse after(SdkRequest request, SdkResponse response) {
                if (Faults.isClaim(request)) {
                    throw new WriterDied();
                }
                return response;
            }
        });
        assertThatThrownBy(() -> newStore(dying).append(List.of(update))).isInstanceOf(WriterDied.class);
        assertThat(find(game, "latest#spread")).isEmpty();

        List<AppendOutcome> again = newStore().append(List.of(update));

        assertThat(again).containsExactly(new AppendOutcome(game, 1, true));
        assertThat(item(game, "latest#spread").get("SEQ").n()).isEqualTo("1");
    }

    /** The claim landed but its answer was lost: the SDK or the store tries again, and the retry's condition fails on the claim's own item. */
    @Test
    void reportsTheUpdateAsStoredOnceAndNotAsDuplicate_whenTheAnswerToItsClaimWasLost() {
        String game = uniqueGameId();
        InterceptedDynamoDbClient lossy = new InterceptedDynamoDbClient(dynalite.client());
        AtomicInteger lost = new AtomicInteger();
        lossy.intercept(new InterceptedDynamoDbClient.Interceptor() {
            @Override
            public SdkResponse after(SdkRequest request, SdkResponse response) {
                if (Faults.isClaim(request) && lost.getAndIncrement() == 0) {
                    throw Faults.unreachable();
                }
                return response;
            }
        });
        OddsStore store = newStore(lossy);

        List<AppendOutcome> outcomes = store.append(
                List.of(update(game, "spread", -110, 1_764_617_400L), update(game, "spread", -111, 1_764_617_401L)));

        assertThat(outcomes).containsExactly(new AppendOutcome(game, 1, false), new AppendOutcome(game, 2, false));
        assertThat(history(game)).extracting(CapturedChange::seq).containsExactly(1L, 2L);
        assertThat(item(game, "latest#spread").get("SEQ").n()).isEqualTo("2");
    }

    @Test
    void storesTheUpdate_whenItsCallsAreThrottledFewerTimesThanTheStoreTries() {
        String game = uniqueGameId();
        InterceptedDynamoDbClient throttled = new InterceptedDynamoDbClient(dynalite.client());
        Map<Class<?>, AtomicInteger> throttledByKind = new java.util.concurrent.ConcurrentHashMap<>();
        throttled.intercept(new InterceptedDynamoDbClient.Interceptor() {
            @Override
            public SdkResponse before(SdkRequest request) {
                // Each kind of call is throttled twice; the store tries three times.
                if (throttledByKind
                                .computeIfAbsent(request.getClass(), k -> new AtomicInteger())
                                .getAndIncrement()
                        < 2) {
                    throw Faults.throttled();
                }
                return null;
            }
        });

        List<AppendOutcome> outcomes =
                newStore(throttled).append(List.of(update(game, "spread", -110, 1_764_617_400L)));

        assertThat(outcomes).containsExactly(new AppendOutcome(game, 1, false));
        assertThat(throttledByKind.values())
                .allSatisfy(calls -> assertThat(calls.get()).isGreaterThanOrEqualTo(3));
        assertThat(history(game))
                .singleElement()
                .satisfies(change -> assertThat(change.update().homeOdds()).isEqualTo(-110.0));
    }

    @Test
    void answersTheLatestOfAMarket_fromTheNewestHistoryItemWhoseLatestWriteIsMissing() {
        String game = uniqueGameId();
        OddsStore store = newStore();
        store.append(List.of(update(game, "spread", -110, 1_764_617_400L)));
        InterceptedDynamoDbClient dying = new InterceptedDynamoDbClient(dynalite.client());
        dying.intercept(new InterceptedDynamoDbClient.Interceptor() {
            @Override
            public SdkResponse before(SdkRequest request) {
                if (Faults.isLatestPut(request)) {
                    throw new WriterDied();
                }
                return null;
            }
        });
        assertThatThrownBy(() -> newStore(dying).append(List.of(update(game, "spread", -120, 1_764_617_401L))))
                .isInstanceOf(WriterDied.class);

        assertThat(item(game, "latest#spread").get("SEQ").n()).isEqualTo("1");
        assertThat(store.latest(game)).singleElement().satisfies(latest -> {
            assertThat(latest.seq()).isEqualTo(2);
            assertThat(latest.update().homeOdds()).isEqualTo(-120.0);
        });
    }

    private List<CapturedChange> history(String game) {
        return newStore().history(new HistoryQuery(game, Optional.empty(), 0, Long.MAX_VALUE, HistoryQuery.MAX_LIMIT));
    }

    private static Optional<Map<String, AttributeValue>> find(String pk, String sk) {
        var response = dynalite.client()
                .getItem(r -> r.tableName(table.table()).key(Table.key(pk, sk)).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    }

    private static Map<String, AttributeValue> item(String pk, String sk) {
        return find(pk, sk).orElseThrow(() -> new AssertionError("no item " + pk + " / " + sk));
    }

    /** A process ending in the middle of an append: nothing after it runs. */
    private static final class WriterDied extends RuntimeException {
        WriterDied() {
            super("the writer's process ended here (injected)");
        }
    }
}
