package io.sportsfeeds.app.local;

import io.sportsfeeds.adapters.local.CommitObserver;
import io.sportsfeeds.core.port.ChangeStream;
import io.sportsfeeds.core.port.ClientRegistry;
import io.sportsfeeds.core.port.GameCatalogue;
import io.sportsfeeds.core.port.OddsStore;

/**
 * Where the local server keeps its data and hears of changes: the embedded store in a data
 * directory, or the AWS adapters. The connections and the published seqs are always this
 * process's own (it serves its own sockets). Closing it stops change capture, then the store.
 */
interface Backend extends AutoCloseable {
    OddsStore oddsStore();

    GameCatalogue gameCatalogue();

    ClientRegistry clientRegistry();

    /** The changes the store captured, as this backend delivers them. */
    ChangeStream changeStream();

    /** Tells {@code observer} of each group the store commits, where it commits in groups (the embedded store). */
    default void observeCommits(CommitObserver observer) {}

    /** True when the store holds no games and no clients yet: the server seeds the samples then. */
    boolean isEmpty();

    @Override
    void close();
}
