package io.sportsfeeds.core.port;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Remembers, per game, the last sequence number the publisher pushed, so that a change delivered
 * again (at-least-once change capture, a retried batch) is dropped rather than pushed twice, and a
 * gap in what arrives is noticed. In memory for a process that serves its own connections; a
 * conditional update in DynamoDB where many consumers share them.
 */
public interface PublishedSeqs {

    /** The last seq published of a game, or empty when this record has never published it. */
    OptionalLong lastPublished(String gameId);

    /**
     * Records that a game was published up to {@code seq}. Never moves backwards: a lower or equal
     * {@code seq} leaves the record as it is. Advancing a game never published to 0 makes the
     * publisher start it from its first seq, filling from the store whatever did not arrive.
     */
    void advance(String gameId, long seq);

    /**
     * The last seq published of each game asked (a game asked twice is answered once), empty for a
     * game never published: what {@link #lastPublished(String)} answers for each, read together so
     * that a batch of many games costs one round trip where the backend allows it.
     */
    default Map<String, OptionalLong> lastPublished(Collection<String> gameIds) {
        Map<String, OptionalLong> seqs = new LinkedHashMap<>();
        for (String gameId : gameIds) {
            seqs.computeIfAbsent(gameId, this::lastPublished);
        }
        return seqs;
    }

    /**
     * Advances each game to its seq as {@link #advance(String, long)} does. The games are
     * independent: when this throws, any of them may or may not have advanced, so the caller treats
     * them all as not advanced (advancing one again is harmless, it never moves back).
     */
    default void advance(Map<String, Long> seqs) {
        seqs.forEach(this::advance);
    }
}
