package io.sportsfeeds.core.domain;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A page of a game's odds history, in sequence order.
 *
 * @param changes the updates the query covers, at most its limit, lowest seqs first
 * @param nextAfterSeq when the page is full, its last seq: asking again with it as {@code afterSeq}
 *     answers the next page (which may be empty); absent when the page was not full, so nothing
 *     the query covers is left
 */
public record HistoryPage(List<CapturedChange> changes, OptionalLong nextAfterSeq) {
    public HistoryPage {
        changes = List.copyOf(changes);
        Objects.requireNonNull(nextAfterSeq, "nextAfterSeq");
    }

    /** The page a store answered for {@code query}: the next one starts after its last seq when it is full. */
    public static HistoryPage of(HistoryQuery query, List<CapturedChange> changes) {
        return new HistoryPage(
                changes,
                changes.size() >= query.limit()
                        ? OptionalLong.of(changes.get(changes.size() - 1).seq())
                        : OptionalLong.empty());
    }
}
