package io.sportsfeeds.core.fakes;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.port.ChangeCursor;
import io.sportsfeeds.core.port.ChangeListener;
import io.sportsfeeds.core.port.ChangeSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Delivers an {@link InMemoryFeedStore}'s commits synchronously, on the appending thread. */
public final class InMemoryChangeSource implements ChangeSource {
  private final InMemoryFeedStore store;
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

  public InMemoryChangeSource(InMemoryFeedStore store) {
    this.store = store;
    store.onCommit(changes -> deliveries.forEach(delivery -> delivery.deliver(changes)));
  }

  @Override
  public Subscription subscribe(ChangeCursor cursor, ChangeListener listener) {
    // The store's lock keeps appends out between the replay and registering for live changes.
    synchronized (store) {
      Delivery delivery = new Delivery(listener, new HashMap<>(cursor.lastSeqByGame()));
      List<CapturedChange> missed = new ArrayList<>();
      cursor.lastSeqByGame().forEach((game, seq) -> missed.addAll(store.changesAfter(game, seq, Integer.MAX_VALUE)));
      delivery.deliver(missed);
      deliveries.add(delivery);
      return () -> deliveries.remove(delivery);
    }
  }

  private record Delivery(ChangeListener listener, Map<String, Long> lastSeqByGame) {
    void deliver(List<CapturedChange> changes) {
      List<CapturedChange> fresh = new ArrayList<>();
      for (CapturedChange change : changes) {
        if (change.seq() > lastSeqByGame.getOrDefault(change.gameId(), 0L)) {
          lastSeqByGame.put(change.gameId(), change.seq());
          fresh.add(change);
        }
      }
      if (!fresh.isEmpty()) {
        listener.onChanges(fresh);
      }
    }
  }
}
