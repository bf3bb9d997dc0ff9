package io.sportsfeeds.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored odds update as change capture sees it: the update with its place in its game's
 * sequence and the time the store committed it.
 *
 * @param seq the update's per-game sequence number: gap-free, starting at 1, in store order
 * @param storedAt when the store committed it
 * @param update the update itself
 */
public record CapturedChange(long seq, Instant storedAt, OddsUpdate update) {
    public CapturedChange {
        if (seq < 1) {
            throw new IllegalArgumentException("seq " + Rules.mustBe("at least 1", Rules.describe(seq)));
        }
        Objects.requireNonNull(storedAt, "storedAt");
        Objects.requireNonNull(update, "update");
    }

    public String gameId() {
        return update.gameId();
    }

    public String market() {
        return update.market();
    }
}
