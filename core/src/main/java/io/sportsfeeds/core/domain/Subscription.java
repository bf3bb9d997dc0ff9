package io.sportsfeeds.core.domain;

import java.util.Set;

/**
 * What a connection receives of one game.
 *
 * @param markets the markets it receives; empty means every market of the game
 * @param afterSeq it has the game up to this seq already (from a snapshot or a replay): changes at
 *     or below it are not sent again; 0 when it takes every change from its subscription on
 */
public record Subscription(Set<String> markets, long afterSeq) {
    public static final Subscription EVERYTHING = new Subscription(Set.of(), 0);

    public Subscription {
        markets = Set.copyOf(markets);
        if (afterSeq < 0) {
            throw new IllegalArgumentException("afterSeq must not be negative, was " + afterSeq);
        }
    }

    /** Whether a change of the subscribed game goes to the connection. */
    public boolean wants(CapturedChange change) {
        return change.seq() > afterSeq && (markets.isEmpty() || markets.contains(change.market()));
    }

    /** Whether every change of the game from {@code seq} on goes to the connection. */
    public boolean takesAllFrom(long seq) {
        return markets.isEmpty() && afterSeq < seq;
    }
}
