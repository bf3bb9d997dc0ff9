package io.sportsfeeds.app.local.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLException;

/**
 * One client connection of a {@link WebSocketSwarm}, over TLS for a {@code wss://} URL. Sends may
 * come from any thread; they are written by its selector thread, which does everything else.
 */
final class SwarmConnection {
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final SelectorLoop loop;
    private final WebSocketCodec codec;
    private final WebSocketSwarm.Listener listener;
    private final byte[] handshake;
    /** The swarm's count of socket reads that returned data. */
    private final LongAdder reads;
    /** TLS between the socket and the frames, or null (ws://). */
    private final TlsLayer tls;

    private final CompletableFuture<SwarmConnection> opened = new CompletableFuture<>();
    private SocketChannel channel;
    private SelectionKey key;
    private ByteBuffer in;
    private boolean upgraded;
    private boolean closed;
    private boolean reading = true;
    private final Queue<ByteBuffer> out = new ConcurrentLinkedQueue<>();

    SwarmConnection(
            SelectorLoop loop,
            WebSocketCodec codec,
            WebSocketSwarm.Listener listener,
            byte[] handshake,
            int readBufferBytes,
            LongAdder reads,
            TlsLayer tls) {
        this.loop = loop;
        this.codec = codec;
        this.listener = listener;
        this.handshake = handshake;
        this.in = ByteBuffer.allocate(readBufferBytes);
        this.reads = reads;
        this.tls = tls;
    }

