package io.sportsfeeds.app.local.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * TLS between a non-blocking socket and a {@link SwarmConnection}'s plain bytes, on its selector
 * thread: an {@link SSLEngine} with a buffer of what was read and not yet unwrapped, and one of
 * what was wrapped and not yet written. The handshake is driven from both sides: a read may owe
 * the server an answer (written at once, or when the socket takes it), and a write waits until
 * the handshake is done.
 */
final class TlsLayer {
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    /** Read from the socket, not yet unwrapped; in write mode. */
    private ByteBuffer fromSocket;
    /** Wrapped, not yet written to the socket; in read mode. */
    private ByteBuffer toSocket;

    private boolean ended;

    TlsLayer(SSLEngine engine) {
        this.engine = engine;
        int packet = engine.getSession().getPacketBufferSize();
        this.fromSocket = ByteBuffer.allocate(packet);
        this.toSocket = ByteBuffer.allocate(packet).flip();
    }

    /** Starts the handshake; the first {@link #write} sends its first message. */
    void start() throws SSLException {
        engine.beginHandshake();
    }

    /** Whether the handshake is under way (the first one, or one the server started later). */
    boolean handshaking() {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status != HandshakeStatus.NOT_HANDSHAKING && status != HandshakeStatus.FINISHED;
    }

    /** Whether wrapped bytes wait for the socket to take them (then the caller waits to write). */
    boolean owesSocket() {
        return toSocket.hasRemaining();
    }

    /** Whether the server ended the stream (its socket, or its TLS session). */
    boolean ended() {
        return ended;
    }

    /**
     * Reads what the socket has, unwraps it into {@code plain} (in write mode) and answers the
     * handshake meanwhile. Returns the buffer to go on with: {@code plain}, or a larger copy of it
     * when a record did not fit. After it, {@link #ended} tells whether the stream ended.
     *
     * @throws SSLException when the server's certificate or its records are refused
     */
    ByteBuffer read(SocketChannel channel, ByteBuffer plain) throws IOException {
        if (channel.read(fromSocket) < 0) {
            ended = true;
        }
        fromSocket.flip();
        try {
            while (true) {
                HandshakeStatus status = engine.getHandshakeStatus();
                if (status == HandshakeStatus.NEED_TASK) {
                    runTasks();
                    continue;
                }
                if (status == HandshakeStatus.NEED_WRAP) {
                    wrap(NOTHING);
                    writeOwed(channel);
                    continue;
                }
                SSLEngineResult result = engine.unwrap(fromSocket, plain);
                switch (result.getStatus()) {
                    case OK -> {
                        if (result.bytesConsumed() == 0 && result.bytesProduced() == 0) {
                            return plain;
                        }
                    }
                    case BUFFER_OVERFLOW ->
                        plain = larger(plain, engine.getSession().getApplicationBufferSize());
                    case BUFFER_UNDERFLOW -> {
                        // A record's start, waiting for its rest: make room for the whole record.
                        if (fromSocket.position() == 0 && fromSocket.limit() == fromSocket.capacity()) {
                            fromSocket = larger(
                                            fromSocket.compact(),
                                            engine.getSession().getPacketBufferSize())
                                    .flip();
                        }
                        return plain;
                    }
                    case CLOSED -> {
                        ended = true;
                        return plain;
                    }
                }
            }
        } finally {
            fromSocket.compact();
        }
    }

    /**
     * Wraps {@code plain}'s bytes and writes them, after whatever was owed. Returns true when all
     * of them are written; false when the socket took less (wait until it is writable) or the
     * handshake waits for the server (wait for a read).
     */
    boolean write(SocketChannel channel, ByteBuffer plain) throws IOException {
        while (true) {
            if (!writeOwed(channel)) {
                return false;
            }
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> wrap(NOTHING);
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    return !plain.hasRemaining();
                }
                case NOT_HANDSHAKING, FINISHED -> {
                    if (!plain.hasRemaining()) {
                        return true;
                    }
                    wrap(plain);
                }
            }
        }
    }

    /** Writes what was wrapped before; true when nothing of it is left. */
    private boolean writeOwed(SocketChannel channel) throws IOException {
        if (toSocket.hasRemaining()) {
            channel.write(toSocket);
        }
        return !toSocket.hasRemaining();
    }

    /** Wraps {@code plain} (or the handshake's next message) after what {@link #toSocket} still holds. */
    private void wrap(ByteBuffer plain) throws SSLException {
        toSocket.compact();
        try {
            while (true) {
                SSLEngineResult result = engine.wrap(plain, toSocket);
                switch (result.getStatus()) {
                    case OK -> {
                        return;
                    }
                    case BUFFER_OVERFLOW ->
                        toSocket = larger(toSocket, engine.getSession().getPacketBufferSize());
                    case CLOSED -> throw new SSLException("the TLS session is closed");
                    case BUFFER_UNDERFLOW -> throw new IllegalStateException("a wrap needs no more input");
                }
            }
        } finally {
            toSocket.flip();
        }
    }

    /** The engine's slow steps (checking the server's certificate), here on the selector thread. */
    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** A buffer with room for {@code atLeast} more bytes, holding {@code buffer}'s (both in write mode). */
    private static ByteBuffer larger(ByteBuffer buffer, int atLeast) {
        ByteBuffer larger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + atLeast));
        buffer.flip();
        larger.put(buffer);
        return larger;
    }
}
