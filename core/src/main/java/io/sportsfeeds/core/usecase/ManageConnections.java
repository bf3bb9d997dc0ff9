package io.sportsfeeds.core.usecase;

import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.Connection;
import io.sportsfeeds.core.domain.Rules;
import io.sportsfeeds.core.port.ClientRegistry;
import io.sportsfeeds.core.port.ConnectionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Opens and closes analysts' connections; only active, known clients may connect. A connection
 * expires {@code idleExpiry} after it was last seen alive (opened, or a message from it), so one
 * whose disconnect never arrives does not stay a receiver forever.
 */
public final class ManageConnections {
    /** API Gateway ends every WebSocket connection after 2 hours; a connection idle that long is gone. */
    public static final Duration DEFAULT_IDLE_EXPIRY = Duration.ofHours(2);
    /** The most connections one client (a trading desk) may hold at once. */
    public static final int MAX_CONNECTIONS_PER_CLIENT = 200;

    private final ClientRegistry clients;
    private final ConnectionStore connections;
    private final Clock clock;
    private final Duration idleExpiry;

    public ManageConnections(ClientRegistry clients, ConnectionStore connections, Clock clock, Duration idleExpiry) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (idleExpiry.isNegative() || idleExpiry.isZero()) {
            throw new IllegalArgumentException("idleExpiry must be positive, was " + idleExpiry);
        }
        this.idleExpiry = idleExpiry;
    }

    /**
     * Opens a connection for a client; it receives every game until it subscribes to some.
     *
     * @throws ConnectionRefusedException when the client is missing, unknown or inactive, or holds
     *     {@value #MAX_CONNECTIONS_PER_CLIENT} connections already
     * @throws io.sportsfeeds.core.domain.InvalidInputException when the client id breaks the id rule
     */
    public Connection open(String connectionId, String clientId) {
        return openFor(connectionId, activeClient(clientId));
    }

    /**
     * The registered, active client a connection may be opened for (one read of the registry).
     *
     * @throws ConnectionRefusedException when the client is missing, unknown or inactive
     * @throws io.sportsfeeds.core.domain.InvalidInputException when the client id breaks the id rule
     */
    public Client activeClient(String clientId) {
        if (clientId == null || clientId.isBlank()) {
            throw new ConnectionRefusedException(
                    ConnectionRefusedException.Reason.MISSING_CLIENT, "the query parameter client is required");
        }
        Rules.requireId("client", clientId);
        Client client = clients.client(clientId)
                .orElseThrow(() -> new ConnectionRefusedException(
                        ConnectionRefusedException.Reason.UNKNOWN_CLIENT, "client " + clientId + " is not registered"));
        requireActive(client);
        return client;
    }

    /**
     * Opens a connection for a client its caller has just read (with {@link #activeClient}, or to
     * check its secret): the registry is not read again.
     *
     * @throws ConnectionRefusedException when the client is inactive, or holds {@value
     *     #MAX_CONNECTIONS_PER_CLIENT} connections already
     */
    public Connection openFor(String connectionId, Client client) {
        requireActive(client);
        String clientId = client.clientId();
        Instant now = clock.instant();
        int open = connections.countOf(clientId, now);
        if (open >= MAX_CONNECTIONS_PER_CLIENT) {
            throw new ConnectionRefusedException(
                    ConnectionRefusedException.Reason.TOO_MANY_CONNECTIONS,
                    "client " + clientId + " holds " + open + " connections, the most it may hold; close one first");
        }
        Connection connection = Connection.toEveryGame(connectionId, clientId, now, now.plus(idleExpiry));
        connections.save(connection);
        return connection;
    }

    private static void requireActive(Client client) {
        if (!client.active()) {
            throw new ConnectionRefusedException(
                    ConnectionRefusedException.Reason.INACTIVE_CLIENT,
                    "client " + client.clientId() + " is not active");
        }
    }

    /** The connection was seen alive (it sent a message): its expiry moves on. */
    public void seen(String connectionId) {
        connections.touch(connectionId, clock.instant().plus(idleExpiry));
    }

    public void close(String connectionId) {
        connections.remove(connectionId);
    }

    /**
     * Forgets the connections whose client has been deactivated, removed or given a new secret since
     * they opened, and answers them with why, so that their transport can close them: a client's
     * state and secret are checked when it connects, and this keeps them checked while it stays
     * connected. The clients are read in one call.
     *
     * @param clientAtOpen the connections to check (those a server holds), each with its client as
     *     it was read to accept the connection (the one its secret was checked against)
     * @return the connections forgotten, by the reason to close them with ({@link
     *     RevokeClients#DEACTIVATED} or {@link RevokeClients#SECRET_CHANGED})
     */
    public Map<String, List<String>> revokeWithdrawn(Map<String, Client> clientAtOpen) {
        Map<String, Client> now = clients.clients(
                clientAtOpen.values().stream().map(Client::clientId).collect(Collectors.toSet()));
        Map<String, List<String>> revoked = new LinkedHashMap<>();
        clientAtOpen.forEach((connectionId, atOpen) -> {
            Optional<Client> current = Optional.ofNullable(now.get(atOpen.clientId()));
            String reason = current.isEmpty() || !current.get().active()
                    ? RevokeClients.DEACTIVATED
                    : Objects.equals(current.get().secretHash(), atOpen.secretHash())
                            ? null
                            : RevokeClients.SECRET_CHANGED;
            if (reason != null) {
                connections.remove(connectionId);
                revoked.computeIfAbsent(reason, why -> new ArrayList<>()).add(connectionId);
            }
        });
        return revoked;
    }

    /** Forgets the connections expired by now and answers their ids, so their transport can close them. */
    public List<String> expire() {
        return connections.removeExpired(clock.instant());
    }
}
