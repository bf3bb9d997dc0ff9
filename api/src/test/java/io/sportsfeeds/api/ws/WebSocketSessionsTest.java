package io.sportsfeeds.api.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sportsfeeds.api.http.ApiError;
import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.InvalidInputException;
import io.sportsfeeds.core.domain.LimitExceededException;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.fakes.InMemoryClientRegistry;
import io.sportsfeeds.core.fakes.InMemoryConnectionStore;
import io.sportsfeeds.core.fakes.InMemoryOddsStore;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.fakes.Receivers;
import io.sportsfeeds.core.fakes.RecordingConnectionGateway;
import io.sportsfeeds.core.usecase.AuthenticateCallers;
import io.sportsfeeds.core.usecase.DeliveryOrder;
import io.sportsfeeds.core.usecase.ManageConnections;
import io.sportsfeeds.core.usecase.ManageSubscriptions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WebSocketSessionsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final MutableClock clock = new MutableClock(Instant.ofEpochMilli(1764617460000L));
    final InMemoryClientRegistry feeds = new InMemoryClientRegistry();
    final InMemoryConnectionStore connections = new InMemoryConnectionStore();
    final InMemoryOddsStore odds = new InMemoryOddsStore(clock);
    final RecordingConnectionGateway gateway = new RecordingConnectionGateway();
    final WebSocketSessions sessions = new WebSocketSessions(
            new ManageConnections(feeds, connections, clock, ManageConnections.DEFAULT_IDLE_EXPIRY),
            AuthenticateCallers.off(),
            new ManageSubscriptions(
                    odds, connections, gateway, new PushedMessages(), new ProtocolMessages(), new DeliveryOrder()));

    @BeforeEach
    void registerClients() {
        feeds.putClients(List.of(
                new Client("client-001", "Trading desk A", true), new Client("client-002", "Trading desk B", false)));
    }

    static Map<String, List<String>> client(String clientId) {
        return Map.of("client", List.of(clientId));
    }

    @Test
    void acceptsAndRegisters_whenTheClientIsActive() {
        Handshake handshake = sessions.onConnect("conn-1", client("client-001"));

        assertThat(handshake)
                .isEqualTo(Handshake.accept(feeds.client("client-001").orElseThrow(), null));
        assertThat(connections.find("conn-1"))
                .hasValueSatisfying(c -> assertThat(c.clientId()).isEqualTo("client-001"));
        assertThat(Receivers.ids(connections.receiversOf("any-game", clock.instant())))
                .containsExactly("conn-1");
    }

    @Test
    void refusesWith403_whenTheClientIsInactive() {
        Handshake handshake = sessions.onConnect("conn-1", client("client-002"));

        assertThat(handshake)
                .isEqualTo(Handshake.refuse(
                        403, "{\"error\":\"inactive_client\",\"message\":\"client client-002 is not active\"}"));
        assertThat(Receivers.ids(connections.receiversOf("game-1", clock.instant())))
                .isEmpty();
    }

    @Test
    void refusesWith403_whenTheClientIsUnknown() {
        Handshake handshake = sessions.onConnect("conn-1", client("client-999"));

        assertThat(handshake)
                .isEqualTo(Handshake.refuse(
                        403, "{\"error\":\"unknown_client\",\"message\":\"client client-999 is not registered\"}"));
    }

    @Test
    void refusesWith400_whenNoClientIsGiven() {
        Handshake handshake = sessions.onConnect("conn-1", Map.of());

        assertThat(handshake).isEqualTo(Handshake.refuse(400, """
                {"error":"missing_client","message":"the query parameter client is required",\
                "fields":[{"field":"client","message":"client is required"}]}"""));
    }

    @Test
    void refusesWith400NamingIt_whenTheClientOrSecretIsGivenTwice() {
        Handshake twoClients = sessions.onConnect("conn-1", Map.of("client", List.of("client-001", "client-003")));
        Handshake twoSecrets =
                sessions.onConnect("conn-2", Map.of("client", List.of("client-001"), "secret", List.of("a", "b")));

        assertThat(twoClients.status()).isEqualTo(400);
        assertThat(twoClients.body())
                .contains("{\"field\":\"client\",\"message\":\"client must be given once, was given 2 times\"}");
        assertThat(twoSecrets.status()).isEqualTo(400);
        assertThat(twoSecrets.body()).contains("\"field\":\"secret\"");
    }

    @Test
    void refusesWith503SayingRetryingIsSafe_whenTheStoreIsUnavailable() {
        feeds.failing(true);

        Handshake handshake = sessions.onConnect("conn-1", client("client-001"));

        assertThat(handshake).isEqualTo(Handshake.refuse(503, """
                {"error":"store_unavailable",\
                "message":"the store is unavailable; the request was not acknowledged and retrying it is safe"}"""));
        assertThat(Receivers.ids(connections.receiversOf("game-1", clock.instant())))
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("failures")
    void answersAnErrorFrameWithTheRestErrorsCodeMessageAndFields_whenAnActionFails(RuntimeException failure)
            throws Exception {
        sessions.addAction("fail", (connectionId, message) -> {
            throw failure;
        });

        List<String> frames = sessions.onMessage("conn-1", "{\"action\":\"fail\"}");

        JsonNode rest = JSON.readTree(ApiError.of(failure).body());
        assertThat(frames).hasSize(1);
        JsonNode frame = JSON.readTree(frames.get(0));
        assertThat(frame.path("kind").asText()).isEqualTo("error");
        assertThat(frame.path("code")).isEqualTo(rest.path("error"));
        assertThat(frame.path("message")).isEqualTo(rest.path("message"));
        assertThat(frame.path("fields")).isEqualTo(rest.path("fields"));
    }

    static List<RuntimeException> failures() {
        return List.of(
                InvalidInputException.of("game", "is required"),
                new LimitExceededException("games", 100, 101),
                new StoreUnavailableException("disk full"),
                new IllegalStateException("secret internal detail"));
    }

    @Test
    void namesTheFieldInTheFrame_whenAnActionsInputIsInvalid() {
        sessions.addAction("fail", (connectionId, message) -> {
            throw InvalidInputException.of("game", "is required");
        });

        assertThat(sessions.onMessage("conn-1", "{\"action\":\"fail\"}")).containsExactly("""
            {"kind":"error","code":"invalid_request","message":"game is required",\
            "fields":[{"field":"game","message":"game is required"}]}""");
    }

    @Test
    void answersInternalErrorWithoutDetails_whenAnActionFailsUnexpectedly() {
        sessions.addAction("fail", (connectionId, message) -> {
            throw new IllegalStateException("secret internal detail");
        });

        assertThat(sessions.onMessage("conn-1", "{\"action\":\"fail\"}"))
                .containsExactly("{\"kind\":\"error\",\"code\":\"internal_error\","
                        + "\"message\":\"the server failed to handle the request; the failure was logged\"}");
    }

    @Test
    void answersPong_whenPinged() {
        sessions.onConnect("conn-1", client("client-001"));

        assertThat(sessions.onMessage("conn-1", "{\"action\":\"ping\"}")).containsExactly("{\"kind\":\"pong\"}");
    }

    @Test
    void answersUnknownAction_whenTheActionIsNotKnown() {
        assertThat(sessions.onMessage("conn-1", "{\"action\":\"dance\"}"))
                .containsExactly(
                        "{\"kind\":\"error\",\"code\":\"unknown_action\",\"message\":\"action \\\"dance\\\" is not known; known actions: ping, subscribe, unsubscribe\"}");
    }

    @Test
    void answersBadMessage_whenTheMessageIsNotJson() {
        assertThat(sessions.onMessage("conn-1", "hello"))
                .containsExactly(
                        "{\"kind\":\"error\",\"code\":\"bad_message\",\"message\":\"message must be a JSON object, was malformed JSON at line 1, column 1\"}");
    }

    @Test
    void answersBadMessage_whenTheActionIsMissingOrNotAString() {
        assertThat(sessions.onMessage("conn-1", "{}"))
                .containsExactly("{\"kind\":\"error\",\"code\":\"bad_message\",\"message\":\"action is required\"}");
        assertThat(sessions.onMessage("conn-1", "{\"action\":1}"))
                .containsExactly(
                        "{\"kind\":\"error\",\"code\":\"bad_message\",\"message\":\"action must be a string, was 1\"}");
        assertThat(sessions.onMessage("conn-1", "[\"ping\"]"))
                .containsExactly(
                        "{\"kind\":\"error\",\"code\":\"bad_message\",\"message\":\"message must be a JSON object, was an array\"}");
    }

    @Test
    void answersTooLarge_whenTheMessageIsOverTheLimit() {
        String huge = "{\"action\":\"" + "x".repeat(WebSocketSessions.MAX_MESSAGE_CHARS) + "\"}";

        assertThat(sessions.onMessage("conn-1", huge))
                .containsExactly(
                        "{\"kind\":\"error\",\"code\":\"too_large\",\"message\":\"message must be at most 32768 characters, was 32781\"}");
    }

    @Test
    void forgetsTheConnection_whenItDisconnects() {
        sessions.onConnect("conn-1", client("client-001"));

        sessions.onDisconnect("conn-1");
        sessions.onDisconnect("conn-1");

        assertThat(Receivers.ids(connections.receiversOf("game-1", clock.instant())))
                .isEmpty();
    }

    @Test
    void subscribes_andSendsTheSnapshotAndAcknowledgementThroughTheGateway() throws Exception {
        sessions.onConnect("conn-1", client("client-001"));
        gateway.open("conn-1");
        odds.append(List.of(io.sportsfeeds.core.fakes.Updates.update("game-1", "spread", -110, 1_764_617_400L)));

        List<String> replies = sessions.onMessage(
                "conn-1", "{\"action\":\"subscribe\",\"games\":[\"game-1\"],\"markets\":[\"spread\"]}");

        assertThat(replies).isEmpty();
        List<String> sent = gateway.framesSentTo("conn-1");
        assertThat(sent).hasSize(2);
        JsonNode snapshot = JSON.readTree(sent.get(0));
        assertThat(snapshot.path("kind").asText()).isEqualTo("snapshot");
        assertThat(snapshot.path("seq").asLong()).isEqualTo(1);
        assertThat(snapshot.path("recovered").asBoolean()).isTrue();
        assertThat(snapshot.path("odds").get(0).path("homeOdds").asDouble()).isEqualTo(-110);
        assertThat(JSON.readTree(sent.get(1)))
                .isEqualTo(JSON.readTree("{\"kind\":\"subscribed\",\"epoch\":\"" + odds.epoch()
                        + "\",\"games\":[{\"gameId\":\"game-1\",\"seq\":1,\"start\":\"snapshot\"}]}"));
    }

    @Test
    void namesEveryBadFieldOfASubscribe_inOneErrorFrame() throws Exception {
        sessions.onConnect("conn-1", client("client-001"));

        List<String> replies = sessions.onMessage(
                "conn-1",
                "{\"action\":\"subscribe\",\"games\":[\"game-1\",7],\"resume\":{\"seqs\":{\"game-1\":\"x\"}}}");

        JsonNode error = JSON.readTree(replies.getFirst());
        assertThat(error.path("kind").asText()).isEqualTo("error");
        assertThat(error.path("code").asText()).isEqualTo("invalid_request");
        assertThat(error.path("fields").findValuesAsText("field"))
                .containsExactly("games[1]", "resume.epoch", "resume.seqs.game-1");
    }

    @Test
    void namesTheItemOfAnArrayAndThePathOfAResumeSeq_asTheClientWroteThem() throws Exception {
        sessions.onConnect("conn-1", client("client-001"));

        JsonNode badItems = JSON.readTree(sessions.onMessage(
                        "conn-1",
                        "{\"action\":\"subscribe\",\"games\":[\"game-1\",\"game-1\",\"bad#id\"],\"markets\":[\"\"],"
                                + "\"resume\":{\"epoch\":\"\",\"seqs\":{}}}")
                .getFirst());
        JsonNode otherGame = JSON.readTree(sessions.onMessage(
                        "conn-1",
                        "{\"action\":\"subscribe\",\"games\":[\"game-1\"],"
                                + "\"resume\":{\"epoch\":\"e\",\"seqs\":{\"game-9\":1}}}")
                .getFirst());

        assertThat(badItems.path("fields").findValuesAsText("field"))
                .containsExactly("games[2]", "markets[0]", "resume.epoch");
        assertThat(badItems.path("fields").findValuesAsText("message"))
                .contains(
                        "resume.epoch must be the epoch of an earlier subscribed frame, a non-empty string, was \"\"");
        assertThat(otherGame.path("fields").findValuesAsText("field")).containsExactly("resume.seqs.game-9");
    }

    @Test
    void answersUnsubscribe_withTheGamesLeft() throws Exception {
        sessions.onConnect("conn-1", client("client-001"));
        gateway.open("conn-1");
        sessions.onMessage("conn-1", "{\"action\":\"subscribe\",\"games\":[\"game-1\",\"game-2\"]}");

        sessions.onMessage("conn-1", "{\"action\":\"unsubscribe\",\"games\":[\"game-2\"]}");

        assertThat(JSON.readTree(gateway.framesSentTo("conn-1").getLast()))
                .isEqualTo(JSON.readTree("{\"kind\":\"unsubscribed\",\"games\":[\"game-2\"]}"));
        assertThat(Receivers.ids(connections.receiversOf("game-2", clock.instant())))
                .isEmpty();
        assertThat(Receivers.ids(connections.receiversOf("game-1", clock.instant())))
                .containsExactly("conn-1");
    }
}
