package io.sportsfeeds.app.local;

import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;

/**
 * One accepted WebSocket connection's events, handed to its {@link WebSocketEndpoint}, for an
 * upgrade that reached Javalin (see {@link WebSocketUpgrades} for the others). Public only because
 * Jetty binds a listener's methods through a public lookup.
 */
public final class ConnectionListener implements Session.Listener.AutoDemanding {
    private final String connectionId;
    private final WebSocketEndpoint endpoint;

    ConnectionListener(String connectionId, WebSocketEndpoint endpoint) {
        this.connectionId = connectionId;
        this.endpoint = endpoint;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        endpoint.opened(connectionId, ((WebSocketSession) session).getCoreSession());
    }

    @Override
    public void onWebSocketText(String message) {
        endpoint.received(connectionId, message);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        endpoint.receivedBinary(connectionId, payload.remaining());
        callback.succeed();
    }

    // onWebSocketClose is not guaranteed after a failure, so both clean up (twice is harmless).
    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        endpoint.closed(connectionId);
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        endpoint.failed(connectionId, cause);
    }
}
