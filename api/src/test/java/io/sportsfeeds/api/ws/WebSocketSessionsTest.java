package io.sportsfeeds.api.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sportsfeeds.api.http.ApiError;
import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.InvalidInputException;
import io.sportsfeeds.core.domain.LimitExceededException;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.fakes.InMemoryConnectionStore;
import io.sportsfeeds.core.fakes.InMemoryClientRegistry;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.usecase.AuthenticateCallers;
import io.sportsfeeds.core.usecase.ManageConnections;
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
  final WebSocketSessions sessions = new WebSocketSessions(new ManageConnections(feeds, connections, clock, ManageConnections.DEFAULT_IDLE_EXPIRY), AuthenticateCallers.off());

  @BeforeEach
  void registerClients() {
    feeds.putClients(
        List.of(new Client("client-001", "Trading desk A", true), new Client("client-002", "Trading desk B", false)));
  }

  static Map<String, List<String>> client(String clientId) {
    return Map.of("client", List.of(clientId));
  }

  @Test
  void acceptsAndRegisters_whenTheClientIsActive() {
    Handshake handshake = sessions.onConnect("conn-1", client("client-001"));

    assertThat(handshake).isEqualTo(new Handshake(true, 101, ""));
    assertThat(connections.find("conn-1")).hasValueSatisfying(c -> assertThat(c.clientId()).isEqualTo("client-001"));
    assertThat(connections.receiversOf("any-game", clock.instant())).containsExactly("conn-1");
  }

  @Test
  void refusesWith403_whenTheClientIsInactive() {
    Handshake handshake = sessions.onConnect("conn-1", client("client-002"));

    assertThat(handshake)
        .isEqualTo(
            new Handshake(
                false, 403, "{\"error\":\"inactive_client\",\"message\":\"client client-002 is not active\"}"));
    assertThat(connections.receiversOf("game-1", clock.instant())).isEmpty();
  }

  @Test
  void refusesWith403_whenTheClientIsUnknown() {
    Handshake handshake = sessions.onConnect("conn-1", client("client-999"));

    assertThat(handshake)
        .isEqualTo(
            new Handshake(
                false, 403, "{\"error\":\"unknown_client\",\"message\":\"client client-999 is not registered\"}"));
  }

  @Test
  void refusesWith400_whenNoClientIsGiven() {
    Handshake handshake = sessions.onConnect("conn-1", Map.of());

    assertThat(handshake)
        .isEqualTo(
            new Handshake(
                false,
                400,
                """
                {"error":"missing_client","message":"the query parameter client is required",\
                "fields":[{"field":"client","message":"client is required"}]}"""));
  }

  @Test
  void refusesWith503SayingRetryingIsSafe_whenTheStoreIsUnavailable() {
    feeds.failing(true);

    Handshake handshake = sessions.onConnect("conn-1", client("client-001"));

    assertThat(handshake)
        .isEqualTo(
            new Handshake(
                false,
                503,
                """
                {"error":"store_unavailable",\
                "message":"the store is unavailable; the request was not acknowledged and retrying it is safe"}"""));
    assertThat(connections.receiversOf("game-1", clock.instant())).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("failures")
  void answersAnErrorFrameWithTheRestErrorsCodeMessageAndFields_whenAnActionFails(RuntimeException failure) throws Exception {
    sessions.addAction(
        "fail",
        (connectionId, message) -> {
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
    sessions.addAction(
        "fail",
        (connectionId, message) -> {
          throw InvalidInputException.of("game", "is required");
        });

    assertThat(sessions.onMessage("conn-1", "{\"action\":\"fail\"}"))
        .containsExactly(
            """
            {"kind":"error","code":"invalid_request","message":"game is required",\
            "fields":[{"field":"game","message":"game is required"}]}""");
  }

  @Test
  void answersInternalErrorWithoutDetails_whenAnActionFailsUnexpectedly() {
    sessions.addAction(
        "fail",
        (connectionId, message) -> {
          throw new IllegalStateException("secret internal detail");
        });

    assertThat(sessions.onMessage("conn-1", "{\"action\":\"fail\"}"))
        .containsExactly(
            "{\"kind\":\"error\",\"code\":\"internal_error\","
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
            "{\"kind\":\"error\",\"code\":\"unknown_action\",\"message\":\"action \\\"dance\\\" is not known; known actions: ping\"}");
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
        .containsExactly("{\"kind\":\"error\",\"code\":\"bad_message\",\"message\":\"action must be a string, was 1\"}");
    assertThat(sessions.onMessage("conn-1", "[\"ping\"]"))
        .containsExactly("{\"kind\":\"error\",\"code\":\"bad_message\",\"message\":\"message must be a JSON object, was an array\"}");
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

    assertThat(connections.receiversOf("game-1", clock.instant())).isEmpty();
  }
}
