package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.contract.ChangeStreamContract;
import io.sportsfeeds.core.contract.ClientRegistryContract;
import io.sportsfeeds.core.contract.ConnectionStoreContract;
import io.sportsfeeds.core.contract.GameCatalogueContract;
import io.sportsfeeds.core.contract.OddsStoreContract;
import io.sportsfeeds.core.contract.PublishedSeqsContract;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.port.ClientRegistry;
import io.sportsfeeds.core.port.ConnectionStore;
import io.sportsfeeds.core.port.GameCatalogue;
import io.sportsfeeds.core.port.OddsStore;
import io.sportsfeeds.core.port.PublishedSeqs;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;

/** The embedded store and the local delivery state keep the core's port contracts. */
class EmbeddedPortsContractTest {
    @TempDir
    Path dataDir;

    private EmbeddedStorage storage;

    /** Opens the store of this test; its commits fail while {@code failing} is set. */
    private EmbeddedStorage open(Clock clock, AtomicBoolean failing) {
        storage = TestStores.open(dataDir, clock, (db, syncWrite, batch) -> {
            if (failing.get()) {
                throw new RocksDBException("injected: no space left on device");
            }
            GroupCommitWriter.Committer.SYNCED.commit(db, syncWrite, batch);
        });
        return storage;
    }

    @AfterEach
    void closeStorage() {
        if (storage != null) {
            storage.close();
        }
    }

    @Nested
    class OddsStoreTest extends OddsStoreContract {
        private final AtomicBoolean failing = new AtomicBoolean();

        @Override
        protected OddsStore newStore(MutableClock clock) {
            return open(clock, failing).oddsStore();
        }

        @Override
        protected WriteFailures writeFailures() {
            return new WriteFailures() {
                @Override
                public void failWrites() {
                    failing.set(true);
                }

                @Override
                public void heal() {
                    failing.set(false);
                }
            };
        }
    }

    @Nested
    class GameCatalogueTest extends GameCatalogueContract {
        @Override
        protected GameCatalogue newCatalogue() {
            return open(Clock.systemUTC(), new AtomicBoolean()).gameCatalogue();
        }
    }

    @Nested
    class ClientRegistryTest extends ClientRegistryContract {
        @Override
        protected ClientRegistry newRegistry() {
            return open(Clock.systemUTC(), new AtomicBoolean()).clientRegistry();
        }
    }

    @Nested
    class ChangeTailTest extends ChangeStreamContract {
        @Override
        protected Pair newPair(MutableClock clock) {
            EmbeddedStorage opened = open(clock, new AtomicBoolean());
            return new Pair(opened.oddsStore(), opened.changeStream());
        }
    }

    @Nested
    class LocalConnectionStoreTest extends ConnectionStoreContract {
        @Override
        protected ConnectionStore newStore() {
            return LocalConnections.newStore();
        }
    }

    @Nested
    class LocalPublishedSeqsTest extends PublishedSeqsContract {
        @Override
        protected PublishedSeqs newSeqs() {
            return LocalConnections.newPublishedSeqs();
        }
    }
}
