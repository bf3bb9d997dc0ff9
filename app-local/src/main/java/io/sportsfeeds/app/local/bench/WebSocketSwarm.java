package io.sportsfeeds.app.local.bench;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;

/**
 * Many WebSocket client connections served by a few selector threads: the bench's subscribers.
 * A general client (the JDK's, Jetty's) spends more per frame than the server does per send and
 * would make the bench measure itself; this one reads each socket into one buffer, finds the
 * frames in it and hands each payload to its connection's {@link Listener} on the selector
 * thread, without copying, decoding text or allocating per frame. It speaks just what the bench
 * needs of RFC 6455: the handshake, unfragmented or fragmented data frames, ping (answered with
 * pong), close, and masked frames from the client; {@code wss://} over TLS ({@link TlsLayer}). No
 * extensions.
 */
final class WebSocketSwarm implements Closeable {
    /** What a connection does with what it receives; called on its selector thread only. */
    interface Listener {
        /**
         * One data frame's payload (or a fragment's, then {@code last} is false): {@code
         * buffer[offset..offset+length)}, valid only during the call.
         */
        void onData(SwarmConnection connection, byte[] buffer, int offset, int length, boolean last);

        /** The server closed the connection or it failed; {@code why} says which. */
        default void onClosed(SwarmConnection connection, String why) {}
    }

    private final SelectorLoop[] loops;
    private final Thread[] threads;
    private final AtomicInteger next = new AtomicInteger();
    /** Socket reads that returned data, to tell how many frames one read brings. */
    final LongAdder reads = new LongAdder();

    private final WebSocketCodec codec = new WebSocketCodec();
    private volatile boolean closed;

    /** Starts {@code threads} selector threads (daemons, named {@code bench-ws-N}). */
    WebSocketSwarm(int threads) {
        loops = new SelectorLoop[threads];
        this.threads = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new SelectorLoop();
            this.threads[i] = Thread.ofPlatform().daemon().name("bench-ws-" + i).start(loops[i]::run);
        }
    }

    /** The CPU time the selector threads used so far, or -1 when the JVM does not measure it. */
    long threadsCpuNanos() {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        if (!bean.isThreadCpuTimeSupported()) {
            return -1;
        }
        long sum = 0;
        for (Thread thread : threads) {
            long cpu = bean.getThreadCpuTime(thread.threadId());
            if (cpu < 0) {
                return -1;
            }
            sum += cpu;
        }
        return sum;
    }

    /**
     * Opens a connection ({@code ws://}, or {@code wss://} trusting the JDK's authorities); the
     * future completes when the server answered the upgrade with 101, or fails with the status
     * line it answered instead (or the I/O or TLS failure).
     *
     * @param headers extra request headers (an API key, say)
     * @param readBufferBytes the first size of its read buffer; it grows for a larger frame
     */
    CompletableFuture<SwarmConnection> connect(
            URI uri, Map<String, String> headers, Listener listener, int readBufferBytes) {
        return connect(uri, headers, listener, readBufferBytes, 0, null);
    }

    /**
     * As {@link #connect(URI, Map, Listener, int)}, with the socket's receive buffer set to {@code
     * socketReceiveBufferBytes} before it connects (0: the system's), so that a client that stops
     * reading makes the server's writes wait soon, and {@code tls} for a {@code wss://} URI (null:
     * the JDK's default).
     */
    CompletableFuture<SwarmConnection> connect(
            URI uri,
            Map<String, String> headers,
            Listener listener,
            int readBufferBytes,
            int socketReceiveBufferBytes,
            SSLContext tls) {
        if (closed) {
            return CompletableFuture.failedFuture(new IOException("the bench's WebSocket client is closed"));
        }
        byte[] handshake = codec.upgradeRequest(uri, headers);
        int port = WebSocketCodec.port(uri);
        TlsLayer layer = WebSocketCodec.secure(uri)
                ? new TlsLayer(BenchTls.clientEngine(tls != null ? tls : BenchTls.system(), uri.getHost(), port))
                : null;
        SelectorLoop loop = loops[Math.floorMod(next.getAndIncrement(), loops.length)];
        SwarmConnection connection =
                new SwarmConnection(loop, codec, listener, handshake, readBufferBytes, reads, layer);
        return connection.open(uri.getHost(), port, socketReceiveBufferBytes);
    }

    @Override
    public void close() {
        closed = true;
        for (SelectorLoop loop : loops) {
            loop.stop();
        }
    }
}
