package io.sportsfeeds.core.domain;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An analyst's open WebSocket connection.
 *
 * @param connectionId the transport's id of the connection
 * @param clientId the client it was opened for
 * @param connectedAt when it was opened
 * @param expiresAt when it is taken for gone unless seen alive before (its {@code $disconnect} may
 *     never come)
 * @param everyGame true until it subscribes: it then receives every game, as in the original sample
 * @param games once it subscribed, the games it receives and what of each
 */
public record Connection(
        String connectionId,
        String clientId,
        Instant connectedAt,
        Instant expiresAt,
        boolean everyGame,
        Map<String, Subscription> games) {
    public Connection {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(connectedAt, "connectedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        games = Map.copyOf(games);
        if (everyGame && !games.isEmpty()) {
            throw new IllegalArgumentException(
                    "a connection receiving every game has no subscriptions, had " + games.keySet());
        }
    }

    /** A new connection: every game, until it subscribes. */
    public static Connection toEveryGame(String connectionId, String clientId, Instant connectedAt, Instant expiresAt) {
        return new Connection(connectionId, clientId, connectedAt, expiresAt, true, Map.of());
    }

    /** A connection subscribed to every change of some games. */
    public static Connection toGames(
            String connectionId, String clientId, Instant connectedAt, Instant expiresAt, Set<String> gameIds) {
        Map<String, Subscription> games = new HashMap<>();
        gameIds.forEach(game -> games.put(game, Subscription.EVERYTHING));
        return new Connection(connectionId, clientId, connectedAt, expiresAt, false, games);
    }

    public boolean receivesEveryGame() {
        return everyGame;
    }

    /** The games it subscribed to (empty while it receives every game). */
    public Set<String> gameIds() {
        return games.keySet();
    }

    public boolean receives(String gameId) {
        return everyGame || games.containsKey(gameId);
    }

    /** What it receives of a game, or null when it receives nothing of it. */
    public Subscription subscriptionTo(String gameId) {
        return everyGame ? Subscription.EVERYTHING : games.get(gameId);
    }

    /** Whether it has expired at {@code now}: from its expiry on, it receives nothing. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public Connection withExpiry(Instant newExpiresAt) {
        return new Connection(connectionId, clientId, connectedAt, newExpiresAt, everyGame, games);
    }

    /** The connection after subscribing: these games (added to or replacing earlier subscriptions of them), no longer every game. */
    public Connection subscribedTo(Map<String, Subscription> more) {
        Map<String, Subscription> all = new HashMap<>(games);
        all.putAll(more);
        return new Connection(connectionId, clientId, connectedAt, expiresAt, false, all);
    }

    /** The connection after unsubscribing from games; it stays subscribed to the others (possibly none). */
    public Connection unsubscribedFrom(Set<String> gameIds) {
        Map<String, Subscription> left = new HashMap<>(games);
        left.keySet().removeAll(gameIds);
        return new Connection(connectionId, clientId, connectedAt, expiresAt, false, left);
    }
}
