package io.sportsfeeds.api.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.fakes.ForwardingClientRegistry;
import io.sportsfeeds.core.fakes.InMemoryClientRegistry;
import io.sportsfeeds.core.fakes.InMemoryConnectionStore;
import io.sportsfeeds.core.fakes.InMemoryOddsStore;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.fakes.RecordingConnectionGateway;
import io.sportsfeeds.core.port.ClientRegistry;
import io.sportsfeeds.core.usecase.AuthenticateCallers;
import io.sportsfeeds.core.usecase.ClientSecrets;
import io.sportsfeeds.core.usecase.DeliveryOrder;
import io.sportsfeeds.core.usecase.ManageConnections;
import io.sportsfeeds.core.usecase.ManageSubscriptions;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The handshake when authentication is on: the client's secret comes in the query, as browsers can send it. */
class WebSocketSessionsAuthTest {
    static final String SECRET = "secret-of-client-001";
    final MutableClock clock = new MutableClock(Instant.ofEpochMilli(1764617460000L));
    final InMemoryClientRegistry clients = new InMemoryClientRegistry();
    final InMemoryConnectionStore connections = new InMemoryConnectionStore();
    final ClientSecrets secrets = new ClientSecrets(new SecureRandom(), 1_000);
    /** How many times the registry was asked for a client. */
    final AtomicInteger reads = new AtomicInteger();

    final ClientRegistry countedClients = new ForwardingClientRegistry(clients) {
        @Override
        public Optional<Client> client(String clientId) {
            reads.incrementAndGet();
            return super.client(clientId);
        }

        @Override
        public Map<String, Client> clients(Collection<String> clientIds) {
            reads.addAndGet(clientIds.size());
            return super.clients(clientIds);
        }
    };

    final WebSocketSessions sessions = sessions(AuthenticateCallers.with(List.of(), countedClients, secrets));

    WebSocketSessions sessions(AuthenticateCallers auth) {
        return new WebSocketSessions(
                new ManageConnections(countedClients, connections, clock, ManageConnections.DEFAULT_IDLE_EXPIRY),
                auth,
                new ManageSubscriptions(
                        new InMemoryOddsStore(clock),
                        connections,
                        new RecordingConnectionGateway(),
                        new PushedMessages(),
                        new ProtocolMessages(),
                        new DeliveryOrder()));
    }

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

