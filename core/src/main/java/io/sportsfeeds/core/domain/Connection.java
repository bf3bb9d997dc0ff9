package io.sportsfeeds.core.domain;

import java.time.Instant;
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
 * @param gameIds the games it receives; empty means every game (the original sample's behaviour)
 */
public record Connection(
    String connectionId, String clientId, Instant connectedAt, Instant expiresAt, Set<String> gameIds) {
  public Connection {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(connectedAt, "connectedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    gameIds = Set.copyOf(gameIds);
  }

  public static Connection toEveryGame(String connectionId, String clientId, Instant connectedAt, Instant expiresAt) {
    return new Connection(connectionId, clientId, connectedAt, expiresAt, Set.of());
  }

  public boolean receivesEveryGame() {
    return gameIds.isEmpty();
  }

  public boolean receives(String gameId) {
    return gameIds.isEmpty() || gameIds.contains(gameId);
  }

  /** Whether it has expired at {@code now}: from its expiry on, it receives nothing. */
  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  public Connection withExpiry(Instant newExpiresAt) {
    return new Connection(connectionId, clientId, connectedAt, newExpiresAt, gameIds);
  }
}
