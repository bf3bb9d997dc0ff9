package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.port.ConnectionStore;
import io.sportsfeeds.core.port.PublishedSeqs;

/** Builds the in-memory delivery state of a local process: its connections and published seqs. */
public final class LocalConnections {
    private LocalConnections() {}

    /**
     * An in-memory {@link ConnectionStore} (connections are bound to this process's sockets) with an
     * index by game: the receivers of a game are the connections receiving every game plus those
     * subscribed to it, found without scanning all connections. Thread-safe.
     */
    public static ConnectionStore newStore() {
        return new LocalConnectionStore();
    }

    /** In-memory {@link PublishedSeqs} for the connections of this process. Thread-safe. */
    public static PublishedSeqs newPublishedSeqs() {
        return new LocalPublishedSeqs();
    }
}
