package io.sportsfeeds.core.fakes;

import io.sportsfeeds.core.contract.ChangeSourceContract;
import io.sportsfeeds.core.contract.ConnectionGatewayContract;
import io.sportsfeeds.core.contract.ConnectionStoreContract;
import io.sportsfeeds.core.contract.FeedStoreContract;
import io.sportsfeeds.core.port.ConnectionGateway;
import io.sportsfeeds.core.port.ConnectionStore;
import io.sportsfeeds.core.port.FeedStore;
import java.util.List;
import org.junit.jupiter.api.Nested;

/** The fakes keep the same contracts as the real adapters, or tests that use them would lie. */
class InMemoryPortsContractTest {

  @Nested
  class FeedStoreTest extends FeedStoreContract {
    @Override
    protected FeedStore newStore(MutableClock clock) {
      return new InMemoryFeedStore(clock);
    }
  }

  @Nested
  class ChangeSourceTest extends ChangeSourceContract {
    @Override
    protected Pair newPair(MutableClock clock) {
      InMemoryFeedStore store = new InMemoryFeedStore(clock);
      return new Pair(store, new InMemoryChangeSource(store));
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
    protected List<String> received(String connectionId) {
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