        assertThat(handshake)
                .isEqualTo(Handshake.accept(clients.client("client-001").orElseThrow(), null));
        assertThat(connections.find("conn-1"))
                .hasValueSatisfying(c -> assertThat(c.clientId()).isEqualTo("client-001"));
    }

    @Test
    void readsTheClientOnce_andAnswersItAsItsSecretWasChecked() {
        Handshake handshake = sessions.onConnect("conn-1", query("client-001", SECRET));

        // In aws mode each read is a GetItem on every connect.
        assertThat(reads).hasValue(1);
        assertThat(handshake.client()).isEqualTo(clients.client("client-001").orElseThrow());
    }

    @Test
    void readsTheClientOnce_whenAuthenticationIsOff() {
        Handshake handshake = sessions(AuthenticateCallers.off()).onConnect("conn-1", query("client-001", null));

        assertThat(reads).hasValue(1);
        assertThat(handshake.client().clientId()).isEqualTo("client-001");
        assertThat(sessions(AuthenticateCallers.off())
                        .onConnect("conn-2", query("client-002", null))
                        .status())
                .as("inactive")
                .isEqualTo(403);
    }

    static String secretSubprotocol(String secret) {
        return "sportsfeeds.secret."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsTheSecretOfferedAsASubprotocol_andAnswersSportsfeedsRatherThanEchoingIt() {
        Handshake handshake = sessions.onConnect(
                "conn-1", query("client-001", null), List.of(secretSubprotocol(SECRET), "sportsfeeds"));

        assertThat(handshake.accepted()).as(handshake.body()).isTrue();
        assertThat(handshake.subprotocol()).isEqualTo("sportsfeeds");
        assertThat(connections.find("conn-1")).isPresent();
    }

    @Test
    void refusesTheWrongSecretOfferedAsASubprotocol_namingTheHeader() {
        assertThat(sessions.onConnect(
                        "conn-1",
                        query("client-001", null),
                        List.of("sportsfeeds", secretSubprotocol("secret-of-client-002"))))
                .isEqualTo(
                        Handshake.refuse(
                                403,
                                "{\"error\":\"invalid_secret\",\"message\":\"the secret of client client-001 is wrong\","
                                        + "\"fields\":[{\"field\":\"Sec-WebSocket-Protocol\",\"message\":\"Sec-WebSocket-Protocol is not the client's secret\"}]}"));
        assertThat(connections.find("conn-1")).isEmpty();
    }

    @Test
    void refusesASecretGivenTwice_orOnlyAsASubprotocol_orNotInBase64Url() {
        assertThat(sessions.onConnect(
                                "c-1", query("client-001", SECRET), List.of("sportsfeeds", secretSubprotocol(SECRET)))
                        .body())
                .contains("\"field\":\"secret\"")
                .contains("secret must be given once, in the query parameter secret or in Sec-WebSocket-Protocol");
        assertThat(sessions.onConnect("c-2", query("client-001", null), List.of(secretSubprotocol(SECRET)))
                        .body())
                .contains("Sec-WebSocket-Protocol must offer sportsfeeds beside sportsfeeds.secret.<base64url>");
        assertThat(sessions.onConnect("c-3", query("client-001", null), List.of("sportsfeeds", "sportsfeeds.secret.*"))
                        .body())
                .contains("\"field\":\"Sec-WebSocket-Protocol\"")
                .contains("was not base64url");
        assertThat(connections.receiversOf("game-1", clock.instant())).isEmpty();
    }

    @Test
    void acceptsTheFirstSubprotocolOffered_whenNoneIsSportsfeeds_andNoneWhenNoneIsOffered() {
        assertThat(sessions.onConnect("c-1", query("client-001", SECRET), List.of("chat", "superchat"))
                        .subprotocol())
                .isEqualTo("chat");
        assertThat(sessions.onConnect("c-2", query("client-001", SECRET), List.of())
                        .subprotocol())
                .isNull();
    }

    @Test
    void refusesWithStatusAndStableCode_andRegistersNothing_whenTheClientCannotAuthenticate() {
        assertThat(sessions.onConnect("c-1", query("client-001", null)))
                .isEqualTo(Handshake.refuse(
                        401,
                        "{\"error\":\"missing_credentials\",\"message\":\"client client-001 needs its secret in the query parameter secret, or as the subprotocol sportsfeeds.secret.<base64url> beside sportsfeeds\","
                                + "\"fields\":[{\"field\":\"secret\",\"message\":\"secret is required\"}]}"));
        assertThat(sessions.onConnect("c-2", query("client-001", "secret-of-client-002")))
                .isEqualTo(
                        Handshake.refuse(
                                403,
                                "{\"error\":\"invalid_secret\",\"message\":\"the secret of client client-001 is wrong\","
                                        + "\"fields\":[{\"field\":\"secret\",\"message\":\"secret is not the client's secret\"}]}"));
        assertThat(sessions.onConnect("c-3", query("client-999", SECRET)))
                .isEqualTo(
                        Handshake.refuse(
                                403,
                                "{\"error\":\"unknown_client\",\"message\":\"client client-999 is not registered\","
                                        + "\"fields\":[{\"field\":\"client\",\"message\":\"client is not a registered client\"}]}"));
        assertThat(sessions.onConnect("c-4", query("client-002", "secret-of-client-002")))
                .isEqualTo(Handshake.refuse(
                        403, "{\"error\":\"inactive_client\",\"message\":\"client client-002 is not active\"}"));
        assertThat(sessions.onConnect("c-5", query(null, SECRET)))
                .isEqualTo(Handshake.refuse(
                        400,
                        "{\"error\":\"missing_client\",\"message\":\"the query parameter client is required\","
                                + "\"fields\":[{\"field\":\"client\",\"message\":\"client is required\"}]}"));
        assertThat(connections.receiversOf("game-1", clock.instant())).isEmpty();
    }
}
