package io.sportsfeeds.core.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A slice of one game's odds history, oldest first.
 *
 * @param market only this market, or every market when empty
 * @param fromMillis only updates whose provider date is at or after this (epoch ms), inclusive
 * @param toMillis only updates whose provider date is before this (epoch ms), exclusive
 * @param limit at most this many updates, the oldest ones
 */
public record HistoryQuery(String gameId, Optional<String> market, long fromMillis, long toMillis, int limit) {
    public static final int MAX_LIMIT = 10_000;

    public HistoryQuery {
        Rules.requireId("game", gameId);
        Objects.requireNonNull(market, "market");
        market.ifPresent(m -> Rules.requireMarket("market", m));
        if (limit < 1 || limit > MAX_LIMIT) {
            throw InvalidInputException.of("limit", Rules.mustBe(Rules.between(1, MAX_LIMIT), Rules.describe(limit)));
        }
        Rules.requireFromNotAfterTo(Instant.ofEpochMilli(fromMillis), Instant.ofEpochMilli(toMillis));
    }

    /** Turns an epoch time in seconds or milliseconds into milliseconds, as provider dates are read. */
    public static long epochMillis(long secondsOrMillis) {
        return Rules.toEpochMillis(secondsOrMillis);
    }

    public boolean covers(CapturedChange change) {
        long date = change.update().dateMillis();
        return date >= fromMillis
                && date < toMillis
                && market.map(change.market()::equals).orElse(true);
    }
}
