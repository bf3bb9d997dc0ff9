package io.sportsfeeds.core.usecase;

import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.Connection;
import io.sportsfeeds.core.port.ConnectionStore;
import io.sportsfeeds.core.port.FeedStore;
import java.time.Clock;

/** Opens and closes analysts' connections; only active, known clients may connect. */
public final class ManageConnections {
  private final FeedStore feeds;
  private final ConnectionStore connections;
  private final Clock clock;

  public ManageConnections(FeedStore feeds, ConnectionStore connections, Clock clock) {
    this.feeds = feeds;
    this.connections = connections;
    this.clock = clock;
  }

  /**
   * Opens a connection for a client; it receives every game until it subscribes to some.
   *
   * @throws ConnectionRefusedException when the client is missing, unknown or inactive
   */
  public Connection open(String connectionId, String clientId) {
    if (clientId == null || clientId.isBlank()) {
      throw new ConnectionRefusedException(
          ConnectionRefusedException.Reason.MISSING_CLIENT, "the query parameter client is required");
    }
    Client client =
        feeds
            .client(clientId)
            .orElseThrow(
                () ->
                    new ConnectionRefusedException(
                        ConnectionRefusedException.Reason.UNKNOWN_CLIENT, "client " + clientId + " is not registered"));
    if (!client.active()) {
      throw new ConnectionRefusedException(
          ConnectionRefusedException.Reason.INACTIVE_CLIENT, "client " + clientId + " is not active");
    }
    Connection connection = Connection.toEveryGame(connectionId, clientId, clock.instant());
    connections.save(connection);
    return connection;
  }

  public void close(String connectionId) {
    connections.remove(connectionId);
  }
}
