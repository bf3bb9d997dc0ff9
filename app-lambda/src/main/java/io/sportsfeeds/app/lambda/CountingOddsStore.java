package io.sportsfeeds.app.lambda;

import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.HistoryQuery;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.port.OddsStore;
import java.util.List;
import java.util.Objects;

/** The REST function's odds store, counting what each append stored ({@code Ingested}) and found stored already ({@code Duplicates}). */
final class CountingOddsStore implements OddsStore {
    static final String INGESTED = "Ingested";
    static final String DUPLICATES = "Duplicates";

    private final OddsStore store;
    private final Telemetry telemetry;

    CountingOddsStore(OddsStore store, Telemetry telemetry) {
        this.store = Objects.requireNonNull(store, "store");
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
    }

    @Override
    public List<AppendOutcome> append(List<OddsUpdate> updates) {
        List<AppendOutcome> outcomes = store.append(updates);
        long duplicates = outcomes.stream().filter(AppendOutcome::duplicate).count();
        telemetry.count(INGESTED, outcomes.size() - duplicates);
        telemetry.count(DUPLICATES, duplicates);
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
