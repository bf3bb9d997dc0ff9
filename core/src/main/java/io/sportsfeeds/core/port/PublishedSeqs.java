package io.sportsfeeds.core.port;

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
}
