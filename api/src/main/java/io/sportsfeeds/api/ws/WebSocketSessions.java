package io.sportsfeeds.api.ws;

import io.sportsfeeds.api.http.ErrorResponses;
import io.sportsfeeds.api.json.Json;
import io.sportsfeeds.core.domain.FieldError;
import io.sportsfeeds.core.domain.InvalidInputException;
import io.sportsfeeds.core.domain.Rules;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.usecase.ConnectionRefusedException;
import io.sportsfeeds.core.usecase.ManageConnections;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The analysts' WebSocket sessions, independent of any server: the local server and the Lambda
 * handlers call it on connect, on each text message and on disconnect, and send what it returns.
 *
 * <p>Connect with {@code ?client=ID}: unknown or inactive clients are refused at the handshake
 * (403 {@code unknown_client} / {@code inactive_client}, 400 {@code missing_client}). Messages are
 * JSON objects with an {@code action}; {@code {"action":"ping"}} answers {@code {"kind":"pong"}}.
 * Anything else answers {@code {"kind":"error","code":..,"message":..}} with code {@code
 * bad_message}, {@code unknown_action} or {@code too_large}, never a silent drop.
 */
public final class WebSocketSessions {
  /** The largest client message read; API Gateway's frame limit is 32 KB, so nobody needs more. */
  public static final int MAX_MESSAGE_CHARS = 32 * 1024;

  public static final String MISSING_CLIENT = "missing_client";
  public static final String UNKNOWN_CLIENT = "unknown_client";
  public static final String INACTIVE_CLIENT = "inactive_client";
  public static final String BAD_MESSAGE = "bad_message";
  public static final String UNKNOWN_ACTION = "unknown_action";

  private static final System.Logger LOG = System.getLogger(WebSocketSessions.class.getName());

  /** Answers one action of a client message; subscriptions plug in here as further actions. */
  @FunctionalInterface
  interface Action {
    List<String> handle(String connectionId, Map<String, Object> message);
  }

  private final ManageConnections connections;
  private final Map<String, Action> actions = new TreeMap<>();

  public WebSocketSessions(ManageConnections connections) {
    this.connections = Objects.requireNonNull(connections, "connections");
    actions.put("ping", (connectionId, message) -> List.of(Frames.pong()));
  }

  /**
   * Decides an upgrade request. When it is accepted the connection is registered under {@code
   * connectionId} and receives every game.
   *
   * @param query the upgrade request's query parameters ({@code client})
   */
  public Handshake onConnect(String connectionId, Map<String, List<String>> query) {
    List<String> clients = query.getOrDefault("client", List.of());
    String clientId = clients.isEmpty() ? null : clients.get(0);
    try {
      connections.open(connectionId, clientId);
      return Handshake.accept();
    } catch (ConnectionRefusedException refused) {
      return switch (refused.reason()) {
        case MISSING_CLIENT ->
            refuse(400, MISSING_CLIENT, refused.getMessage(), List.of(new FieldError("client", "is required")));
        case UNKNOWN_CLIENT -> refuse(403, UNKNOWN_CLIENT, refused.getMessage(), List.of());
        case INACTIVE_CLIENT -> refuse(403, INACTIVE_CLIENT, refused.getMessage(), List.of());
      };
    } catch (StoreUnavailableException unavailable) {
      LOG.log(Level.WARNING, "store unavailable while opening connection " + connectionId, unavailable);
      return refuse(503, ErrorResponses.STORE_UNAVAILABLE, "the store is unavailable; try again later", List.of());
    } catch (RuntimeException unexpected) {
      LOG.log(Level.ERROR, "unexpected failure while opening connection " + connectionId, unexpected);
      return refuse(
          500, ErrorResponses.INTERNAL_ERROR, "the server failed to open the connection; the failure was logged", List.of());
    }
  }

  /** Answers one text message of a connection; the replies go back to that connection, in order. */
  public List<String> onMessage(String connectionId, String text) {
    if (text.length() > MAX_MESSAGE_CHARS) {
      return List.of(
          Frames.error(
              ErrorResponses.TOO_LARGE,
              "message " + Rules.mustBe(Rules.atMost(MAX_MESSAGE_CHARS, "characters"), Rules.describe(text.length()))));
    }
    Map<String, Object> message;
    try {
      message = Json.readObject(text.getBytes(StandardCharsets.UTF_8), "message");
    } catch (InvalidInputException malformed) {
      return List.of(Frames.error(BAD_MESSAGE, malformed.getMessage()));
    }
    Object action = message.get("action");
    if (!(action instanceof String name)) {
      return List.of(
          Frames.error(
              BAD_MESSAGE,
              action == null ? "action is required" : "action " + Rules.mustBe(Rules.STRING, Rules.describe(action))));
    }
    Action handler = actions.get(name);
    if (handler == null) {
      return List.of(
          Frames.error(
              UNKNOWN_ACTION,
              "action \"" + name + "\" is not known; known actions: " + String.join(", ", actions.keySet())));
    }
    try {
      return handler.handle(connectionId, message);
    } catch (InvalidInputException invalid) {
      return List.of(Frames.error(BAD_MESSAGE, invalid.getMessage()));
    } catch (StoreUnavailableException unavailable) {
      LOG.log(Level.WARNING, "store unavailable while answering " + name + " of " + connectionId, unavailable);
      return List.of(Frames.error(ErrorResponses.STORE_UNAVAILABLE, "the store is unavailable; try again later"));
    } catch (RuntimeException unexpected) {
      LOG.log(Level.ERROR, "unexpected failure while answering " + name + " of " + connectionId, unexpected);
      return List.of(
          Frames.error(ErrorResponses.INTERNAL_ERROR, "the server failed to answer the message; the failure was logged"));
    }
  }

  /** Answers a binary message: the protocol is JSON text, so it is refused, never silently dropped. */
  public List<String> onBinaryMessage(String connectionId, int length) {
    return List.of(
        Frames.error(BAD_MESSAGE, "messages must be JSON text frames; a binary frame of " + length + " bytes was ignored"));
  }

  /** Forgets a connection; called when it closed or failed, and harmless when called twice. */
  public void onDisconnect(String connectionId) {
    connections.close(connectionId);
  }

  private static Handshake refuse(int status, String code, String message, List<FieldError> fields) {
    return Handshake.refuse(status, new String(ErrorResponses.body(code, message, fields), StandardCharsets.UTF_8));
  }
}
