package io.sportsfeeds.core.fakes;

import io.sportsfeeds.core.contract.ChangeSourceContract;
import io.sportsfeeds.core.contract.ConnectionStoreContract;
import io.sportsfeeds.core.contract.FeedStoreContract;
import io.sportsfeeds.core.port.ConnectionStore;
import io.sportsfeeds.core.port.FeedStore;
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
  class ConnectionStoreTest extends ConnectionStoreContract {
    @Override
    protected ConnectionStore newStore() {
      return new InMemoryConnectionStore();
    }
  }
}
