package io.sportsfeeds.adapters.aws;

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
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;

/** The DynamoDB stores keep the core's port contracts, on dynalite, all in one table (the contracts make unique keys). */
class DynamoDbPortsContractTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    static final Duration RETENTION = Duration.ofDays(365);
    /** Three tries, a few milliseconds apart: failures show fast. */
    static final Backoff QUICK = new Backoff(3, Duration.ofMillis(1), Duration.ofMillis(5));

    private static AwsSettings table;

    @BeforeAll
    static void createTable() {
        table = dynalite.newTable("contract");
    }

    private static DynamoDbStores stores(InterceptedDynamoDbClient client, Clock clock) {
        return DynamoDbStores.of(client, table, clock, RETENTION, QUICK);
    }

    private static DynamoDbStores stores() {
        return stores(new InterceptedDynamoDbClient(dynalite.client()), Clock.systemUTC());
    }

    @Nested
    class OddsStoreTest extends OddsStoreContract {
        private InterceptedDynamoDbClient client;

        @Override
        protected OddsStore newStore(MutableClock clock) {
            client = new InterceptedDynamoDbClient(dynalite.client());
            return stores(client, clock).oddsStore();
        }

        /** Part-way, as a table that becomes unreachable: three more writes land, then none. */
        @Override
        protected WriteFailures writeFailures() {
            return new WriteFailures() {
                @Override
                public void failWrites() {
                    AtomicInteger writesLeft = new AtomicInteger(3);
                    client.intercept(new InterceptedDynamoDbClient.Interceptor() {
                        @Override
                        public SdkResponse before(SdkRequest request) {
                            if (Faults.isWrite(request) && writesLeft.getAndDecrement() <= 0) {
                                throw Faults.unreachable();
                            }
                            return null;
                        }
                    });
                }

                @Override
                public void heal() {
                    client.passThrough();
                }
            };
        }
    }

    @Nested
    class GameCatalogueTest extends GameCatalogueContract {
        @Override
        protected GameCatalogue newCatalogue() {
            return stores().gameCatalogue();
        }
    }

    @Nested
    class ClientRegistryTest extends ClientRegistryContract {
        @Override
        protected ClientRegistry newRegistry() {
            return stores().clientRegistry();
        }
    }

    /**
     * A table per test: the contract asks for exactly the receivers of a game, and connections to
     * every game that other tests leave open receive every game.
     */
    @Nested
    class ConnectionStoreTest extends ConnectionStoreContract {
        @Override
        protected ConnectionStore newStore() {
            return DynamoDbStores.of(
                            dynalite.client(), dynalite.newTable("connections"), Clock.systemUTC(), RETENTION, QUICK)
                    .connectionStore();
        }
    }

    @Nested
    class PublishedSeqsTest extends PublishedSeqsContract {
        @Override
        protected PublishedSeqs newSeqs() {
            return stores().publishedSeqs();
        }
    }
}
