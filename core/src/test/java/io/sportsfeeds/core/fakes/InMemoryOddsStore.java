package io.sportsfeeds.core.fakes;

import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.HistoryQuery;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.port.OddsStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An odds store in memory, for tests of what uses one. Keeps the port's promises, no more: it can
 * be told to fail, or to fail part-way through an append (the updates before the failure stay
 * stored, as they may in DynamoDB).
 */
public final class InMemoryOddsStore implements OddsStore {
    private static final Comparator<CapturedChange> NEWEST_LAST = Comparator.comparingLong(
                    (CapturedChange c) -> c.update().dateMillis())
            .thenComparingLong(CapturedChange::seq);

    private final Clock clock;
    private final String epoch = "memory-" + UUID.randomUUID();
    private final Map<String, List<CapturedChange>> historyByGame = new HashMap<>();
    private final Map<String, Map<String, Long>> seqByIdentityByGame = new HashMap<>();
    private final Map<String, Map<String, CapturedChange>> latestByGame = new HashMap<>();
    private final Map<String, Instant> lastStoredAtByGame = new HashMap<>();
    private final List<Consumer<List<CapturedChange>>> commitListeners = new CopyOnWriteArrayList<>();
    private boolean failing;
    private int failAfter = -1;

    public InMemoryOddsStore(Clock clock) {
        this.clock = clock;
    }

    /** From now on every call fails as an unreachable store would (or works again). */
    public synchronized void failing(boolean failing) {
        this.failing = failing;
    }

    /** The next append stores its first {@code updates} new updates, then fails. */
    public synchronized void failNextAppendAfter(int updates) {
        this.failAfter = updates;
    }

    /**
     * Called with the changes of each append, in commit order, after the store's lock is released
     * (so a listener that reads the store, or is slow, never holds up or deadlocks an appender).
     */
    public void onCommit(Consumer<List<CapturedChange>> listener) {
        commitListeners.add(listener);
    }

    @Override
    public List<AppendOutcome> append(List<OddsUpdate> updates) {
        List<AppendOutcome> outcomes = new ArrayList<>(updates.size());
        List<CapturedChange> committed = new ArrayList<>();
        StoreUnavailableException failure = null;
        synchronized (this) {
            checkAvailable();
            int storesLeft = failAfter;
            failAfter = -1;
            for (OddsUpdate update : updates) {
                Map<String, Long> seen = seqByIdentityByGame.computeIfAbsent(update.gameId(), g -> new HashMap<>());
                Long earlier = seen.get(update.identity());
                if (earlier != null) {
                    outcomes.add(new AppendOutcome(update.gameId(), earlier, true));
                    continue;
                }
                if (storesLeft == 0) {
                    failure = new StoreUnavailableException(
                            "the in-memory store was told to fail part-way through an append");
                    break;
                }
                storesLeft--;
                List<CapturedChange> history = historyByGame.computeIfAbsent(update.gameId(), g -> new ArrayList<>());
                Instant now = clock.instant();
                Instant last = lastStoredAtByGame.getOrDefault(update.gameId(), Instant.MIN);
                Instant storedAt = now.isBefore(last) ? last : now;
                lastStoredAtByGame.put(update.gameId(), storedAt);
                CapturedChange change = new CapturedChange(history.size() + 1L, storedAt, update);
                history.add(change);
                seen.put(update.identity(), change.seq());
                latestByGame
                        .computeIfAbsent(update.gameId(), g -> new TreeMap<>())
                        .merge(update.market(), change, (old, next) -> NEWEST_LAST.compare(next, old) > 0 ? next : old);
                committed.add(change);
                outcomes.add(new AppendOutcome(update.gameId(), change.seq(), false));
            }
        }
        if (!committed.isEmpty()) {
            List<CapturedChange> changes = List.copyOf(committed);
            commitListeners.forEach(listener -> listener.accept(changes));
        }
        if (failure != null) {
            throw failure;
        }
        return outcomes;
    }

    @Override
    public synchronized List<CapturedChange> latest(String gameId) {
        checkAvailable();
        return List.copyOf(latestByGame.getOrDefault(gameId, Map.of()).values());
    }

    @Override
    public synchronized List<CapturedChange> history(HistoryQuery query) {
        checkAvailable();
        return historyByGame.getOrDefault(query.gameId(), List.of()).stream()
                .filter(query::covers)
                .limit(query.limit())
                .toList();
    }

    @Override
    public synchronized List<CapturedChange> changesAfter(String gameId, long afterSeq, int limit) {
        checkAvailable();
        if (limit < 1) {
            return List.of();
        }
        return historyByGame.getOrDefault(gameId, List.of()).stream()
                .filter(change -> change.seq() > afterSeq)
                .limit(limit)
                .toList();
    }

    @Override
    public String epoch() {
        return epoch;
    }

    private void checkAvailable() {
        if (failing) {
            throw new StoreUnavailableException("the in-memory store was told to fail");
        }
    }
}
