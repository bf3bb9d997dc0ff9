package io.sportsfeeds.core.port;

import io.sportsfeeds.core.domain.Connection;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Keeps the open analyst connections and a per-game index of who receives what. A connection
 * expires at its {@link Connection#expiresAt()}: from then on it receives nothing, even if its
 * {@code $disconnect} never came, and it is removed (by {@link #removeExpired} or, in DynamoDB, by
 * its TTL).
 */
public interface ConnectionStore {

  /** Adds a connection or replaces the one with its id (new games, new expiry). */
  void save(Connection connection);

  /** Forgets a connection; forgetting an unknown one does nothing. */
  void remove(String connectionId);

  /**
   * Moves a connection's expiry (it was seen alive); touching an unknown connection does nothing.
   */
  void touch(String connectionId, Instant expiresAt);

  /**
   * The ids of the connections that receive changes of a game and have not expired at {@code
   * now}. Answered from an index kept per game, never by reading every connection.
   */
  Collection<String> receiversOf(String gameId, Instant now);

  /**
   * Removes the connections expired at {@code now} and answers their ids, so their transport can
   * be closed. A store whose backend expires items by itself (a DynamoDB TTL) may answer nothing.
   */
  List<String> removeExpired(Instant now);
}
