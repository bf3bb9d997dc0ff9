package io.sportsfeeds.core.fakes;

import io.sportsfeeds.core.domain.Connection;
import io.sportsfeeds.core.domain.Receiver;
import io.sportsfeeds.core.port.ConnectionStore;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connections in a map; answers {@link #receiversOf} by looking at each, which is fine in tests.
 * Counts the calls that read receivers, and can be told to fail them.
 */
public final class InMemoryConnectionStore implements ConnectionStore {
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final AtomicInteger receiverReads = new AtomicInteger();
    private volatile RuntimeException receiversFailure;

    /** From now on every read of receivers throws this (or, with null, works again). */
    public void failReceiversWith(RuntimeException failure) {
        this.receiversFailure = failure;
    }

    /** Calls that read receivers so far, one per call whether it asked for one game or several. */
    public int receiverReads() {
        return receiverReads.get();
    }

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
    public List<String> connectionsOf(String clientId) {
        return connections.values().stream()
                .filter(c -> c.clientId().equals(clientId))
                .map(Connection::connectionId)
                .toList();
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
        readReceivers();
        return receiversNow(gameId, now);
    }

    @Override
    public Map<String, List<Receiver>> receiversOf(Collection<String> gameIds, Instant now) {
        readReceivers();
        Map<String, List<Receiver>> answer = new LinkedHashMap<>();
        gameIds.forEach(gameId -> answer.put(gameId, receiversNow(gameId, now)));
        return answer;
    }

    private void readReceivers() {
        receiverReads.incrementAndGet();
        RuntimeException failure = receiversFailure;
        if (failure != null) {
            throw failure;
        }
    }

    private List<Receiver> receiversNow(String gameId, Instant now) {
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
