package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.internal.Generator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Frames encoded once for every receiver are the bytes Jetty's own generator writes for them. */
class WireFramesTest {
    @ParameterizedTest(name = "payload of {0} bytes")
    @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 200_000})
    void encodesATextFrame_asJettysGeneratorDoes(int length) {
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        ByteBuffer expected = BufferUtil.allocate(length + 14); // empty, in Jetty's flush mode
        new Generator().generateWholeFrame(new Frame(OpCode.TEXT, true, ByteBuffer.wrap(payload)), expected);

        ByteBuffer frame = WireFrames.text(payload);

        assertThat(frame).isEqualTo(expected);
        assertThat(WireFrames.payloadOf(frame)).isEqualTo(ByteBuffer.wrap(payload));
        assertThat(frame.position()).isZero();
    }
}
