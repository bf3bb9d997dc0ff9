package io.sportsfeeds.core.domain;

/**
 * What a feed store did with one update of an append.
 *
 * @param gameId the update's game
 * @param seq the sequence number the update holds in its game: newly assigned, or the one the
 *     earlier copy was stored under when this was a duplicate
 * @param duplicate true when the update had been stored before (same identity) and was not stored again
 */
public record AppendOutcome(String gameId, long seq, boolean duplicate) {}
