package io.sportsfeeds.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.Connection;
import io.sportsfeeds.core.domain.InvalidInputException;
import io.sportsfeeds.core.fakes.InMemoryClientRegistry;
import io.sportsfeeds.core.fakes.InMemoryConnectionStore;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.fakes.Receivers;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManageConnectionsTest {
    private static final Duration IDLE = Duration.ofMinutes(30);
    private static final ClientSecrets SECRETS = new ClientSecrets(new SecureRandom(), 1_000);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T19:31:00Z"));
    private final InMemoryClientRegistry clients = new InMemoryClientRegistry();
    private final InMemoryConnectionStore connections = new InMemoryConnectionStore();
    private final ManageConnections manage = new ManageConnections(clients, connections, clock, IDLE);

    @Test
    void opensAConnectionToEveryGame_expiringAfterTheIdleTime_forAnActiveClient() {
        clients.putClients(List.of(new Client("client-001", "Trading desk A", true)));

        Connection connection = manage.open("conn-1", "client-001");

        assertThat(connection)
                .isEqualTo(Connection.toEveryGame(
                        "conn-1", "client-001", clock.instant(), clock.instant().plus(IDLE)));
        assertThat(connections.find("conn-1")).contains(connection);
    }

    @Test
    void revokesTheConnectionsOfAClientDeactivatedRemovedOrGivenANewSecretSinceTheyOpened_andKeepsTheOthers() {
        Client desk1 = new Client("client-001", "Trading desk A", true, SECRETS.hash("secret-of-desk-1-00000"));
        Client desk2 = new Client("client-002", "Trading desk B", true, SECRETS.hash("secret-of-desk-2-00000"));
        Client desk3 = new Client("client-003", "Trading desk C", true, SECRETS.hash("secret-of-desk-3-00000"));
        clients.putClients(List.of(desk1, desk2, desk3));
        for (String id : List.of("conn-1", "conn-2", "conn-3", "conn-4", "conn-5")) {
            manage.open(id, id.equals("conn-1") ? "client-001" : id.equals("conn-5") ? "client-003" : "client-002");
        }
        Map<String, Client> atOpen = Map.of(
                "conn-1", desk1,
                "conn-2", desk2,
                "conn-3", desk2,
                "conn-4", new Client("client-404", null, true),
                "conn-5", desk3);

        assertThat(manage.revokeWithdrawn(atOpen))
                .as("all as they were, but client-404 is unknown")
                .isEqualTo(Map.of(RevokeClients.DEACTIVATED, List.of("conn-4")));
        clients.putClients(List.of(
                new Client("client-002", "Trading desk B", false, desk2.secretHash()),
                new Client("client-003", "Trading desk C", true, SECRETS.hash("a-new-secret-of-desk-3"))));
        Map<String, List<String>> revoked = manage.revokeWithdrawn(atOpen);

        assertThat(revoked).containsOnlyKeys(RevokeClients.DEACTIVATED, RevokeClients.SECRET_CHANGED);
        assertThat(revoked.get(RevokeClients.DEACTIVATED)).containsExactlyInAnyOrder("conn-2", "conn-3", "conn-4");
        assertThat(revoked.get(RevokeClients.SECRET_CHANGED)).containsExactly("conn-5");
        assertThat(connections.find("conn-2")).isEmpty();
        assertThat(connections.find("conn-5")).isEmpty();
        assertThat(connections.find("conn-1")).isPresent();
    }

    @Test
    void refusesAConnection_forAMissingUnknownOrInactiveClient() {
        clients.putClients(List.of(new Client("client-002", "Trading desk B", false)));

        assertThatThrownBy(() -> manage.open("conn-1", null))
                .isInstanceOfSatisfying(
                        ConnectionRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ConnectionRefusedException.Reason.MISSING_CLIENT));
        assertThatThrownBy(() -> manage.open("conn-1", "client-404"))
                .isInstanceOfSatisfying(
                        ConnectionRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ConnectionRefusedException.Reason.UNKNOWN_CLIENT))
                .hasMessage("client client-404 is not registered");
        assertThatThrownBy(() -> manage.open("conn-1", "client-002"))
                .isInstanceOfSatisfying(
                        ConnectionRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ConnectionRefusedException.Reason.INACTIVE_CLIENT));
        assertThat(connections.find("conn-1")).isEmpty();
    }

    @Test
    void refusesAConnectionPastTheClientsLimit_untilOneCloses() {
        clients.putClients(List.of(new Client("client-001", "Trading desk A", true)));
        for (int i = 0; i < ManageConnections.MAX_CONNECTIONS_PER_CLIENT; i++) {
            manage.open("conn-" + i, "client-001");
        }

        assertThatThrownBy(() -> manage.open("conn-extra", "client-001"))
                .isInstanceOfSatisfying(
                        ConnectionRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ConnectionRefusedException.Reason.TOO_MANY_CONNECTIONS));
        manage.close("conn-0");
        assertThat(manage.open("conn-extra", "client-001").connectionId()).isEqualTo("conn-extra");
    }

    @Test
    void refusesAsInvalidInput_aClientIdThatBreaksTheIdRule() {
        assertThatThrownBy(() -> manage.open("conn-1", "a#b"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("client must contain only letters, digits, '.', '_', ':', '@' or '-', was \"a#b\"");
    }

    @Test
    void expiresAConnectionIdleTooLong_butNotOneSeenMeanwhile() {
        clients.putClients(List.of(new Client("client-001", "Trading desk A", true)));
        manage.open("conn-idle", "client-001");
        manage.open("conn-chatty", "client-001");

        clock.advance(IDLE.minusMinutes(1));
        manage.seen("conn-chatty");
        clock.advance(Duration.ofMinutes(1));

        assertThat(manage.expire()).containsExactly("conn-idle");
        assertThat(connections.find("conn-chatty")).isPresent();
        assertThat(Receivers.ids(connections.receiversOf("game-1", clock.instant())))
                .containsExactly("conn-chatty");
    }
}
