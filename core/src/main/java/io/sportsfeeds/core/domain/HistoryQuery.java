package io.sportsfeeds.core.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A slice of one game's odds history in sequence order, oldest first: the order the store took the
 * updates in, so a late update with an older provider date comes where it arrived. Seq order is what
 * makes {@code afterSeq} a complete cursor: any number of updates may share one provider date, none
 * shares a seq.
 *
 * @param market only this market, or every market when empty
 * @param fromMillis only updates whose provider date is at or after this (epoch ms), inclusive
 * @param toMillis only updates whose provider date is before this (epoch ms), exclusive
 * @param limit at most this many updates, those with the lowest seqs
 * @param afterSeq only updates whose seq is above this, exclusive: 0 from the first update on, the
 *     last seq of a full page for the page after it
 */
public record HistoryQuery(
        String gameId, Optional<String> market, long fromMillis, long toMillis, int limit, long afterSeq) {
    public static final int MAX_LIMIT = 10_000;

    public HistoryQuery {
        Rules.requireId("game", gameId);
        Objects.requireNonNull(market, "market");
        market.ifPresent(m -> Rules.requireMarket("market", m));
        if (limit < 1 || limit > MAX_LIMIT) {
            throw InvalidInputException.of("limit", Rules.mustBe(Rules.between(1, MAX_LIMIT), Rules.describe(limit)));
        }
        Rules.requireFromNotAfterTo(Instant.ofEpochMilli(fromMillis), Instant.ofEpochMilli(toMillis));
        if (afterSeq < 0) {
            throw InvalidInputException.of(
                    "afterSeq", Rules.mustBe(Rules.between(0, Long.MAX_VALUE), Rules.describe(afterSeq)));
        }
    }

    /** A query from the game's first update on ({@code afterSeq} 0). */
    public HistoryQuery(String gameId, Optional<String> market, long fromMillis, long toMillis, int limit) {
        this(gameId, market, fromMillis, toMillis, limit, 0);
    }

    /** Turns an epoch time in seconds or milliseconds into milliseconds, as provider dates are read. */
    public static long epochMillis(long secondsOrMillis) {
        return Rules.toEpochMillis(secondsOrMillis);
    }

    /**
     * The first seq the query can answer, for stores that seek to it; none when {@code afterSeq} is
     * the largest seq there can be.
     */
    public OptionalLong firstSeq() {
        return afterSeq == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(afterSeq + 1);
    }

    public boolean covers(CapturedChange change) {
        long date = change.update().dateMillis();
        return change.seq() > afterSeq
                && date >= fromMillis
                && date < toMillis
                && market.map(change.market()::equals).orElse(true);
    }
}
