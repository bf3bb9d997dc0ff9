package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.contract.ConnectionStoreContract;
import io.sportsfeeds.core.port.ConnectionStore;

class LocalConnectionStoreContractTest extends ConnectionStoreContract {
  @Override
  protected ConnectionStore newStore() {
    return LocalConnections.newStore();
  }
}
