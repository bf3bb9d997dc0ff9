package io.sportsfeeds.api.ws;

import io.sportsfeeds.api.auth.RequestCredentials;
import io.sportsfeeds.api.http.ApiError;
import io.sportsfeeds.api.http.ErrorResponses;
import io.sportsfeeds.api.json.Json;
import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.Credentials;
import io.sportsfeeds.core.domain.InvalidInputException;
import io.sportsfeeds.core.domain.Rules;
import io.sportsfeeds.core.usecase.AuthenticateCallers;
import io.sportsfeeds.core.usecase.ManageConnections;
import io.sportsfeeds.core.usecase.ManageSubscriptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The analysts' WebSocket sessions, independent of any server: the local server and the Lambda
 * handlers call it on connect, on each text message and on disconnect, and send what it returns.
 *
 * <p>Connect with {@code ?client=ID&secret=SECRET} (the secret is left out when authentication is
 * off): a client that is unknown, gives a wrong secret or is inactive is refused at the handshake
 * (403 {@code unknown_client} / {@code invalid_secret} / {@code inactive_client}; 401 {@code
 * missing_credentials} without a secret; 400 {@code missing_client} without a client). Messages are
 * JSON objects with an {@code action}: {@code ping} answers {@code {"kind":"pong"}}; {@code
 * subscribe} and {@code unsubscribe} are answered by {@link ManageSubscriptions} (see {@code
 * docs/PROTOCOL.md}).
 * Anything else answers {@code {"kind":"error","code":..,"message":..}} with code {@code
 * bad_message}, {@code unknown_action} or {@code too_large}, never a silent drop.
 *
 * <p>A failure of the use cases is mapped by {@link ApiError#logged}, as the REST API maps it: a
 * refused upgrade gets the status and body a REST request would, an action's error frame the same
 * code, message and fields.
 */
public final class WebSocketSessions {
    /** The largest client message read; API Gateway's frame limit is 32 KB, so nobody needs more. */
    public static final int MAX_MESSAGE_CHARS = 32 * 1024;

    public static final String BAD_MESSAGE = "bad_message";
    public static final String UNKNOWN_ACTION = "unknown_action";

    /** Answers one action of a client message; subscriptions plug in here as further actions. */
    @FunctionalInterface
    interface Action {
        List<String> handle(String connectionId, Map<String, Object> message);
    }

    private final ManageConnections connections;
    private final AuthenticateCallers auth;
    private final Map<String, Action> actions = new TreeMap<>();

    /**
     * @param auth checks each client's secret at the handshake; {@link AuthenticateCallers#off()} checks none
     * @param subscriptions answers {@code subscribe} and {@code unsubscribe}; it sends its answers
     *     itself, in order with the live updates
     */
    public WebSocketSessions(
            ManageConnections connections, AuthenticateCallers auth, ManageSubscriptions subscriptions) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.auth = Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(subscriptions, "subscriptions");
        actions.put("ping", (connectionId, message) -> List.of(Frames.pong()));
        actions.put("subscribe", (connectionId, message) -> {
            subscriptions.subscribe(connectionId, SubscriptionMessages.subscribe(message));
            return List.of();
        });
        actions.put("unsubscribe", (connectionId, message) -> {
            subscriptions.unsubscribe(connectionId, SubscriptionMessages.unsubscribe(message));
            return List.of();
        });
    }

    /**
     * Decides an upgrade request that offers no subprotocol; see {@link #onConnect(String, Map, List)}.
     */
    public Handshake onConnect(String connectionId, Map<String, List<String>> query) {
        return onConnect(connectionId, query, List.of());
    }

    /**
     * Decides an upgrade request. When it is accepted the connection is registered under {@code
     * connectionId} and receives every game.
     *
     * @param query the upgrade request's query parameters ({@code client}, and {@code secret} unless
     *     a subprotocol carries it)
     * @param subprotocols those the request offers in {@code Sec-WebSocket-Protocol}, in order
     *     ({@link Subprotocols#parse})
     */
    public Handshake onConnect(String connectionId, Map<String, List<String>> query, List<String> subprotocols) {
        List<String> clients = query.getOrDefault("client", List.of());
        String clientId = clients.isEmpty() ? null : clients.get(0);
        try {
            Credentials credentials = RequestCredentials.ofUpgrade(query, subprotocols);
            String subprotocol = Subprotocols.accepted(subprotocols).orElse(null);
            // One read of the client: the one its secret was checked against, else (authentication
            // off) the one found active.
            Client client = auth.analystClient(credentials).orElseGet(() -> connections.activeClient(clientId));
            connections.openFor(connectionId, client);
            return Handshake.accept(client, subprotocol);
        } catch (RuntimeException failure) {
            ApiError refusal = ApiError.logged(failure, "the upgrade of connection " + connectionId);
            return Handshake.refuse(refusal.status(), refusal.bodyText());
        }
    }

    /**
     * Answers one text message of a connection; the replies go back to that connection, in order.
     * Any message shows the connection alive, so its expiry moves on.
     */
    public List<String> onMessage(String connectionId, String text) {
        connections.seen(connectionId);
        if (text.length() > MAX_MESSAGE_CHARS) {
            return List.of(Frames.error(
                    ErrorResponses.TOO_LARGE,
                    "message "
                            + Rules.mustBe(
                                    Rules.atMost(MAX_MESSAGE_CHARS, "characters"), Rules.describe(text.length()))));
        }
        Map<String, Object> message;
        try {
            message = Json.readObject(text.getBytes(StandardCharsets.UTF_8), "message");
        } catch (InvalidInputException malformed) {
            return List.of(Frames.error(BAD_MESSAGE, malformed.getMessage()));
        }
        Object action = message.get("action");
        if (!(action instanceof String name)) {
            return List.of(Frames.error(
                    BAD_MESSAGE,
                    action == null
                            ? "action is required"
                            : "action " + Rules.mustBe(Rules.STRING, Rules.describe(action))));
        }
        Action handler = actions.get(name);
        if (handler == null) {
            return List.of(Frames.error(
                    UNKNOWN_ACTION,
                    "action \"" + name + "\" is not known; known actions: " + String.join(", ", actions.keySet())));
        }
        try {
            return handler.handle(connectionId, message);
        } catch (RuntimeException failure) {
            return List.of(Frames.error(ApiError.logged(failure, "action " + name + " of connection " + connectionId)));
        }
    }

    /** Answers a binary message: the protocol is JSON text, so it is refused, never silently dropped. */
    public List<String> onBinaryMessage(String connectionId, int length) {
        return List.of(Frames.error(
                BAD_MESSAGE, "messages must be JSON text frames; a binary frame of " + length + " bytes was ignored"));
    }

    /** Adds an action (replacing one of the same name); tests add actions that fail. */
    void addAction(String name, Action action) {
        actions.put(name, Objects.requireNonNull(action, "action"));
    }

    /** Forgets a connection; called when it closed or failed, and harmless when called twice. */
    public void onDisconnect(String connectionId) {
        connections.close(connectionId);
    }
}
