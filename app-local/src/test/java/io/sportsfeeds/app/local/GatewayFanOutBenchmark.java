package io.sportsfeeds.app.local;

import io.sportsfeeds.core.port.ConnectionGateway;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.ByteArrayEndPoint;
import org.eclipse.jetty.util.Callback;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The push path's last step, in process: {@link JettyConnectionGateway#send} of one batch of
 * {@value #BATCH} odds frames to every connection, each connection writing through a {@link
 * SharedOutputEndPoint} as the server's do, over an in-memory socket that takes every write at once
 * and keeps nothing. One operation is one batch: {@code BATCH × receivers} deliveries, each frame
 * encoded once, queued per connection, and one gathering write per connection. The socket's system
 * call is what this leaves out (measured end to end by {@code bench compare}, docs/BENCHMARKS.md).
 * The batch is written by the calling thread alone (no writer threads), so the figure is the CPU
 * the whole batch takes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GatewayFanOutBenchmark {
    static final int BATCH = 10;

    @Param({"100", "1000"})
    public int receivers;

    private JettyConnectionGateway gateway;
    private List<ConnectionGateway.Push> batch;
    private final List<DiscardingSocket> sockets = new ArrayList<>();

    /** An in-memory socket whose every write is taken whole at once, and only counted. */
    static final class DiscardingSocket extends ByteArrayEndPoint {
        long bytes;

        @Override
        public boolean flush(ByteBuffer... buffers) {
            for (ByteBuffer buffer : buffers) {
                bytes += buffer.remaining();
                buffer.position(buffer.limit());
            }
            return true;
        }
    }

    @Setup(Level.Trial)
    public void connect() {
        gateway = new JettyConnectionGateway(JettyConnectionGateway.DEFAULT_QUEUE_CAPACITY, Duration.ofMinutes(1), 0);
        List<String> everyone = new ArrayList<>();
        for (int i = 0; i < receivers; i++) {
            String id = "c" + i;
            DiscardingSocket socket = new DiscardingSocket();
            SharedOutputEndPoint shared = new SharedOutputEndPoint(socket, () -> true);
            sockets.add(socket);
            gateway.reserve(id, () -> {});
            gateway.attach(id, new Peer() {
                @Override
                public void sendFrames(List<ByteBuffer> frames, Callback callback) {
                    shared.writeFrames(frames, callback);
                }

                @Override
                public CompletableFuture<Void> close(int code, String reason) {
                    return CompletableFuture.completedFuture(null);
                }
            });
            everyone.add(id);
        }
        batch = new ArrayList<>();
        for (int seq = 1; seq <= BATCH; seq++) {
            batch.add(new ConnectionGateway.Push(frame(seq), List.copyOf(everyone), "game-" + seq + "#spread"));
        }
        check();
    }

    /** The setup is what it says: one batch reaches every connection, every frame's bytes written. */
    private void check() {
        ConnectionGateway.Report report = gateway.send(batch);
        long frameBytes = 0;
        for (ConnectionGateway.Push push : batch) {
            frameBytes += WireFrames.text(push.frame().getBytes(StandardCharsets.UTF_8))
                    .remaining();
        }
        long written = sockets.stream().mapToLong(socket -> socket.bytes).sum();
        if (report.delivered() != (long) BATCH * receivers || written != frameBytes * receivers) {
            throw new IllegalStateException("one batch delivered " + report.delivered() + " frames and wrote " + written
                    + " bytes; expected " + (long) BATCH * receivers + " and " + frameBytes * receivers);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        gateway.close();
    }

    @Benchmark
    public ConnectionGateway.Report sendBatch() {
        return gateway.send(batch);
    }

    /** An odds frame of the reference's size (about 300 bytes), as the publisher encodes one. */
    private static String frame(int seq) {
        return "{\"kind\":\"odds\",\"seq\":" + seq + ",\"gameId\":\"game-" + seq + "\",\"market\":\"spread\","
                + "\"home\":\"Los Angeles Lakers\",\"away\":\"Boston Celtics\",\"homeOdds\":-110,\"awayOdds\":-110,"
                + "\"date\":\"2026-11-28T20:00:00Z\",\"isOpen\":true,\"storedAt\":1795830000000,"
                + "\"summary\":\"Lakers -3.5 at home\",\"gameDate\":\"2026-11-28\"}";
    }
}
