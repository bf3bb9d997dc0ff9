package io.sportsfeeds.core.port;

import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.HistoryQuery;
import io.sportsfeeds.core.domain.OddsUpdate;
import java.util.List;

/**
 * Keeps the odds history and the latest odds of every game and market. Every method may throw
 * {@link io.sportsfeeds.core.domain.StoreUnavailableException}.
 */
public interface OddsStore {

    /**
     * Stores durably, before returning, every update whose identity was not stored before (earlier
     * in the list counts). Each stored update gets the next sequence number of its game, in list
     * order.
     *
     * <p>The promise is per update: an update, its seq, its history row, its latest row and its
     * identity are stored together or not at all. When this throws, some updates of the list may be
     * stored and others not; none was acknowledged, and appending the same list again is safe: the
     * stored ones come back as duplicates with the seq they hold. (An adapter may promise more, such
     * as all or nothing per call.)
     *
     * @return one outcome per update, in list order
     */
    List<AppendOutcome> append(List<OddsUpdate> updates);

    /**
     * The latest odds of each market of a game, ordered by market. A market's latest is its update
     * with the newest provider {@code date}, ties going to the higher seq: a late update with an
     * older date is kept in the history but does not replace the latest.
     */
    List<CapturedChange> latest(String gameId);

    /**
     * A game's stored updates that the query covers ({@link HistoryQuery#covers}), in sequence order,
     * at most its limit, lowest seqs first. A store starts reading at the query's {@link
     * HistoryQuery#firstSeq}, not at the game's first update.
     */
    List<CapturedChange> history(HistoryQuery query);

    /**
     * A game's stored updates with a sequence number above {@code afterSeq}, in sequence order, at
     * most {@code limit} (nothing when {@code limit < 1}; a negative {@code afterSeq} counts as 0).
     * Updates removed by retention are not answered: the first seq answered may then be above
     * {@code afterSeq + 1}.
     */
    List<CapturedChange> changesAfter(String gameId, long afterSeq, int limit);

    /**
     * Names this store's sequence space: the same for as long as its seqs stand, a new one when the
     * store starts afresh (a new data directory, a new table). A client resuming with another
     * store's epoch holds seqs that mean nothing here.
     */
    String epoch();
}
