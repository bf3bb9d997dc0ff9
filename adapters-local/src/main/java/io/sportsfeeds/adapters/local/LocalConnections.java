package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.port.ConnectionStore;

/** Builds the in-memory connection store of a local process. */
public final class LocalConnections {
  private LocalConnections() {}

  /**
   * An in-memory {@link ConnectionStore} (connections are bound to this process's sockets) with an
   * index by game: {@code receiversOf(gameId)} is the connections receiving every game plus those
   * subscribed to {@code gameId}, found without scanning all connections. Thread-safe.
   */
  public static ConnectionStore newStore() {
    return new LocalConnectionStore();
  }
}
