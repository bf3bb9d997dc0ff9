package io.sportsfeeds.core.port;

import io.sportsfeeds.core.domain.Connection;
import io.sportsfeeds.core.domain.Receiver;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the open analyst connections and a per-game index of who receives what. A connection
 * expires at its {@link Connection#expiresAt()}: from then on it receives nothing, even if its
 * {@code $disconnect} never came, and it is removed (by {@link #removeExpired} or, in DynamoDB, by
 * its TTL).
 */
public interface ConnectionStore {

    /** Adds a connection or replaces the one with its id (new games, new expiry). */
    void save(Connection connection);

    /** A connection by id, expired or not (subscribing reads it, changes it and saves it again). */
    Optional<Connection> find(String connectionId);

    /** How many unexpired connections a client holds at {@code now} (a client's connections are limited). */
    int countOf(String clientId, Instant now);

    /**
     * The ids of a client's connections, expired or not (an expired one may still be open at its
     * transport: a client cut off must lose those too), each once, in no particular order. Answered
     * from an index kept per client, never by reading every connection.
     */
    List<String> connectionsOf(String clientId);

    /** Forgets a connection; forgetting an unknown one does nothing. */
    void remove(String connectionId);

    /**
     * Moves a connection's expiry (it was seen alive); touching an unknown connection does nothing.
     */
    void touch(String connectionId, Instant expiresAt);

    /**
     * The connections that receive changes of a game and have not expired at {@code now}, each once,
     * with what they receive of it. Answered from an index kept per game, never by reading every
     * connection.
     */
    List<Receiver> receiversOf(String gameId, Instant now);

    /**
     * The receivers of each game asked (a game asked twice is answered once), as {@link
     * #receiversOf(String, Instant)} answers them, read together so that a batch of many games does
     * not wait on one read after another, and what every game's receivers share is read once.
     */
    default Map<String, List<Receiver>> receiversOf(Collection<String> gameIds, Instant now) {
        Map<String, List<Receiver>> receivers = new LinkedHashMap<>();
        for (String gameId : gameIds) {
            receivers.computeIfAbsent(gameId, game -> receiversOf(game, now));
        }
        return receivers;
    }

    /**
     * Removes the connections expired at {@code now} and answers their ids, so their transport can
     * be closed. A store whose backend expires items by itself (a DynamoDB TTL) may answer nothing.
     */
    List<String> removeExpired(Instant now);
}
