package io.sportsfeeds.core.fakes;

import io.sportsfeeds.core.domain.Connection;
import io.sportsfeeds.core.domain.Receiver;
import io.sportsfeeds.core.port.ConnectionStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Connections in a map; answers {@link #receiversOf} by looking at each, which is fine in tests. */
public final class InMemoryConnectionStore implements ConnectionStore {
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    @Override
    public void save(Connection connection) {
        connections.put(connection.connectionId(), connection);
    }

    @Override
    public Optional<Connection> find(String connectionId) {
        return Optional.ofNullable(connections.get(connectionId));
    }

    @Override
    public int countOf(String clientId, Instant now) {
        return (int) connections.values().stream()
                .filter(c -> c.clientId().equals(clientId) && !c.expiredAt(now))
                .count();
    }

    @Override
    public void remove(String connectionId) {
        connections.remove(connectionId);
    }

    @Override
    public void touch(String connectionId, Instant expiresAt) {
        connections.computeIfPresent(connectionId, (id, c) -> c.withExpiry(expiresAt));
    }

    @Override
    public List<Receiver> receiversOf(String gameId, Instant now) {
        return connections.values().stream()
                .filter(c -> c.receives(gameId) && !c.expiredAt(now))
                .map(c -> new Receiver(c.connectionId(), c.subscriptionTo(gameId)))
                .toList();
    }

    @Override
    public List<String> removeExpired(Instant now) {
        List<String> expired = connections.values().stream()
                .filter(c -> c.expiredAt(now))
                .map(Connection::connectionId)
                .toList();
        expired.forEach(connections::remove);
        return expired;
    }
}
