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
 * @param gameIds the games it receives; empty means every game (the original sample's behaviour)
 */
public record Connection(String connectionId, String clientId, Instant connectedAt, Set<String> gameIds) {
  public Connection {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(connectedAt, "connectedAt");
    gameIds = Set.copyOf(gameIds);
  }

  public static Connection toEveryGame(String connectionId, String clientId, Instant connectedAt) {
    return new Connection(connectionId, clientId, connectedAt, Set.of());
  }

  public boolean receivesEveryGame() {
    return gameIds.isEmpty();
  }

  public boolean receives(String gameId) {
    return gameIds.isEmpty() || gameIds.contains(gameId);
  }
}
