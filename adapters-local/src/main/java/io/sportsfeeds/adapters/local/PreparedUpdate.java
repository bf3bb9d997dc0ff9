package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.domain.OddsUpdate;
import java.util.Objects;

/**
 * An update as the writer needs it, made on the appending thread so that concurrent appenders
 * share the work: its identity key (unique per game), its dedupe row key and its encoded fields.
 *
 * @param identityKey the game and the update's identity, which no two stored updates share
 * @param expireAt when its rows expire, in epoch seconds
 */
record PreparedUpdate(OddsUpdate update, String identityKey, byte[] dedupeKey, byte[] payload, long expireAt) {

    static PreparedUpdate of(OddsUpdate update, Retention retention) {
        Objects.requireNonNull(update, "updates must not hold null");
        String identity = update.identity();
        return new PreparedUpdate(
                update,
                update.gameId() + '\0' + identity,
                Keys.dedupe(update.gameId(), identity),
                Codec.updatePayload(update),
                retention.expireAt(update));
    }

    String gameId() {
        return update.gameId();
    }
}
