package io.sportsfeeds.app.local;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.exception.BadPayloadException;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;

/**
 * One connection's frames, from {@link WebSocketUpgrades}: whole text messages go to the {@link
 * WebSocketEndpoint}, binary ones as their size (the protocol refuses them), pings are answered,
 * and the close handshake is Jetty's. It asks for the next frame only once one is handled, so a
 * client's messages are handled one at a time, in order.
 *
 * <p>Holds nothing of the upgrade request: its connection id and the message being reassembled.
 */
final class ConnectionFrames implements FrameHandler {
    private final String connectionId;
    private final WebSocketEndpoint endpoint;
    private CoreSession session;
    /** The opcode of the fragmented message being reassembled, else none. */
    private byte fragmented = OpCode.UNDEFINED;

    private ByteArrayOutputStream fragments;
    private long binaryBytes;

    ConnectionFrames(String connectionId, WebSocketEndpoint endpoint) {
        this.connectionId = connectionId;
        this.endpoint = endpoint;
    }

    @Override
    public void onOpen(CoreSession session, Callback callback) {
        this.session = session;
        endpoint.opened(connectionId, session);
        callback.succeeded();
        session.demand();
    }

    @Override
    public void onFrame(Frame frame, Callback callback) {
        try {
            switch (frame.getOpCode()) {
                case OpCode.TEXT, OpCode.BINARY -> {
                    fragmented = frame.getOpCode();
                    fragments = null;
                    binaryBytes = 0;
                    onData(frame);
                }
                case OpCode.CONTINUATION -> onData(frame);
                case OpCode.PING ->
                    session.sendFrame(
                            new Frame(OpCode.PONG).setPayload(BufferUtil.copy(frame.getPayload())),
                            Callback.NOOP,
                            false);
                case OpCode.CLOSE -> {
                    // Jetty answers the close and then calls onClosed; nothing more to read.
                    callback.succeeded();
                    return;
                }
                default -> {} // a pong
            }
        } catch (RuntimeException | CharacterCodingException failure) {
            callback.failed(
                    failure instanceof CharacterCodingException
                            ? new BadPayloadException("a text message must be valid UTF-8")
                            : failure);
            return;
        }
        callback.succeeded();
        session.demand();
    }

    private void onData(Frame frame) throws CharacterCodingException {
        ByteBuffer payload = frame.getPayload();
        int length = payload == null ? 0 : payload.remaining();
        if (fragmented == OpCode.BINARY) {
            binaryBytes += length;
            tooLarge(binaryBytes, session.getMaxBinaryMessageSize());
            if (frame.isFin()) {
                fragmented = OpCode.UNDEFINED;
                endpoint.receivedBinary(connectionId, (int) binaryBytes);
            }
            return;
        }
        if (frame.isFin() && fragments == null) {
            fragmented = OpCode.UNDEFINED;
            endpoint.received(connectionId, decode(payload == null ? BufferUtil.EMPTY_BUFFER : payload));
            return;
        }
        if (fragments == null) {
            fragments = new ByteArrayOutputStream(Math.max(256, length));
        }
        tooLarge((long) fragments.size() + length, session.getMaxTextMessageSize());
        if (length > 0) {
            byte[] bytes = new byte[length];
            payload.duplicate().get(bytes);
            fragments.writeBytes(bytes);
        }
        if (frame.isFin()) {
            ByteBuffer whole = ByteBuffer.wrap(fragments.toByteArray());
            fragments = null;
            fragmented = OpCode.UNDEFINED;
            endpoint.received(connectionId, decode(whole));
        }
    }

    private static void tooLarge(long bytes, long limit) {
        if (limit > 0 && bytes > limit) {
            throw new MessageTooLargeException("a message may be at most " + limit + " bytes");
        }
    }

    private static String decode(ByteBuffer utf8) throws CharacterCodingException {
        // A new decoder reports malformed input rather than replacing it.
        return StandardCharsets.UTF_8.newDecoder().decode(utf8.duplicate()).toString();
    }

    @Override
    public void onError(Throwable cause, Callback callback) {
        endpoint.failed(connectionId, cause);
        callback.succeeded();
    }

    @Override
    public void onClosed(CloseStatus closeStatus, Callback callback) {
        endpoint.closed(connectionId);
        callback.succeeded();
    }
}