    /**
     * Opens the socket and starts connecting it to {@code host:port}; the selector thread goes on
     * from there. Returns the future {@link WebSocketSwarm#connect} hands out.
     *
     * @param socketReceiveBufferBytes the socket's receive buffer, set before it connects (0: the system's)
     */
    CompletableFuture<SwarmConnection> open(String host, int port, int socketReceiveBufferBytes) {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (socketReceiveBufferBytes > 0) {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, socketReceiveBufferBytes);
            }
            this.channel = channel;
            channel.connect(new InetSocketAddress(host, port));
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
            }
            opened.completeExceptionally(e);
            return opened;
        }
        loop.submit(this::register);
        return opened;
    }

    /** Queues a text frame (masked, as a client must). */
    void sendText(String text) {
        send(WebSocketCodec.OP_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Queues a binary frame. */
    void sendBinary(byte[] payload) {
        send(WebSocketCodec.OP_BINARY, payload);
    }

    private void send(int opcode, byte[] payload) {
        out.add(codec.frame(opcode, payload));
        loop.submit(this::flush);
    }

    /** Sends a close frame and drops the socket. */
    void close() {
        loop.submit(() -> {
            if (!closed && upgraded) {
                out.add(codec.frame(WebSocketCodec.OP_CLOSE, new byte[] {0x03, (byte) 0xE8})); // 1000, normal closure
                flush();
            }
            drop("closed by the bench");
        });
    }

    boolean isOpen() {
        return upgraded && !closed;
    }

    /**
     * Drops the socket without a close frame, as a client that crashed or lost its network:
     * with {@code reset}, an RST (SO_LINGER 0) rather than a FIN.
     */
    void abort(boolean reset) {
        loop.submit(() -> {
            if (closed) {
                return;
            }
            if (reset) {
                try {
                    channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                } catch (IOException e) {
                    // Closing below drops it all the same, with a FIN.
                }
            }
            drop("aborted by the bench");
        });
    }

    /** Stops reading the socket (a stalled client): what the server sends waits in the buffers, then in its queue. */
    void stopReading() {
        loop.submit(() -> {
            reading = false;
            if (!closed && key != null && key.isValid()) {
                key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
            }
        });
    }

    /** Reads the socket again after {@link #stopReading}. */
    void resumeReading() {
        loop.submit(() -> {
            reading = true;
            if (!closed && key != null && key.isValid()) {
                key.interestOps(key.interestOps() | SelectionKey.OP_READ);
            }
        });
    }

    private int readOps() {
        return reading ? SelectionKey.OP_READ : 0;
    }

    private void register() {
        try {
            key = channel.register(loop.selector, SelectionKey.OP_CONNECT, this);
        } catch (ClosedChannelException e) {
            drop("closed before it was registered");
        }
    }

    void onConnectable() {
        try {
            channel.finishConnect();
            if (tls != null) {
                tls.start();
            }
            out.add(ByteBuffer.wrap(handshake));
            key.interestOps(SelectionKey.OP_READ); // the upgrade's answer is read in any case
            flush();
        } catch (IOException e) {
            drop("connect failed: " + e.getMessage());
        }
    }

    void flush() {
        if (closed || key == null || (key.interestOps() & SelectionKey.OP_CONNECT) != 0) {
            return; // the handshake goes first, once connected
        }
        try {
            // TLS: what its handshake owes the server goes first, and nothing else before it is done.
            if (tls != null && !tls.write(channel, NOTHING)) {
                waitToWrite();
                return;
            }
            ByteBuffer head;
            while ((head = out.peek()) != null) {
                if (!(tls == null ? writePlain(head) : tls.write(channel, head))) {
                    waitToWrite();
                    return;
                }
                out.poll();
            }
            key.interestOps(readOps());
        } catch (SSLException e) {
            drop("TLS failed: " + e.getMessage());
        } catch (IOException e) {
            drop("write failed: " + e.getMessage());
        }
    }

    private boolean writePlain(ByteBuffer bytes) throws IOException {
        channel.write(bytes);
        return !bytes.hasRemaining();
    }

    /**
     * Waits until the socket takes more, or, when TLS's handshake is what waits (for the server's
     * next message), until the next read, which flushes again.
     */
    private void waitToWrite() {
        boolean socketFull = tls == null || tls.owesSocket();
        key.interestOps(readOps() | (socketFull ? SelectionKey.OP_WRITE : 0));
    }

    void onReadable() {
        try {
            boolean ended;
            if (tls == null) {
                ended = channel.read(in) < 0;
            } else {
                in = tls.read(channel, in);
                ended = tls.ended();
                // The handshake's answers, and once it is done, what waited for it (the upgrade);
                // nothing once the server ended the session (the engine would want its close answered).
                if (!ended && (tls.handshaking() || tls.owesSocket() || !out.isEmpty())) {
                    flush();
                    if (closed) {
                        return;
                    }
                }
            }
            if (ended) {
                // What came before the end is read first: a close frame says why.
                in.flip();
                if (upgraded || readUpgrade()) {
                    readFrames();
                }
                drop("the server closed the socket");
                return;
            }
            reads.increment();
            in.flip();
            if (!upgraded && !readUpgrade()) {
                in.compact();
                return;
            }
            readFrames();
            if (!closed) {
                in.compact();
                if (!in.hasRemaining()) {
                    // A frame larger than the buffer: grow it.
                    ByteBuffer larger = ByteBuffer.allocate(in.capacity() * 2);
                    in.flip();
                    larger.put(in);
                    in = larger;
                }
            }
        } catch (SSLException e) {
            drop("TLS failed: " + e.getMessage());
        } catch (IOException e) {
            drop("read failed: " + e.getMessage());
        }
    }

    /** Consumes the 101 response; false while it is incomplete. */
    private boolean readUpgrade() {
        byte[] bytes = in.array();
        int start = in.position();
        int i = WebSocketCodec.endOfHead(bytes, start, in.limit());
        if (i < 0) {
            return false;
        }
        String head = new String(bytes, start, i - start, StandardCharsets.ISO_8859_1);
        in.position(i + 4);
        String statusLine = head.lines().findFirst().orElse("");
        if (!statusLine.startsWith("HTTP/1.1 101")) {
            drop("refused: " + statusLine, new UpgradeRefused(statusLine));
            return false;
        }
        upgraded = true;
        opened.complete(this);
        return true;
    }

    private void readFrames() {
        byte[] bytes = in.array();
        while (!closed) {
            int at = in.position();
            int available = in.limit() - at;
            if (available < 2) {
                return;
            }
            int first = bytes[at] & 0xFF;
            int second = bytes[at + 1] & 0xFF;
            boolean fin = (first & 0x80) != 0;
            int opcode = first & 0x0F;
            int header = 2;
            long length = second & 0x7F;
            if (length == 126) {
                if (available < 4) {
                    return;
                }
                length = ((bytes[at + 2] & 0xFF) << 8) | (bytes[at + 3] & 0xFF);
                header = 4;
            } else if (length == 127) {
                if (available < 10) {
                    return;
                }
                length = ByteBuffer.wrap(bytes, at + 2, 8).getLong();
                header = 10;
            }
            if ((second & 0x80) != 0) {
                drop("the server sent a masked frame");
                return;
            }
            if (length > Integer.MAX_VALUE / 2) {
                drop("a frame of " + length + " bytes");
                return;
            }
            if (available < header + length) {
                return;
            }
            int payload = at + header;
            in.position(payload + (int) length);
            switch (opcode) {
                case WebSocketCodec.OP_TEXT, WebSocketCodec.OP_BINARY, WebSocketCodec.OP_CONTINUATION ->
                    listener.onData(this, bytes, payload, (int) length, fin);
                case WebSocketCodec.OP_PING -> {
                    out.add(codec.frame(
                            WebSocketCodec.OP_PONG,
                            java.util.Arrays.copyOfRange(bytes, payload, payload + (int) length)));
                    flush();
                }
                case WebSocketCodec.OP_PONG -> {}
                case WebSocketCodec.OP_CLOSE ->
                    drop("the server closed with " + WebSocketCodec.closeReason(bytes, payload, (int) length));
                default -> drop("unknown opcode " + opcode);
            }
        }
    }

    void drop(String why) {
        drop(why, new IOException(why));
    }

    /**
     * Drops the socket: a connection that had opened tells its listener {@code why}; one still
     * opening fails its future with {@code failure}.
     */
    private void drop(String why, IOException failure) {
        if (closed) {
            return;
        }
        closed = true;
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // The socket is gone either way; the reason the bench reports is `why`.
        }
        if (!opened.isDone()) {
            opened.completeExceptionally(failure);
        } else {
            listener.onClosed(this, why);
        }
    }
}
