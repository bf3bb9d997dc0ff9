package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.contract.ChangeSourceContract;
import io.sportsfeeds.core.fakes.MutableClock;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedChangeSourceContractTest extends ChangeSourceContract {
  @TempDir Path dataDir;
  private EmbeddedStorage storage;

  @Override
  protected Pair newPair(MutableClock clock) {
    storage = TestStores.open(dataDir, clock);
    return new Pair(storage.feedStore(), storage.changeSource());
  }

  @AfterEach
  void closeStorage() {
    storage.close();
  }
}
