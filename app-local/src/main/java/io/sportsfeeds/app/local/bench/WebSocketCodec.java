package io.sportsfeeds.app.local.bench;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The bytes of the client side of RFC 6455 that {@link WebSocketSwarm} speaks: the upgrade request,
 * the end of the upgrade's answer, masked frames, the opcodes and the close frame's payload. Holds
 * the swarm's random source, for the handshake keys and the masks.
 */
final class WebSocketCodec {
    static final int OP_CONTINUATION = 0x0;
    static final int OP_TEXT = 0x1;
    static final int OP_BINARY = 0x2;
    static final int OP_CLOSE = 0x8;
    static final int OP_PING = 0x9;
    static final int OP_PONG = 0xA;

    private final SecureRandom random = new SecureRandom();

    /** Whether {@code uri} is {@code wss://}: TLS. */
    static boolean secure(URI uri) {
        return "wss".equalsIgnoreCase(uri.getScheme());
    }

    /** The port to connect to: the URI's, or its scheme's (443 for wss, else 80). */
    static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : secure(uri) ? 443 : 80;
    }

    /** The upgrade request for {@code uri}, with a fresh key and the extra {@code headers}. */
    byte[] upgradeRequest(URI uri, Map<String, String> headers) {
        byte[] key = new byte[16];
        random.nextBytes(key);
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        int port = port(uri);
        StringBuilder request = new StringBuilder()
                .append("GET ")
                .append(path)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(uri.getHost())
                .append(':')
                .append(port)
                .append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ")
                .append(Base64.getEncoder().encodeToString(key))
                .append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        headers.forEach(
                (name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        return request.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Where the blank line ending a response's head starts in {@code bytes[start..limit)}, or -1 while it is incomplete. */
    static int endOfHead(byte[] bytes, int start, int limit) {
        for (int i = start; i + 3 < limit; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** What a close frame's payload {@code bytes[payload..payload+length)} says, for the bench's report. */
    static String closeReason(byte[] bytes, int payload, int length) {
        int code = length >= 2 ? ((bytes[payload] & 0xFF) << 8) | (bytes[payload + 1] & 0xFF) : 1005;
        String reason = length > 2 ? new String(bytes, payload + 2, length - 2, StandardCharsets.UTF_8) : "";
        return code + (reason.isEmpty() ? "" : " " + reason);
    }

    /** One final frame of {@code payload}, masked as a client's must be, ready to write. */
    ByteBuffer frame(int opcode, byte[] payload) {
        int length = payload.length;
        ByteBuffer frame = ByteBuffer.allocate(14 + length);
        frame.put((byte) (0x80 | opcode));
        if (length < 126) {
            frame.put((byte) (0x80 | length));
        } else if (length < 65536) {
            frame.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(length);
        }
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        frame.put(mask);
        for (int i = 0; i < length; i++) {
            frame.put((byte) (payload[i] ^ mask[i & 3]));
        }
        return frame.flip();
    }
}
