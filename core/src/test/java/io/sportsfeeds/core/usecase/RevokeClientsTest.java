package io.sportsfeeds.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.Connection;
import io.sportsfeeds.core.fakes.InMemoryClientRegistry;
import io.sportsfeeds.core.fakes.InMemoryConnectionStore;
import io.sportsfeeds.core.fakes.Receivers;
import io.sportsfeeds.core.fakes.RecordingConnectionGateway;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RevokeClientsTest {
    private static final Instant NOW = Instant.parse("2026-12-01T19:31:00Z");
    private final InMemoryClientRegistry clients = new InMemoryClientRegistry();
    private final InMemoryConnectionStore connections = new InMemoryConnectionStore();
    private final RecordingConnectionGateway gateway = new RecordingConnectionGateway();
    private final RevokeClients revoke = new RevokeClients(clients, connections, gateway);

    @BeforeEach
    void connectTwoClients() {
        clients.putClients(List.of(
                new Client("client-001", "Trading desk A", true), new Client("client-002", "Trading desk B", true)));
        connect("conn-1", "client-001", NOW.plus(Duration.ofHours(2)));
        connect("conn-2", "client-002", NOW.plus(Duration.ofHours(2)));
        // Expired by its idle time, but its $disconnect never came: it may still be open.
        connect("conn-3", "client-002", NOW.minusSeconds(1));
    }

    @Test
    void forgetsAndClosesEveryConnectionOfADeactivatedClient_andKeepsTheOthers() {
        clients.putClients(List.of(new Client("client-002", "Trading desk B", false)));

        RevokeClients.Report report = revoke.revoke(List.of("client-002", "client-002"));

        assertThat(report.revoked()).containsExactlyInAnyOrder("conn-2", "conn-3");
        assertThat(report.notClosed()).isEmpty();
        assertThat(gateway.closed())
                .isEqualTo(Map.of("conn-2", RevokeClients.DEACTIVATED, "conn-3", RevokeClients.DEACTIVATED));
        assertThat(connections.find("conn-2")).isEmpty();
        assertThat(connections.find("conn-3")).isEmpty();
        assertThat(Receivers.ids(connections.receiversOf("game-1", NOW))).containsExactly("conn-1");
    }

    @Test
    void revokesAClientNoLongerRegistered() {
        RevokeClients.Report report = revoke.revoke(List.of("client-404"));
        connect("conn-4", "client-404", NOW.plus(Duration.ofHours(2)));

        assertThat(report.revoked()).isEmpty();
        assertThat(revoke.revoke(List.of("client-404")).revoked()).containsExactly("conn-4");
        assertThat(gateway.closed()).containsOnlyKeys("conn-4");
    }

    @Test
    void keepsTheConnectionsOfAClientActiveAgain_whenTheChangeThatDeactivatedItArrivesLate() {
        RevokeClients.Report report = revoke.revoke(List.of("client-002"));

        assertThat(report.revoked()).isEmpty();
        assertThat(connections.connectionsOf("client-002")).containsExactlyInAnyOrder("conn-2", "conn-3");
        assertThat(gateway.closed()).isEmpty();
    }

    @Test
    void closesEveryConnectionOfAnActiveClientGivenANewSecret_sayingSo() {
        RevokeClients.Report report = revoke.revokeSecretChanged(List.of("client-002"));

        assertThat(report.revoked()).containsExactlyInAnyOrder("conn-2", "conn-3");
        assertThat(gateway.closed())
                .isEqualTo(Map.of("conn-2", RevokeClients.SECRET_CHANGED, "conn-3", RevokeClients.SECRET_CHANGED));
        assertThat(connections.connectionsOf("client-001")).containsExactly("conn-1");
    }

    @Test
    void forgetsAConnectionEvenWhenItCannotBeClosed_andSaysWhich() {
        clients.putClients(List.of(new Client("client-002", "Trading desk B", false)));
        gateway.failing("conn-2", true);

        RevokeClients.Report report = revoke.revoke(List.of("client-002"));

        assertThat(report.notClosed()).isEqualTo(Set.of("conn-2"));
        assertThat(connections.find("conn-2")).isEmpty();
        assertThat(gateway.closed()).containsOnlyKeys("conn-3");
    }

    private void connect(String connectionId, String clientId, Instant expiresAt) {
        connections.save(Connection.toEveryGame(connectionId, clientId, NOW.minus(Duration.ofHours(1)), expiresAt));
        gateway.open(connectionId);
    }
}
