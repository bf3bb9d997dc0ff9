package io.sportsfeeds.app.local;

import io.sportsfeeds.core.port.ConnectionGateway;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;

/** What the gateway's tests share: a gateway that queues 3 frames a connection, fake peers, and sending one frame. */
abstract class JettyConnectionGatewayFixture {
    static final Runnable NOTHING = () -> {};

    final JettyConnectionGateway gateway = new JettyConnectionGateway(3, Duration.ofMinutes(1));

    /** A peer whose sends complete only when the test says so, as a slow socket's would. */
    static final class SlowPeer implements Peer {
        final List<String> started = new ArrayList<>();
        final List<List<String>> writes = new ArrayList<>();
        final List<Callback> pending = new ArrayList<>();
        String closedWith;

        @Override
        public void sendFrames(List<ByteBuffer> frames, Callback callback) {
            List<String> texts = texts(frames);
            started.addAll(texts);
            writes.add(texts);
            pending.add(callback);
        }

        @Override
        public CompletableFuture<Void> close(int code, String reason) {
            closedWith = code + " " + reason;
            return CompletableFuture.completedFuture(null);
        }

        void completeNext() {
            pending.remove(0).succeeded();
        }
    }

    /** A peer whose sends complete inside sendFrames, as Jetty's may for small frames; on any thread. */
    static final class FastPeer implements Peer {
        final List<String> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<ByteBuffer> buffers = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void sendFrames(List<ByteBuffer> frames, Callback callback) {
            sent.addAll(texts(frames));
            buffers.addAll(frames);
            callback.succeeded();
        }

        @Override
        public CompletableFuture<Void> close(int code, String reason) {
            return CompletableFuture.completedFuture(null);
        }
    }

    @AfterEach
    void stopDeadlines() {
        gateway.close();
    }

    /** Sends one frame to one connection; true when the gateway took it, false when it answered the connection gone. */
    static boolean accepted(JettyConnectionGateway gateway, String connectionId, String frame) {
        return gateway.send(List.of(new ConnectionGateway.Push(frame, List.of(connectionId))))
                .gone()
                .isEmpty();
    }

    static List<String> texts(List<ByteBuffer> frames) {
        return frames.stream()
                .map(frame -> StandardCharsets.UTF_8
                        .decode(WireFrames.payloadOf(frame))
                        .toString())
                .toList();
    }
}
