package io.sportsfeeds.core.usecase;

import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.port.ClientRegistry;
import io.sportsfeeds.core.port.ConnectionGateway;
import io.sportsfeeds.core.port.ConnectionStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Cuts off clients that are no longer active (an admin deactivated them, or they are no longer
 * registered): forgets their connections, so that no change is pushed to them any more, then
 * closes them through the gateway. Driven by a change of the client (the Lambda stream consumer);
 * the in-process server sweeps the connections it holds instead ({@link
 * ManageConnections#revokeWithdrawn}).
 *
 * <p>Each client named is read from the registry first, and only one inactive now is cut off:
 * changes reach the driver late, repeated or out of order, so the change that deactivated a client
 * may arrive after the one that activated it again, and a client must not lose its connections for
 * a state it left.
 */
public final class RevokeClients {
    /** What a connection of a deactivated client is told as it is closed, where the transport can say it. */
    public static final String DEACTIVATED = "the client was deactivated; ask an admin to activate it";
    /** What a connection opened with a secret the client no longer has is told as it is closed. */
    public static final String SECRET_CHANGED = "the client was given a new secret; reconnect with it";

    private final ClientRegistry clients;
    private final ConnectionStore connections;
    private final ConnectionGateway gateway;

    public RevokeClients(ClientRegistry clients, ConnectionStore connections, ConnectionGateway gateway) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
    }

    /**
     * What a revocation did.
     *
     * @param revoked the connections forgotten: none of them is pushed anything any more
     * @param notClosed those of them the gateway could not close; they stay open, receiving nothing,
     *     until their peer or the transport ends them (a retry would not find them: they are forgotten)
     */
    public record Report(List<String> revoked, Set<String> notClosed) {
        public Report {
            revoked = List.copyOf(revoked);
            notClosed = Set.copyOf(notClosed);
        }
    }

    /**
     * Revokes the connections of each client named that is inactive or unknown now; an active one
     * keeps them. The connections are forgotten before they are closed, so that a close that fails
     * still leaves them receiving nothing.
     *
     * @throws io.sportsfeeds.core.domain.StoreUnavailableException when the registry or the store
     *     cannot be read or written (the clients before the failing one may be revoked already;
     *     revoking them again does nothing)
     */
    public Report revoke(Collection<String> clientIds) {
        Set<String> named = new LinkedHashSet<>(clientIds);
        Map<String, Client> now = clients.clients(named);
        List<String> inactive = named.stream()
                .filter(clientId ->
                        !now.containsKey(clientId) || !now.get(clientId).active())
                .toList();
        return cut(inactive, DEACTIVATED);
    }

    /**
     * Revokes every connection of each client named, which was given a new secret: a connection
     * opened with the old one must not outlive it (a leaked secret is replaced to cut its holder
     * off). A late change may cut connections opened with the new secret too; they reconnect.
     */
    public Report revokeSecretChanged(Collection<String> clientIds) {
        return cut(List.copyOf(new LinkedHashSet<>(clientIds)), SECRET_CHANGED);
    }

    private Report cut(List<String> clientIds, String reason) {
        List<String> revoked = new ArrayList<>();
        for (String clientId : clientIds) {
            for (String connectionId : connections.connectionsOf(clientId)) {
                connections.remove(connectionId);
                revoked.add(connectionId);
            }
        }
        if (revoked.isEmpty()) {
            return new Report(List.of(), Set.of());
        }
        return new Report(revoked, gateway.close(revoked, reason));
    }
}
