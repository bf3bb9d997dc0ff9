package io.sportsfeeds.api.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.fakes.InMemoryClientRegistry;
import io.sportsfeeds.core.fakes.InMemoryConnectionStore;
import io.sportsfeeds.core.fakes.InMemoryOddsStore;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.fakes.RecordingConnectionGateway;
import io.sportsfeeds.core.usecase.AuthenticateCallers;
import io.sportsfeeds.core.usecase.ClientSecrets;
import io.sportsfeeds.core.usecase.DeliveryOrder;
import io.sportsfeeds.core.usecase.ManageConnections;
import io.sportsfeeds.core.usecase.ManageSubscriptions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The handshake when authentication is on: the client's secret comes in the query, as browsers can send it. */
class WebSocketSessionsAuthTest {
    static final String SECRET = "secret-of-client-001";
    final MutableClock clock = new MutableClock(Instant.ofEpochMilli(1764617460000L));
    final InMemoryClientRegistry clients = new InMemoryClientRegistry();
    final InMemoryConnectionStore connections = new InMemoryConnectionStore();
    final ClientSecrets secrets = new ClientSecrets(new SecureRandom(), 1_000);
    final WebSocketSessions sessions = new WebSocketSessions(
            new ManageConnections(clients, connections, clock, ManageConnections.DEFAULT_IDLE_EXPIRY),
            AuthenticateCallers.with(List.of(), clients, secrets),
            new ManageSubscriptions(
                    new InMemoryOddsStore(clock),
                    connections,
                    new RecordingConnectionGateway(),
                    new PushedMessages(),
                    new ProtocolMessages(),
                    new DeliveryOrder()));

    WebSocketSessionsAuthTest() {
        clients.putClients(List.of(
                new Client("client-001", "Trading desk A", true, secrets.hash(SECRET)),
                new Client("client-002", "Trading desk B", false, secrets.hash("secret-of-client-002"))));
    }

    static Map<String, List<String>> query(String clientId, String secret) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (clientId != null) {
            query.put("client", List.of(clientId));
        }
        if (secret != null) {
            query.put("secret", List.of(secret));
        }
        return query;
    }

    @Test
    void acceptsAndRegisters_whenTheSecretIsRight() {
        Handshake handshake = sessions.onConnect("conn-1", query("client-001", SECRET));

        assertThat(handshake).isEqualTo(new Handshake(true, 101, ""));
        assertThat(connections.find("conn-1"))
                .hasValueSatisfying(c -> assertThat(c.clientId()).isEqualTo("client-001"));
    }

    @Test
    void refusesWithStatusAndStableCode_andRegistersNothing_whenTheClientCannotAuthenticate() {
        assertThat(sessions.onConnect("c-1", query("client-001", null)))
                .isEqualTo(new Handshake(
                        false,
                        401,
                        "{\"error\":\"missing_credentials\",\"message\":\"client client-001 needs its secret in the query parameter secret\","
                                + "\"fields\":[{\"field\":\"secret\",\"message\":\"secret is required\"}]}"));
        assertThat(sessions.onConnect("c-2", query("client-001", "secret-of-client-002")))
                .isEqualTo(
                        new Handshake(
                                false,
                                403,
                                "{\"error\":\"invalid_secret\",\"message\":\"the secret of client client-001 is wrong\","
                                        + "\"fields\":[{\"field\":\"secret\",\"message\":\"secret is not the client's secret\"}]}"));
        assertThat(sessions.onConnect("c-3", query("client-999", SECRET)))
                .isEqualTo(
                        new Handshake(
                                false,
                                403,
                                "{\"error\":\"unknown_client\",\"message\":\"client client-999 is not registered\","
                                        + "\"fields\":[{\"field\":\"client\",\"message\":\"client is not a registered client\"}]}"));
        assertThat(sessions.onConnect("c-4", query("client-002", "secret-of-client-002")))
                .isEqualTo(new Handshake(
                        false, 403, "{\"error\":\"inactive_client\",\"message\":\"client client-002 is not active\"}"));
        assertThat(sessions.onConnect("c-5", query(null, SECRET)))
                .isEqualTo(new Handshake(
                        false,
                        400,
                        "{\"error\":\"missing_client\",\"message\":\"the query parameter client is required\","
                                + "\"fields\":[{\"field\":\"client\",\"message\":\"client is required\"}]}"));
        assertThat(connections.receiversOf("game-1", clock.instant())).isEmpty();
    }
}
