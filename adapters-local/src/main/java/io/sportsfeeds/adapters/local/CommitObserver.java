package io.sportsfeeds.adapters.local;

/**
 * Told of each group the embedded store committed (one synced write): how many updates it carried
 * and how long its write took, fsync included. The server turns these into its commit metrics.
 * Called on the store's writer thread: it must return at once.
 */
@FunctionalInterface
public interface CommitObserver {
    CommitObserver NONE = (updates, writeNanos) -> {};

    void committed(int updates, long writeNanos);
}
