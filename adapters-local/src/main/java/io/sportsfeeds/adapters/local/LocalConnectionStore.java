package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.domain.Connection;
import io.sportsfeeds.core.domain.Receiver;
import io.sportsfeeds.core.domain.Subscription;
import io.sportsfeeds.core.port.ConnectionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections of this process, in memory (they are bound to its sockets and die with it),
 * indexed by game so that {@link #receiversOf} reads two small sets instead of every connection,
 * and by client so that {@link #countOf} (once per handshake) and {@link #connectionsOf} read only
 * that client's.
 * Expiry is checked as receivers are read; {@link #removeExpired} is the periodic sweep that frees
 * what expired.
 *
 * <p>Changes are serialized by one lock; reads take none. A connection saved again is indexed
 * under its new games before it leaves its old ones, so a game it keeps never loses it, even for
 * a reader that looks in between.
 */
final class LocalConnectionStore implements ConnectionStore {
    private final Map<String, Connection> byId = new ConcurrentHashMap<>();
    private final Set<String> everyGame = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<String>> byGame = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> byClient = new ConcurrentHashMap<>();
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
    public int countOf(String clientId, Instant now) {
        int count = 0;
        for (String id : byClient.getOrDefault(clientId, Set.of())) {
            Connection connection = byId.get(id);
            if (connection != null && !connection.expiredAt(now)) {
                count++;
            }
        }
        return count;
    }

    @Override
    public List<String> connectionsOf(String clientId) {
        return List.copyOf(byClient.getOrDefault(clientId, Set.of()));
    }

    @Override
    public void touch(String connectionId, Instant expiresAt) {
        // The index does not depend on the expiry: replacing the record is enough.
        byId.computeIfPresent(connectionId, (id, connection) -> connection.withExpiry(expiresAt));
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
    public List<Receiver> receiversOf(String gameId, Instant now) {
        Set<String> subscribed = byGame.getOrDefault(gameId, Set.of());
        // A connection being saved with other games is in both for a moment (it joins the new index
        // before it leaves the old one): the set names it once, so it never gets a frame twice.
        Map<String, Receiver> receivers = new LinkedHashMap<>(everyGame.size() + subscribed.size());
        addUnexpired(everyGame, gameId, now, receivers);
        addUnexpired(subscribed, gameId, now, receivers);
        return List.copyOf(receivers.values());
    }

    private void addUnexpired(Set<String> ids, String gameId, Instant now, Map<String, Receiver> receivers) {
        for (String id : ids) {
            Connection connection = byId.get(id);
            if (connection != null && !connection.expiredAt(now) && !receivers.containsKey(id)) {
                Subscription subscription = connection.subscriptionTo(gameId);
                if (subscription != null) {
                    receivers.put(id, new Receiver(id, subscription));
                }
            }
        }
    }

    @Override
    public List<String> removeExpired(Instant now) {
        List<String> expired = new ArrayList<>();
        for (Connection connection : byId.values()) {
            if (connection.expiredAt(now)) {
                expired.add(connection.connectionId());
            }
        }
        // Removed one by one under the lock; one touched meanwhile is checked again and kept.
        List<String> removed = new ArrayList<>(expired.size());
        synchronized (writes) {
            for (String id : expired) {
                Connection connection = byId.get(id);
                if (connection != null && connection.expiredAt(now)) {
                    byId.remove(id);
                    unindex(connection, null);
                    removed.add(id);
                }
            }
        }
        return removed;
    }

    private void index(Connection connection) {
        String id = connection.connectionId();
        byClient.computeIfAbsent(connection.clientId(), c -> ConcurrentHashMap.newKeySet())
                .add(id);
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
        if (current == null || !current.clientId().equals(old.clientId())) {
            byClient.computeIfPresent(old.clientId(), (c, ids) -> ids.remove(id) && ids.isEmpty() ? null : ids);
        }
        if (old.receivesEveryGame()) {
            if (current == null || !current.receivesEveryGame()) {
                everyGame.remove(id);
            }
            return;
        }
        for (String game : old.gameIds()) {
            if (current != null
                    && !current.receivesEveryGame()
                    && current.gameIds().contains(game)) {
                continue;
            }
            // Under the write lock, so no save can add to the set between the removal and the emptiness check.
            byGame.computeIfPresent(game, (g, ids) -> ids.remove(id) && ids.isEmpty() ? null : ids);
        }
    }
}
