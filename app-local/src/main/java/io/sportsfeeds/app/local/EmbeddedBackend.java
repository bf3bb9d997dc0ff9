package io.sportsfeeds.app.local;

import io.sportsfeeds.adapters.local.CommitObserver;
import io.sportsfeeds.adapters.local.EmbeddedStorage;
import io.sportsfeeds.core.port.ChangeStream;
import io.sportsfeeds.core.port.ClientRegistry;
import io.sportsfeeds.core.port.GameCatalogue;
import io.sportsfeeds.core.port.OddsStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** The default backend: the embedded store of a data directory, its commit order as change stream. */
final class EmbeddedBackend implements Backend {
    private final EmbeddedStorage storage;

    private EmbeddedBackend(EmbeddedStorage storage) {
        this.storage = storage;
    }

    /**
     * @throws io.sportsfeeds.core.domain.StoreUnavailableException when the data directory cannot be
     *     opened (another process holds it, say)
     */
    static EmbeddedBackend open(Path dataDir, Clock clock, Duration retention) {
        return new EmbeddedBackend(EmbeddedStorage.open(dataDir, clock, retention));
    }

    @Override
    public OddsStore oddsStore() {
        return storage.oddsStore();
    }

    @Override
    public GameCatalogue gameCatalogue() {
        return storage.gameCatalogue();
    }

    @Override
    public ClientRegistry clientRegistry() {
        return storage.clientRegistry();
    }

    @Override
    public ChangeStream changeStream() {
        return storage.changeStream();
    }

    @Override
    public void observeCommits(CommitObserver observer) {
        storage.observeCommits(observer);
    }

    @Override
    public boolean isEmpty() {
        return storage.isEmpty();
    }

    @Override
    public void close() {
        storage.close();
    }
}
