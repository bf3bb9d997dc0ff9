package io.sportsfeeds.core.usecase;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.HistoryPage;
import io.sportsfeeds.core.domain.HistoryQuery;
import io.sportsfeeds.core.domain.Rules;
import io.sportsfeeds.core.port.OddsStore;
import java.util.List;
import java.util.Optional;

/** Reads a game's latest odds and its odds history. */
public final class ReadOdds {
    private final OddsStore store;

    public ReadOdds(OddsStore store) {
        this.store = store;
    }

    /** The latest odds of each market of a game (of one market when given), ordered by market. */
    public List<CapturedChange> latest(String gameId, Optional<String> market) {
        Rules.requireId("game", gameId);
        market.ifPresent(m -> Rules.requireMarket("market", m));
        List<CapturedChange> latest = store.latest(gameId);
        return market.map(m -> latest.stream().filter(c -> c.market().equals(m)).toList())
                .orElse(latest);
    }

    /** A page of a game's history in sequence order, and where the next one starts when it is full. */
    public HistoryPage history(HistoryQuery query) {
        return HistoryPage.of(query, store.history(query));
    }
}
