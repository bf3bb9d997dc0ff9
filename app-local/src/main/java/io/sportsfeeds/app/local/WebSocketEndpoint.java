package io.sportsfeeds.app.local;

import io.javalin.http.Context;
import io.sportsfeeds.api.http.ErrorResponses;
import io.sportsfeeds.api.http.HttpResponse;
import io.sportsfeeds.api.ws.Handshake;
import io.sportsfeeds.api.ws.WebSocketSessions;
import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.FieldError;
import io.sportsfeeds.core.domain.Rules;
import io.sportsfeeds.core.port.ConnectionGateway;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket endpoint: decides each upgrade ({@link #decide}, for {@link WebSocketUpgrades}),
 * then carries a connection's events (from {@link ConnectionFrames}) to {@link WebSocketSessions}
 * and its replies through the {@link JettyConnectionGateway}; and answers, through Javalin, the
 * WebSocket requests that cannot be upgraded ({@link #handshake}).
 */
final class WebSocketEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketEndpoint.class);
    private final WebSocketSessions sessions;
    private final JettyConnectionGateway gateway;
    /**
     * The client of each connection this server holds, as it was read to accept the connection, so
     * that its state and secret can be checked while it stays.
     */
    private final Map<String, Client> clientAtOpen = new ConcurrentHashMap<>();

    WebSocketEndpoint(WebSocketSessions sessions, JettyConnectionGateway gateway) {
        this.sessions = sessions;
        this.gateway = gateway;
    }

    /** The connections this server holds, each with its client as it was when it opened: a copy. */
    Map<String, Client> clientAtOpen() {
        return Map.copyOf(clientAtOpen);
    }

    /**
     * A handshake's outcome: the id of the connection to attach and the subprotocol it speaks (or
     * null), or the answer that refuses it.
     */
    record Decision(String connectionId, String subprotocol, HttpResponse refusal) {
        boolean accepted() {
            return refusal == null;
        }
    }

    /**
     * Decides a well-formed upgrade from its query parameters and the subprotocols it offers. An
     * accepted connection is reserved in the gateway first, so that updates published while the
     * upgrade completes wait for it.
     */
    Decision decide(Map<String, List<String>> query, List<String> subprotocols) {
        String id = UUID.randomUUID().toString();
        // A client that drops before its socket opens gets no close event: the gateway's deadline forgets it.
        gateway.reserve(id, () -> disconnect(id));
        Handshake handshake = sessions.onConnect(id, query, subprotocols);
        if (handshake.accepted()) {
            // The client whose secret the handshake checked: should the secret change after that
            // read, the connection is taken for one opened with the old secret and cut off.
            clientAtOpen.put(id, handshake.client());
            return new Decision(id, handshake.subprotocol(), null);
        }
        gateway.release(id);
        return new Decision(
                null,
                null,
                HttpResponse.json(handshake.status(), handshake.body().getBytes(StandardCharsets.UTF_8)));
    }

    void opened(String connectionId, CoreSession session) {
        gateway.attach(connectionId, gateway.peer(session));
    }

    void received(String connectionId, String message) {
        reply(connectionId, sessions.onMessage(connectionId, message));
    }

    void receivedBinary(String connectionId, int bytes) {
        reply(connectionId, sessions.onBinaryMessage(connectionId, bytes));
    }

    // A connection's failure and its close may both come: each cleans up, and twice is harmless.
    void closed(String connectionId) {
        disconnect(connectionId);
    }

    void failed(String connectionId, Throwable cause) {
        LOG.debug("WebSocket connection {} failed", connectionId, cause);
        disconnect(connectionId);
    }

    private void reply(String connectionId, List<String> replies) {
        if (!replies.isEmpty()) {
            gateway.send(replies.stream()
                    .map(reply -> new ConnectionGateway.Push(reply, List.of(connectionId)))
                    .toList());
        }
    }

    /**
     * Answers a WebSocket request that {@link WebSocketUpgrades} did not take, before anything is
     * registered: with a JSON error naming the header (RFC 6455 section 4.2.1) that Jetty would
     * refuse with its own words or not upgrade at all.
     */
    void handshake(Context ctx) throws IOException {
        refuseUpgrade(
                ctx,
                malformedUpgrade(ctx)
                        .orElseGet(() -> ErrorResponses.of(
                                400,
                                ErrorResponses.INVALID_REQUEST,
                                "a WebSocket upgrade needs Upgrade: websocket and Connection: Upgrade",
                                List.of(new FieldError(
                                        "Upgrade",
                                        Rules.mustBe("websocket", Rules.describe(ctx.header("Upgrade"))))))));
    }

    /** What Jetty would refuse in its own words (RFC 6455 section 4.2.1), named. */
    private static Optional<HttpResponse> malformedUpgrade(Context ctx) {
        if (!ctx.method().name().equals("GET")) {
            return Optional.of(notAGet(ctx.method().name()));
        }
        String version = ctx.header("Sec-WebSocket-Version");
        if (!"13".equals(version == null ? null : version.strip())) {
            return Optional.of(ErrorResponses.of(
                            426,
                            ErrorResponses.INVALID_REQUEST,
                            "this server speaks WebSocket version 13",
                            List.of(new FieldError(
                                    "Sec-WebSocket-Version", Rules.mustBe("13", Rules.describe(version)))))
                    .withHeader("Sec-WebSocket-Version", "13"));
        }
        String key = ctx.header("Sec-WebSocket-Key");
        if (key == null || key.isBlank()) {
            return Optional.of(ErrorResponses.of(
                    400,
                    ErrorResponses.INVALID_REQUEST,
                    "Sec-WebSocket-Key is required",
                    List.of(new FieldError("Sec-WebSocket-Key", "is required"))));
        }
        if (!validKey(key)) {
            return Optional.of(ErrorResponses.of(
                    400,
                    ErrorResponses.INVALID_REQUEST,
                    "Sec-WebSocket-Key is malformed",
                    List.of(new FieldError(
                            "Sec-WebSocket-Key",
                            Rules.mustBe("16 random bytes in base64 (24 characters)", Rules.describe(key))))));
        }
        return Optional.empty();
    }

    /** Whether a handshake's key is what RFC 6455 (section 4.1) says a client sends: 16 bytes in base64. */
    static boolean validKey(String key) {
        try {
            return Base64.getDecoder().decode(key.strip()).length == 16;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    /**
     * The answer to a request of the WebSocket path that attempts no upgrade at all (a browser's
     * address bar, curl): the path exists, but only for WebSocket clients.
     */
    static HttpResponse notAnUpgrade(String method) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return notAGet(method);
        }
        return ErrorResponses.of(
                        426,
                        ErrorResponses.INVALID_REQUEST,
                        WebServer.WEBSOCKET_PATH + " is the WebSocket endpoint: connect with a WebSocket client",
                        List.of(new FieldError("Upgrade", "must be websocket, was not sent")))
                .withHeader("Upgrade", "websocket")
                .withHeader("Connection", "Upgrade");
    }

    /** Only a GET upgrades (a HEAD is answered as a GET would be, without the body). */
    private static HttpResponse notAGet(String method) {
        return ErrorResponses.of(
                        405, ErrorResponses.METHOD_NOT_ALLOWED, "a WebSocket upgrade " + Rules.mustBe("a GET", method))
                .withHeader("Allow", "GET, HEAD");
    }

    /** Answers the upgrade request with {@code response} and no socket. */
    private static void refuseUpgrade(Context ctx, HttpResponse response) throws IOException {
        ctx.skipRemainingHandlers(); // the upgrade itself is one of the remaining handlers
        ctx.res().setStatus(response.status());
        response.headers().forEach(ctx.res()::setHeader);
        ctx.res().getOutputStream().write(response.body());
        ctx.res().flushBuffer();
    }

    private void disconnect(String connectionId) {
        if (connectionId == null) {
            return;
        }
        clientAtOpen.remove(connectionId);
        gateway.release(connectionId);
        sessions.onDisconnect(connectionId);
    }
}
