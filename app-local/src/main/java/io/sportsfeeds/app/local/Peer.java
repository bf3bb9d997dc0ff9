package io.sportsfeeds.app.local;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;

/** Where a connection's frames go ({@link JettyConnectionGateway}): its Jetty session, or in tests a recorder. */
interface Peer {
    /**
     * Starts writing whole text frames ({@link WireFrames}: header and payload, each the peer's
     * to read but not to change) in order, in one write; completes the callback once all are
     * written or the write failed, without blocking.
     */
    void sendFrames(List<ByteBuffer> frames, Callback callback);

    /** Starts closing with a close frame; completes once the frame is written (or cannot be). */
    CompletableFuture<Void> close(int code, String reason);

    /**
     * A Jetty WebSocket session as a peer. Its close frame queues behind the frames already written,
     * which a client that stopped reading never takes: unless the close completes within {@code
     * grace}, the socket is dropped (on {@code deadlines}), so a slow consumer's buffers go at once
     * rather than at the idle timeout.
     */
    static Peer of(CoreSession session, ScheduledExecutorService deadlines, Duration grace) {
        if (!(session instanceof WebSocketCoreSession webSocket
                && webSocket.getConnection().getEndPoint() instanceof SharedOutputEndPoint socket)) {
            throw new IllegalArgumentException("not a connection SharedOutputHandshaker made: " + session);
        }
        return new Peer() {
            @Override
            public void sendFrames(List<ByteBuffer> frames, Callback callback) {
                socket.writeFrames(frames, callback);
            }

            @Override
            public CompletableFuture<Void> close(int code, String reason) {
                CompletableFuture<Void> written = new CompletableFuture<>();
                session.close(
                        code, reason, Callback.from(() -> written.complete(null), written::completeExceptionally));
                // Dropping a socket whose close completed is a no-op; isOutputOpen() cannot tell the
                // two apart, as it turns false when the close frame is queued, not when it is sent.
                deadlines.schedule(session::abort, grace.toNanos(), TimeUnit.NANOSECONDS);
                return written;
            }
        };
    }
}
