package io.sportsfeeds.adapters.aws;

import static io.sportsfeeds.adapters.aws.Attributes.n;
import static io.sportsfeeds.adapters.aws.Attributes.s;

import io.sportsfeeds.adapters.aws.Table.Expression;
import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.HistoryQuery;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.port.OddsStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The odds store on the single table, with conditional single-item writes only (no transactions,
 * which dynalite lacks and which would double the write cost). Per game ({@code PK} = the game id):
 *
 * <ul>
 *   <li>{@code SK=odds#<seq>}: one history item per stored update (package-info.java). Putting it
 *       with {@code attribute_not_exists(SK)} <em>is</em> the claim of the seq: the update, its seq
 *       and its identity (the {@code IDENTITY} attribute, in the local index {@code LSI-IDENTITY})
 *       land in one write, so no seq is ever claimed without its update.
 *   <li>{@code SK=latest#<market>}: a copy of the market's newest history item by {@code DATEMS},
 *       ties to the higher {@code SEQ}, replaced with a conditional put.
 * </ul>
 *
 * <p>An append of a game reads the newest history item (strongly consistent, descending, Limit 1)
 * unless this store wrote the game last, makes sure that item's latest write happened (its writer
 * may have died before it), then for each update: a strongly consistent identity query, the claim
 * of head + 1, the latest put. A lost race for a seq re-reads the head and asks about the identity
 * again, so two writers of one update cannot both store it: see {@code DYNAMODB.md} for the
 * argument, the crash windows and the cost (3 write units per stored update). Appends of one game
 * take turns within a store; stores in other processes race through the conditions.
 */
final class DynamoDbOddsStore implements OddsStore {
    /** Lost races for a seq before an append gives up (each one means another writer made progress). */
    private static final int MAX_LOST_CLAIMS = 1_000;

    private static final int PAGE = 1_000;
    private static final int LOCK_STRIPES = 256;
    private static final int MAX_CACHED_HEADS = 10_000;

    private static final Expression CLAIM_CONDITION =
            Expression.of("attribute_not_exists(#sk)").name("#sk", Layout.SK);
    private static final Expression LATEST_CONDITION = Expression.of(
                    "attribute_not_exists(#sk) OR #dms < :dms OR (#dms = :dms AND #seq < :seq)")
            .name("#sk", Layout.SK)
            .name("#dms", Layout.DATEMS)
            .name("#seq", Layout.SEQ);

    /** '#' is not an id character, so no game can have this partition key. */
    static final String META_PK = "#meta";

    static final String EPOCH_SK = "epoch";
    static final String EPOCH = "EPOCH";
    private static final Expression NEW_ITEM =
            Expression.of("attribute_not_exists(#pk)").name("#pk", Layout.PK);

    private final Table table;
    private final Clock clock;
    private volatile String epoch;
    private final long retentionSeconds;
    private final String writerId;
    private final AtomicLong claims = new AtomicLong();
    /** One append of a game at a time per store (games share a lock when their hashes meet). */
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
    /** The newest seq this store wrote per game, complete with its latest write. */
    private final Map<String, Head> heads = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Head> eldest) {
            return size() > MAX_CACHED_HEADS;
        }
    });

    /**
     * @param writerId tells this store's history items from other writers' (unique per store instance)
     */
    DynamoDbOddsStore(Table table, Clock clock, Duration retention, String writerId) {
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retentionSeconds = retention.toSeconds();
        this.writerId = Objects.requireNonNull(writerId, "writerId");
        Arrays.setAll(locks, i -> new ReentrantLock());
    }

    @Override
    public List<AppendOutcome> append(List<OddsUpdate> updates) {
        List<OddsUpdate> list = List.copyOf(updates);
        AppendOutcome[] outcomes = new AppendOutcome[list.size()];
        Map<String, List<Integer>> byGame = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            byGame.computeIfAbsent(list.get(i).gameId(), g -> new ArrayList<>()).add(i);
        }
        Concurrently.map(List.copyOf(byGame.entrySet()), game -> {
            new GameAppend(game.getKey()).appendAll(list, game.getValue(), outcomes);
            return game.getKey();
        });
        return List.of(outcomes);
    }

    @Override
    public List<CapturedChange> latest(String gameId) {
        // The newest history item first, then the latest items: an item whose latest write is missing
        // is the newest, and a writer completes it before claiming past it, so nothing slips between.
        Optional<Map<String, AttributeValue>> newest = newestHistoryItem(gameId);
        Expression key = Expression.of("#pk = :pk AND begins_with(#sk, :latest)")
                .name("#pk", Layout.PK)
                .name("#sk", Layout.SK)
                .value(":pk", s(gameId))
                .value(":latest", s(Layout.LATEST_PREFIX));
        Map<String, Map<String, AttributeValue>> byMarket = new TreeMap<>();
        for (Map<String, AttributeValue> item :
                table.queryAll(Table.query(key).consistentRead(true).build())) {
            byMarket.put(Attributes.string(item, Layout.MARKET), item);
        }
        newest.ifPresent(item -> byMarket.merge(
                Attributes.string(item, Layout.MARKET),
                item,
                (stored, head) -> OddsItems.isNewer(head, stored) ? head : stored));
        return byMarket.values().stream().map(OddsItems::change).toList();
    }

    @Override
    public List<CapturedChange> history(HistoryQuery query) {
        if (query.firstSeq().isEmpty()) {
            return List.of();
        }
        Expression filter = Expression.of(
                        "#dms >= :from AND #dms < :to" + (query.market().isPresent() ? " AND #market = :market" : ""))
                .name("#dms", Layout.DATEMS)
                .value(":from", n(query.fromMillis()))
                .value(":to", n(query.toMillis()));
        if (query.market().isPresent()) {
            filter = filter.name("#market", Layout.MARKET)
                    .value(":market", s(query.market().get()));
        }
        // afterSeq is part of the key condition: the items below it are neither read nor paid for.
        var request = Table.query(seqRange(query.gameId(), query.firstSeq().getAsLong()), filter)
                .consistentRead(true)
                .build();
        return table.query(request, query.limit()).stream()
                .map(OddsItems::change)
                .toList();
    }

    /**
     * The table's epoch: an item made once, by whichever store asks first (a conditional put, so two
     * stores on one new table agree), read strongly consistent and then kept.
     */
    @Override
    public String epoch() {
        String known = epoch;
        if (known == null) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(Layout.PK, Attributes.s(META_PK));
            item.put(Layout.SK, Attributes.s(EPOCH_SK));
            item.put(EPOCH, Attributes.s(java.util.UUID.randomUUID().toString()));
            table.putIf(item, NEW_ITEM);
            known = table.get(META_PK, EPOCH_SK)
                    .map(stored -> Attributes.string(stored, EPOCH))
                    .orElseThrow(() -> new StoreUnavailableException(
                            "the epoch item of table " + table.name() + " could not be read back"));
            epoch = known;
        }
        return known;
    }

    @Override
    public List<CapturedChange> changesAfter(String gameId, long afterSeq, int limit) {
        long after = Math.max(0, afterSeq);
        if (limit < 1 || after == Long.MAX_VALUE) {
            return List.of();
        }
        var request = Table.query(seqRange(gameId, after + 1))
                .consistentRead(true)
                .limit(Math.min(limit, PAGE))
                .build();
        return table.query(request, limit).stream().map(OddsItems::change).toList();
    }

    private static Expression seqRange(String gameId, long fromSeq) {
        return Expression.of("#pk = :pk AND #sk BETWEEN :first AND :last")
                .name("#pk", Layout.PK)
                .name("#sk", Layout.SK)
                .value(":pk", s(gameId))
                .value(":first", s(Layout.oddsKey(fromSeq)))
                .value(":last", s(Layout.oddsEnd()));
    }

    /** The game's history item with the highest seq, strongly consistent. */
    private Optional<Map<String, AttributeValue>> newestHistoryItem(String gameId) {
        Expression key = Expression.of("#pk = :pk AND begins_with(#sk, :odds)")
                .name("#pk", Layout.PK)
                .name("#sk", Layout.SK)
                .value(":pk", s(gameId))
                .value(":odds", s(Layout.ODDS_PREFIX));
        var request = Table.query(key)
                .consistentRead(true)
                .scanIndexForward(false)
                .limit(1)
                .build();
        return table.query(request, 1).stream().findFirst();
    }

    /** Puts a history item's copy as its market's latest unless a newer one is there; repeating it changes nothing. */
    private void putLatest(Map<String, AttributeValue> history) {
        table.putIf(
                OddsItems.latestFrom(history),
                LATEST_CONDITION.value(":dms", history.get(Layout.DATEMS)).value(":seq", history.get(Layout.SEQ)));
    }

    /**
     * Completes a history item's latest write, which its writer may not have made (it died, or is
     * about to): a read first, since most items are complete and a failed conditional put costs a
     * write unit.
     */
    private void ensureLatest(String gameId, Map<String, AttributeValue> history) {
        Optional<Map<String, AttributeValue>> current =
                table.get(gameId, Layout.latestKey(Attributes.string(history, Layout.MARKET)));
        if (current.isEmpty() || OddsItems.isNewer(history, current.get())) {
            putLatest(history);
        }
    }

    /** The newest seq of a game this append knows to exist, and its store time. */
    private record Head(long seq, long createdMillis) {
        static final Head NONE = new Head(0, Long.MIN_VALUE);
    }

    /** One game's updates of one append, in list order, from one thread. */
    private final class GameAppend {
        private final String gameId;
        /** Null when unknown: read before the next claim. */
        private Head head;
        /** Identities stored (or found stored) during this append, with their seqs. */
        private final Map<String, Long> known = new HashMap<>();

        GameAppend(String gameId) {
            this.gameId = gameId;
        }

        /**
         * One append of a game at a time in this process (other processes race through the
         * conditions), starting from the head this process last wrote: a fact that stays true, so
         * it needs no read. A failed append forgets it, since its last item may lack its latest write.
         */
        void appendAll(List<OddsUpdate> list, List<Integer> indexes, AppendOutcome[] outcomes) {
            ReentrantLock lock = locks[Math.floorMod(gameId.hashCode(), locks.length)];
            lock.lock();
            try {
                head = heads.remove(gameId);
                for (int index : indexes) {
                    outcomes[index] = append(list.get(index));
                }
                if (head != null) {
                    heads.put(gameId, head);
                }
            } finally {
                lock.unlock();
            }
        }

        private AppendOutcome append(OddsUpdate update) {
            String identity = update.identity();
            Long earlier = known.get(identity);
            if (earlier != null) {
                return new AppendOutcome(gameId, earlier, true);
            }
            String claim = writerId + ":" + claims.incrementAndGet();
            for (int lost = 0; lost <= MAX_LOST_CLAIMS; lost++) {
                if (head == null) {
                    head = readHead();
                }
                // Asked after the head was known, so a copy claimed at or below it is seen (DYNAMODB.md).
                Optional<Long> stored = findIdentity(identity);
                if (stored.isPresent()) {
                    long seq = stored.get();
                    if (seq > head.seq()) {
                        // Claimed after the head this append knows, so perhaps by a writer that died before its latest
                        // write.
                        table.get(gameId, Layout.oddsKey(seq)).ifPresent(item -> ensureLatest(gameId, item));
                    }
                    known.put(identity, seq);
                    return new AppendOutcome(gameId, seq, true);
                }
                long seq = head.seq() + 1;
                long created = Math.max(clock.millis(), head.createdMillis());
                Map<String, AttributeValue> item =
                        OddsItems.history(update, seq, created, Math.floorDiv(created, 1000) + retentionSeconds, claim);
                boolean claimed = table.putIf(item, CLAIM_CONDITION);
                if (!claimed) {
                    // Another writer took the seq, or this one did with a try whose answer was lost (the
                    // retry's condition then fails on its own item): the item's claim tells which.
                    Map<String, AttributeValue> newest =
                            newestHistoryItem(gameId).orElseThrow(() -> vanished(seq));
                    long newestSeq = OddsItems.seq(newest);
                    claimed = newestSeq == seq
                            ? isClaim(newest, claim)
                            : table.get(gameId, Layout.oddsKey(seq))
                                    .map(i -> isClaim(i, claim))
                                    .orElse(false);
                    if (!claimed) {
                        ensureLatest(gameId, newest);
                        head = new Head(newestSeq, OddsItems.created(newest));
                        continue; // and ask about the identity again: the winner may have stored this very update
                    }
                }
                putLatest(item);
                // Others may have written after it (if its answer was lost): then the next claim fails and reads them.
                head = new Head(seq, created);
                known.put(identity, seq);
                return new AppendOutcome(gameId, seq, false);
            }
            throw new StoreUnavailableException("gave up appending to game " + gameId
                    + " after losing the race for a seq " + MAX_LOST_CLAIMS + " times");
        }

        private boolean isClaim(Map<String, AttributeValue> item, String claim) {
            return claim.equals(Attributes.optionalString(item, Layout.CLAIM));
        }

        private StoreUnavailableException vanished(long seq) {
            return new StoreUnavailableException("game " + gameId + " has no history item although the claim of seq "
                    + seq + " found one there (deleted meanwhile?)");
        }

        private Head readHead() {
            Optional<Map<String, AttributeValue>> newest = newestHistoryItem(gameId);
            if (newest.isEmpty()) {
                return Head.NONE;
            }
            Map<String, AttributeValue> item = newest.get();
            ensureLatest(gameId, item);
            return new Head(OddsItems.seq(item), OddsItems.created(item));
        }

        /** The seq of the game's stored update with this identity, strongly consistent. */
        private Optional<Long> findIdentity(String identity) {
            Expression key = Expression.of("#pk = :pk AND #identity = :identity")
                    .name("#pk", Layout.PK)
                    .name("#identity", Layout.IDENTITY)
                    .value(":pk", s(gameId))
                    .value(":identity", s(identity));
            var request = Table.query(key)
                    .indexName(Layout.IDENTITY_INDEX)
                    .consistentRead(true)
                    .build();
            return table.queryAll(request).stream().map(OddsItems::seqOfKey).min(Comparator.naturalOrder());
        }
    }
}
