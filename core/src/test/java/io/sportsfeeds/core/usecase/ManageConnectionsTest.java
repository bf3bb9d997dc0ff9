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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManageConnectionsTest {
    private static final Duration IDLE = Duration.ofMinutes(30);
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
    void revokesTheConnectionsOfAClientDeactivatedOrRemovedSinceTheyOpened_andKeepsTheOthers() {
        clients.putClients(List.of(
                new Client("client-001", "Trading desk A", true), new Client("client-002", "Trading desk B", true)));
        manage.open("conn-1", "client-001");
        manage.open("conn-2", "client-002");
        manage.open("conn-3", "client-002");
        Map<String, String> held =
                Map.of("conn-1", "client-001", "conn-2", "client-002", "conn-3", "client-002", "conn-4", "client-404");

        assertThat(manage.revokeInactive(held))
                .as("all active, but client-404 is unknown")
                .containsExactly("conn-4");
        clients.putClients(List.of(new Client("client-002", "Trading desk B", false)));
        List<String> revoked = manage.revokeInactive(held);

        assertThat(revoked).containsExactlyInAnyOrder("conn-2", "conn-3", "conn-4");
        assertThat(connections.find("conn-2")).isEmpty();
        assertThat(connections.find("conn-3")).isEmpty();
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
