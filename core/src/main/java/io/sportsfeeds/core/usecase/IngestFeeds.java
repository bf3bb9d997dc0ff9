package io.sportsfeeds.core.usecase;

import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.BatchReader;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.port.OddsStore;
import java.util.List;
import java.util.Map;

/**
 * Ingests a provider's batch of odds updates: every update valid, or nothing stored. An
 * acknowledged batch is durable; one that failed in the store was not acknowledged, may be partly
 * stored, and is safe to post again (stored updates come back as duplicates with their seq).
 */
public final class IngestFeeds {
    public static final int DEFAULT_MAX_BATCH = 1_000;

    private final OddsStore store;
    private final int maxBatch;

    public IngestFeeds(OddsStore store, int maxBatch) {
        this.store = store;
        this.maxBatch = maxBatch;
    }

    /** What an ingest did: one outcome per update of the batch, in order. */
    public record Report(List<AppendOutcome> outcomes) {
        public Report {
            outcomes = List.copyOf(outcomes);
        }

        public long accepted() {
            return outcomes.stream().filter(o -> !o.duplicate()).count();
        }

        public long duplicates() {
            return outcomes.stream().filter(AppendOutcome::duplicate).count();
        }
    }

    /**
     * Ingests {@code {"odds": [...]}} as decoded from the request body.
     *
     * @throws io.sportsfeeds.core.domain.InvalidInputException naming every bad field; nothing stored
     * @throws io.sportsfeeds.core.domain.LimitExceededException when the batch is too large
     * @throws io.sportsfeeds.core.domain.StoreUnavailableException when the store failed: nothing acknowledged, a retry is safe
     */
    public Report ingest(Map<String, ?> document) {
        List<OddsUpdate> updates = BatchReader.read(document, "odds", maxBatch, OddsUpdate::read);
        return new Report(store.append(updates));
    }
}
