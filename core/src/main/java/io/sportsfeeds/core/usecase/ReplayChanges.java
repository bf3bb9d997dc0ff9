package io.sportsfeeds.core.usecase;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.port.OddsStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Replays what a reconnecting client missed of a game: the stored changes after the last seq it
 * saw, read from the odds store in pages. When retention removed some of them, the replay says the
 * game was not recovered rather than leave a silent gap.
 */
public final class ReplayChanges {
    public static final int PAGE = 1_000;

    private final OddsStore odds;

    public ReplayChanges(OddsStore odds) {
        this.odds = Objects.requireNonNull(odds, "odds");
    }

    /**
     * What a replay found.
     *
     * @param changes the stored changes after the cursor, in seq order, at most the limit asked
     * @param recovered false when the store no longer holds the change right after the cursor
     * @param more true when more changes follow the last one answered (ask again after it)
     */
    public record Replay(List<CapturedChange> changes, boolean recovered, boolean more) {
        public Replay {
            changes = List.copyOf(changes);
        }
    }

    /**
     * The changes of a game after {@code afterSeq}, at most {@code limit}.
     *
     * @throws IllegalArgumentException when {@code afterSeq} is negative or {@code limit} below 1
     */
    public Replay after(String gameId, long afterSeq, int limit) {
        if (afterSeq < 0) {
            throw new IllegalArgumentException("afterSeq must not be negative, was " + afterSeq);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        List<CapturedChange> changes = new ArrayList<>();
        long after = afterSeq;
        boolean more = false;
        while (changes.size() < limit) {
            int want = Math.min(PAGE, limit - changes.size());
            List<CapturedChange> page = odds.changesAfter(gameId, after, want + 1);
            more = page.size() > want;
            changes.addAll(more ? page.subList(0, want) : page);
            if (!more || changes.size() >= limit) {
                break;
            }
            after = changes.getLast().seq();
        }
        boolean recovered = changes.isEmpty() || changes.getFirst().seq() == afterSeq + 1;
        return new Replay(changes, recovered, more);
    }
}
