package io.sportsfeeds.app.local.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The part of the NATS client protocol the peer side of the bench needs, read from a byte stream
 * that arrives in pieces (TCP reads or WebSocket frames): {@code INFO}, {@code MSG}, {@code PING},
 * {@code PONG}, {@code +OK}, {@code -ERR}. Messages are handed over in place, without copying,
 * whenever a piece holds them whole. One parser per connection, used by one thread.
 *
 * <p>What a client sends is plain text lines: {@link #connect()}, {@code SUB}, {@code PUB}, {@code
 * PING}/{@code PONG}.
 */
final class NatsProtocol {
    /** What a connection does with what the server sends. */
    interface Handler {
        /** A message: its subject and payload are ranges of {@code buffer}, valid only during the call. */
        void onMessage(byte[] buffer, int subjectOffset, int subjectLength, int payloadOffset, int payloadLength);

        void onPing();

        default void onPong() {}

        default void onInfo(String json) {}

        void onError(String message);
    }

    static final byte[] PONG = "PONG\r\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Handler handler;
    private byte[] carry = new byte[4096];
    private int carried;

    NatsProtocol(Handler handler) {
        this.handler = handler;
    }

    /** The CONNECT line of a client that wants no +OK after each command and no headers. */
    static String connect() {
        return "CONNECT {\"verbose\":false,\"pedantic\":false,\"protocol\":1,\"headers\":false,"
                + "\"no_responders\":false,\"name\":\"sportsfeeds-bench\",\"lang\":\"java\",\"version\":\"0\"}\r\n";
    }

    /** Reads the next piece of the stream; what is left of an incomplete operation waits for the next. */
    void feed(byte[] bytes, int offset, int length) {
        if (carried == 0) {
            int consumed = parse(bytes, offset, offset + length);
            keep(bytes, offset + consumed, length - consumed);
        } else {
            keep(bytes, offset, length);
            int consumed = parse(carry, 0, carried);
            System.arraycopy(carry, consumed, carry, 0, carried - consumed);
            carried -= consumed;
        }
    }

    private void keep(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return;
        }
        if (carried + length > carry.length) {
            carry = Arrays.copyOf(carry, Math.max(carry.length * 2, carried + length));
        }
        System.arraycopy(bytes, offset, carry, carried, length);
        carried += length;
    }

    /** Parses whole operations of {@code b[from..to)}; returns how many bytes they took. */
    private int parse(byte[] b, int from, int to) {
        int at = from;
        while (at < to) {
            int eol = lineEnd(b, at, to);
            if (eol < 0) {
                return at - from;
            }
            // MSG <subject> <sid> [reply-to] <#bytes>
            if (b[at] == 'M' && eol - at > 4 && b[at + 1] == 'S' && b[at + 2] == 'G' && b[at + 3] == ' ') {
                int subjectStart = at + 4;
                int subjectEnd = subjectStart;
                while (subjectEnd < eol && b[subjectEnd] != ' ') {
                    subjectEnd++;
                }
                int sizeStart = eol;
                while (sizeStart > subjectEnd && b[sizeStart - 1] != ' ') {
                    sizeStart--;
                }
                int size = 0;
                for (int i = sizeStart; i < eol; i++) {
                    size = size * 10 + (b[i] - '0');
                }
                int payload = eol + 2;
                if (payload + size + 2 > to) {
                    return at - from;
                }
                handler.onMessage(b, subjectStart, subjectEnd - subjectStart, payload, size);
                at = payload + size + 2;
                continue;
            }
            String line = new String(b, at, eol - at, StandardCharsets.US_ASCII);
            at = eol + 2;
            if (line.equals("PING")) {
                handler.onPing();
            } else if (line.equals("PONG")) {
                handler.onPong();
            } else if (line.startsWith("INFO ")) {
                handler.onInfo(line.substring(5));
            } else if (line.startsWith("-ERR")) {
                handler.onError(line);
            } else if (!line.equals("+OK")) {
                handler.onError("unexpected from the server: " + line);
            }
        }
        return at - from;
    }

    private static int lineEnd(byte[] b, int from, int to) {
        for (int i = from; i + 1 < to; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
