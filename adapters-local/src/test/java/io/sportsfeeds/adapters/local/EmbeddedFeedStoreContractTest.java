package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.contract.FeedStoreContract;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.port.FeedStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedFeedStoreContractTest extends FeedStoreContract {
  @TempDir Path dataDir;
  private EmbeddedStorage storage;

  @Override
  protected FeedStore newStore(MutableClock clock) {
    storage = TestStores.open(dataDir, clock);
    return storage.feedStore();
  }

  @AfterEach
  void closeStorage() {
    storage.close();
  }
}
