package io.sportsfeeds.core.port;

import io.sportsfeeds.core.domain.Connection;
import java.util.Collection;
import java.util.Optional;

/** Keeps the open analyst connections and what each receives. */
public interface ConnectionStore {

  /** Adds a connection or replaces the one with its id. */
  void save(Connection connection);

  Optional<Connection> find(String connectionId);

  /** Forgets a connection; forgetting an unknown one does nothing. */
  void remove(String connectionId);

  /**
   * The ids of the connections that receive changes of a game. Answered from an index kept per
   * game, never by reading every connection.
   */
  Collection<String> receiversOf(String gameId);

  int count();
}
