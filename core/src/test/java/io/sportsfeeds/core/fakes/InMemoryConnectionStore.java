package io.sportsfeeds.core.fakes;

import io.sportsfeeds.core.domain.Connection;
import io.sportsfeeds.core.port.ConnectionStore;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Connections in a map; answers {@link #receiversOf} by looking at each, which is fine in tests. */
public final class InMemoryConnectionStore implements ConnectionStore {
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();

  @Override
  public void save(Connection connection) {
    connections.put(connection.connectionId(), connection);
  }

  @Override
  public Optional<Connection> find(String connectionId) {
    return Optional.ofNullable(connections.get(connectionId));
  }

  @Override
  public void remove(String connectionId) {
    connections.remove(connectionId);
  }

  @Override
  public Collection<String> receiversOf(String gameId) {
    return connections.values().stream().filter(c -> c.receives(gameId)).map(Connection::connectionId).toList();
  }

  @Override
  public int count() {
    return connections.size();
  }
}
