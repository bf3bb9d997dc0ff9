package io.sportsfeeds.app.local;

import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.HistoryQuery;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.port.OddsStore;
import java.util.List;

/** An odds store that records each append's latency and outcomes in the server's metrics. */
final class MeteredOddsStore implements OddsStore {
    private final OddsStore store;
    private final ServerMetrics metrics;

    MeteredOddsStore(OddsStore store, ServerMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    @Override
    public List<AppendOutcome> append(List<OddsUpdate> updates) {
        long start = System.nanoTime();
        List<AppendOutcome> outcomes = store.append(updates);
        metrics.appended(outcomes, System.nanoTime() - start);
        return outcomes;
    }

    @Override
    public List<CapturedChange> latest(String gameId) {
        return store.latest(gameId);
    }

    @Override
    public List<CapturedChange> history(HistoryQuery query) {
        return store.history(query);
    }

    @Override
    public List<CapturedChange> changesAfter(String gameId, long afterSeq, int limit) {
        return store.changesAfter(gameId, afterSeq, limit);
    }

    @Override
    public String epoch() {
        return store.epoch();
    }
}
