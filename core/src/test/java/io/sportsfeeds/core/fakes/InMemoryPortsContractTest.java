package io.sportsfeeds.core.fakes;

import io.sportsfeeds.core.contract.ChangeStreamContract;
import io.sportsfeeds.core.contract.ClientRegistryContract;
import io.sportsfeeds.core.contract.ConnectionGatewayContract;
import io.sportsfeeds.core.contract.ConnectionStoreContract;
import io.sportsfeeds.core.contract.GameCatalogueContract;
import io.sportsfeeds.core.contract.OddsStoreContract;
import io.sportsfeeds.core.contract.PublishedSeqsContract;
import io.sportsfeeds.core.port.ClientRegistry;
import io.sportsfeeds.core.port.ConnectionGateway;
import io.sportsfeeds.core.port.ConnectionStore;
import io.sportsfeeds.core.port.GameCatalogue;
import io.sportsfeeds.core.port.OddsStore;
import io.sportsfeeds.core.port.PublishedSeqs;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fakes keep the same contracts as the real adapters, or tests that use them would lie. */
class InMemoryPortsContractTest {

    @Nested
    class OddsStoreTest extends OddsStoreContract {
        private InMemoryOddsStore store;

        @Override
        protected OddsStore newStore(MutableClock clock) {
            store = new InMemoryOddsStore(clock);
            return store;
        }

        @Override
        protected WriteFailures writeFailures() {
            return new WriteFailures() {
                @Override
                public void failWrites() {
                    // Part-way, as DynamoDB may: the first two updates are stored, the rest not.
                    store.failNextAppendAfter(2);
                }

                @Override
                public void heal() {}
            };
        }
    }

    @Nested
    class GameCatalogueTest extends GameCatalogueContract {
        @Override
        protected GameCatalogue newCatalogue() {
            return new InMemoryGameCatalogue();
        }
    }

    @Nested
    class ClientRegistryTest extends ClientRegistryContract {
        @Override
        protected ClientRegistry newRegistry() {
            return new InMemoryClientRegistry();
        }
    }

    @Nested
    class PublishedSeqsTest extends PublishedSeqsContract {
        @Override
        protected PublishedSeqs newSeqs() {
            return new InMemoryPublishedSeqs();
        }
    }

    @Nested
    class OrderlyChangeStreamTest extends ChangeStreamContract {
        @Override
        protected Pair newPair(MutableClock clock) {
            InMemoryOddsStore store = new InMemoryOddsStore(clock);
            return new Pair(store, new InMemoryChangeStream(store));
        }
    }

    /** Repeats, reordering and late changes in the stream: the publisher's rules must absorb them. */
    @Nested
    class UnrulyChangeStreamTest extends ChangeStreamContract {
        @RegisterExtension
        final Seeds seeds = new Seeds();

        @Override
        protected Pair newPair(MutableClock clock) {
            InMemoryOddsStore store = new InMemoryOddsStore(clock);
            return new Pair(store, new InMemoryChangeStream(store, seeds.random()));
        }
    }

    @Nested
    class ConnectionGatewayTest extends ConnectionGatewayContract {
        private RecordingConnectionGateway gateway;
        private int opened;

        @Override
        protected ConnectionGateway newGateway() {
            gateway = new RecordingConnectionGateway();
            return gateway;
        }

        @Override
        protected String open() {
            String connectionId = "conn-" + ++opened;
            gateway.open(connectionId);
            return connectionId;
        }

        @Override
        protected List<String> received(String connectionId, int expected) {
            return gateway.framesSentTo(connectionId);
        }

        @Override
        protected void leave(String connectionId) {
            gateway.markGone(connectionId);
        }
    }

    @Nested
    class ConnectionStoreTest extends ConnectionStoreContract {
        @Override
        protected ConnectionStore newStore() {
            return new InMemoryConnectionStore();
        }
    }
}
