package io.sportsfeeds.app.local;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * WebSocket text frames as a server writes them (RFC 6455, section 5.2): final, unmasked, header
 * and payload in one buffer. Being unmasked, a frame is the same bytes for every connection it goes
 * to, so each pushed update is encoded once and shared.
 */
final class WireFrames {
    private static final byte FINAL_TEXT = (byte) 0x81;
    /** The 7-bit length's values that say a 16-bit or a 64-bit length follows. */
    private static final int LENGTH_16 = 126;

    private static final int LENGTH_64 = 127;

    private WireFrames() {}

    /** One final text frame carrying {@code utf8}, read to write from position 0. */
    static ByteBuffer text(byte[] utf8) {
        int length = utf8.length;
        int header = length < LENGTH_16 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocate(header + length);
        frame.put(FINAL_TEXT);
        if (length < LENGTH_16) {
            frame.put((byte) length);
        } else if (length <= 0xFFFF) {
            frame.put((byte) LENGTH_16).putShort((short) length);
        } else {
            frame.put((byte) LENGTH_64).putLong(length);
        }
        return frame.put(utf8).flip();
    }

    /** The payload of a frame {@link #text} made: a view of it, from its position to its limit. */
    static ByteBuffer payloadOf(ByteBuffer frame) {
        ByteBuffer view = frame.duplicate();
        int length = view.get(view.position() + 1) & 0x7F;
        int header = length < LENGTH_16 ? 2 : length == LENGTH_16 ? 4 : 10;
        return view.position(view.position() + header).slice();
    }

    /** {@code {"conflated":true,...}}: the frame, marked; a JSON object's first byte is its brace. */
    static ByteBuffer markedConflated(ByteBuffer frame) {
        byte[] mark = "{\"conflated\":true,".getBytes(StandardCharsets.UTF_8);
        ByteBuffer original = payloadOf(frame);
        original.get(); // the '{'
        byte[] marked = new byte[mark.length + original.remaining()];
        System.arraycopy(mark, 0, marked, 0, mark.length);
        original.get(marked, mark.length, original.remaining());
        return text(marked);
    }
}
