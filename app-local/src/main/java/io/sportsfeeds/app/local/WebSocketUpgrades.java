package io.sportsfeeds.app.local;

import io.sportsfeeds.api.http.ErrorResponses;
import io.sportsfeeds.api.http.HttpResponse;
import io.sportsfeeds.core.domain.InvalidInputException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;

/**
 * Upgrades the WebSocket requests of {@link WebServer#WEBSOCKET_PATH} in front of Javalin, on Jetty's
 * own WebSocket layer, with {@link ConnectionFrames} as each connection's handler.
 *
 * <p>Why not through Javalin: an upgrade there runs the servlet machinery (a request and response
 * pair, an HTTP session, Javalin's copy of the headers), and Jetty's servlet-side session keeps the
 * upgrade response, through which the whole HTTP connection it came on stays reachable for the
 * WebSocket's life: about 10 KiB of heap per open connection, that a server holding 10,000 of them
 * while others come and go must keep collecting. Here nothing of the upgrade request outlives it.
 *
 * <p>The connections it makes write pushed frames to their sockets themselves ({@link
 * SharedOutputHandshaker}, {@link SharedOutputEndPoint}).
 *
 * <p>A request this layer does not take as an upgrade (not a GET, a version other than 13, no key
 * or a malformed one) goes on to Javalin, where {@link WebSocketEndpoint#handshake} answers it
 * with a JSON error; one that attempts no upgrade at all is answered 426 here.
 */
final class WebSocketUpgrades extends Handler.Wrapper {
    /** API Gateway closes idle WebSockets after 10 minutes; the local server behaves alike. */
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);

    /** Text messages (the client's subscribe, unsubscribe and ping) are far below this. */
    static final int MAX_MESSAGE_BYTES = 64 * 1024;

    private final WebSocketEndpoint endpoint;
    private final ServerMetrics metrics;
    private final WebSocketComponents components;
    private final SharedOutputHandshaker handshaker = new SharedOutputHandshaker();
    /** What every connection is given: its idle timeout and the largest message it may send. */
    private final Configuration.ConfigurationCustomizer configuration = new Configuration.ConfigurationCustomizer();

    /** The handler to put in front of Javalin's: it passes every other request on to it. */
    WebSocketUpgrades(Server server, WebSocketEndpoint endpoint, ServerMetrics metrics) {
        this.components = WebSocketServerComponents.ensureWebSocketComponents(server);
        this.endpoint = endpoint;
        this.metrics = metrics;
        configuration.setIdleTimeout(IDLE_TIMEOUT);
        configuration.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
        configuration.setMaxBinaryMessageSize(MAX_MESSAGE_BYTES);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (webSocketPath(request) && !upgradeAttempted(request.getHeaders())) {
            long started = System.nanoTime();
            HttpResponse refusal = WebSocketEndpoint.notAnUpgrade(request.getMethod());
            metrics.request(
                    request.getMethod(), WebServer.WEBSOCKET_PATH, refusal.status(), System.nanoTime() - started);
            JettyResponses.write(response, refusal, callback);
            return true;
        }
        if (wellFormedUpgrade(request) && webSocketPath(request)) {
            try {
                if (handshaker.upgradeRequest(
                        this::negotiate, request, response, callback, components, configuration)) {
                    return true;
                }
            } catch (Throwable failure) {
                Response.writeError(request, response, callback, failure);
                return true;
            }
        }
        Handler next = getHandler();
        return next != null && next.handle(request, response, callback);
    }

    /** Javalin routes a path with a trailing slash as the path: so does this. */
    private static boolean webSocketPath(Request request) {
        String path = Request.getPathInContext(request);
        return path.equals(WebServer.WEBSOCKET_PATH) || path.equals(WebServer.WEBSOCKET_PATH + "/");
    }

    /** Whether a request asks for a WebSocket at all: one without these headers is a plain request. */
    private static boolean upgradeAttempted(HttpFields headers) {
        return headers.contains(HttpHeader.UPGRADE) || headers.contains(HttpHeader.SEC_WEBSOCKET_KEY);
    }

    /**
     * Whether Jetty could upgrade it: else its own refusal would not name what is wrong, and it goes
     * on to Javalin as it is, whose {@link WebSocketEndpoint#handshake} checks the same with a JSON
     * answer naming the header (or, on a path without WebSockets, to the REST API).
     */
    private static boolean wellFormedUpgrade(Request request) {
        HttpFields headers = request.getHeaders();
        String version = headers.get(HttpHeader.SEC_WEBSOCKET_VERSION);
        String key = headers.get(HttpHeader.SEC_WEBSOCKET_KEY);
        return HttpMethod.GET.is(request.getMethod())
                && version != null
                && version.strip().equals("13")
                && key != null
                && WebSocketEndpoint.validKey(key);
    }

    private FrameHandler negotiate(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        long started = System.nanoTime();
        Map<String, List<String>> query;
        try {
            query = QueryStrings.decode(request.getHttpURI().getQuery());
        } catch (InvalidInputException malformed) {
            return refuse(response, ErrorResponses.invalid(malformed), callback, started);
        }
        WebSocketEndpoint.Decision decision = endpoint.decide(query, request.getSubProtocols());
        if (!decision.accepted()) {
            return refuse(response, decision.refusal(), callback, started);
        }
        // Timed as the requests Javalin serves are: the handshake, up to its 101.
        metrics.request("GET", WebServer.WEBSOCKET_PATH, 101, System.nanoTime() - started);
        // No extensions. Pushed frames are a few hundred bytes: compressing them saves little, while
        // each connection that used permessage-deflate keeps ~100 KiB of zlib state (outside the heap)
        // for its whole life. Browsers offer it by default, so the server declines it.
        response.setExtensions(List.of());
        // A client that offers subprotocols fails a handshake that names none (Subprotocols.accepted).
        if (decision.subprotocol() != null) {
            response.setAcceptedSubProtocol(decision.subprotocol());
        }
        return new ConnectionFrames(decision.connectionId(), endpoint);
    }

    /** Answers the upgrade request with {@code refusal} and no socket. */
    private FrameHandler refuse(ServerUpgradeResponse response, HttpResponse refusal, Callback callback, long started) {
        metrics.request("GET", WebServer.WEBSOCKET_PATH, refusal.status(), System.nanoTime() - started);
        JettyResponses.write(response, refusal, callback);
        return null;
    }
}
