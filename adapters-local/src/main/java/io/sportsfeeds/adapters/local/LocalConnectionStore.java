package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.domain.Connection;
import io.sportsfeeds.core.port.ConnectionStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections of this process, in memory (they are bound to its sockets and die with it),
 * indexed by game so that {@link #receiversOf} reads two small sets instead of every connection.
 *
 * <p>Changes are serialized by one lock; reads take none. A connection saved again is indexed
 * under its new games before it leaves its old ones, so a game it keeps never loses it, even for
 * a reader that looks in between.
 */
final class LocalConnectionStore implements ConnectionStore {
  private final Map<String, Connection> byId = new ConcurrentHashMap<>();
  private final Set<String> everyGame = ConcurrentHashMap.newKeySet();
  private final Map<String, Set<String>> byGame = new ConcurrentHashMap<>();
  private final Object writes = new Object();

  @Override
  public void save(Connection connection) {
    Objects.requireNonNull(connection, "connection");
    synchronized (writes) {
      Connection previous = byId.put(connection.connectionId(), connection);
      index(connection);
      if (previous != null) {
        unindex(previous, connection);
      }
    }
  }

  @Override
  public Optional<Connection> find(String connectionId) {
    return Optional.ofNullable(byId.get(connectionId));
  }

  @Override
  public void remove(String connectionId) {
    synchronized (writes) {
      Connection removed = byId.remove(connectionId);
      if (removed != null) {
        unindex(removed, null);
      }
    }
  }

  @Override
  public Collection<String> receiversOf(String gameId) {
    Set<String> subscribed = byGame.getOrDefault(gameId, Set.of());
    if (subscribed.isEmpty()) {
      return List.copyOf(everyGame);
    }
    // A connection being saved with other games is in both for a moment (it joins the new index
    // before it leaves the old one): a set names it once, so it never gets a frame twice.
    Set<String> receivers = new LinkedHashSet<>(everyGame);
    receivers.addAll(subscribed);
    return Collections.unmodifiableSet(receivers);
  }

  @Override
  public int count() {
    return byId.size();
  }

  private void index(Connection connection) {
    String id = connection.connectionId();
    if (connection.receivesEveryGame()) {
      everyGame.add(id);
      return;
    }
    for (String game : connection.gameIds()) {
      byGame.computeIfAbsent(game, g -> ConcurrentHashMap.newKeySet()).add(id);
    }
  }

  /** Takes the connection out of the index entries of {@code old} that {@code current} (or null) does not keep. */
  private void unindex(Connection old, Connection current) {
    String id = old.connectionId();
    if (old.receivesEveryGame()) {
      if (current == null || !current.receivesEveryGame()) {
        everyGame.remove(id);
      }
      return;
    }
    for (String game : old.gameIds()) {
      if (current != null && !current.receivesEveryGame() && current.gameIds().contains(game)) {
        continue;
      }
      // Under the write lock, so no save can add to the set between the removal and the emptiness check.
      byGame.computeIfPresent(game, (g, ids) -> ids.remove(id) && ids.isEmpty() ? null : ids);
    }
  }
}
