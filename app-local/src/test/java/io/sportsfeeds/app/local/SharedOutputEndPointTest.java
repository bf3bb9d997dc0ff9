package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.WritePendingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.ByteArrayEndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * The socket of a WebSocket connection shared by Jetty's frame flusher and the gateway's pushed
 * frames, over Jetty's in-memory end point: a small output buffer that only the test drains keeps a
 * write in flight for as long as a test needs.
 */
class SharedOutputEndPointTest {
    private final AtomicBoolean outputOpen = new AtomicBoolean(true);

    @Test
    void writesPushedFramesAsTheirBytes_inOrder_inOneWrite_leavingTheSharedBuffersAsTheyWere() {
        ByteArrayEndPoint socket = new ByteArrayEndPoint();
        SharedOutputEndPoint shared = new SharedOutputEndPoint(socket, outputOpen::get);
        List<ByteBuffer> frames = List.of(frame("{\"seq\":1}"), frame("{\"seq\":2}"), frame("x".repeat(300)));
        CompletableFuture<Void> written = new CompletableFuture<>();

        shared.writeFrames(frames, Callback.from(written));

        assertThat(written).isCompleted();
        assertThat(texts(socket.takeOutput())).containsExactly("{\"seq\":1}", "{\"seq\":2}", "x".repeat(300));
        assertThat(frames).allSatisfy(frame -> assertThat(frame.position()).isZero());
    }

    @Test
    void aWriteThatFindsTheOtherWritersInFlight_waitsForIt_andTheWaitingOnesGoInTheOrderTheyCame() {
        ByteArrayEndPoint socket = slowSocket();
        SharedOutputEndPoint shared = new SharedOutputEndPoint(socket, outputOpen::get);
        CompletableFuture<Void> pong = new CompletableFuture<>();
        CompletableFuture<Void> pushed = new CompletableFuture<>();

        shared.write(Callback.from(pong), frame("pong"));
        shared.writeFrames(List.of(frame("{\"seq\":1}"), frame("{\"seq\":2}")), Callback.from(pushed));

        assertThat(pong).isNotDone();
        assertThat(pushed).isNotDone();
        ByteBuffer out = drain(socket, pushed);
        assertThat(pong).isCompleted();
        assertThat(texts(out)).containsExactly("pong", "{\"seq\":1}", "{\"seq\":2}");
    }

    @Test
    void aWriterWithAWriteOutstanding_cannotStartAnother() {
        ByteArrayEndPoint socket = slowSocket();
        SharedOutputEndPoint shared = new SharedOutputEndPoint(socket, outputOpen::get);
        CompletableFuture<Void> first = new CompletableFuture<>();
        CompletableFuture<Void> pushed = new CompletableFuture<>();
        shared.writeFrames(List.of(frame("{\"seq\":1}")), Callback.from(pushed));
        shared.write(Callback.from(first), frame("pong 1"));

        assertThatThrownBy(() -> shared.write(Callback.NOOP, frame("pong 2")))
                .isInstanceOf(WritePendingException.class);
        drain(socket, first);
    }

    @Test
    void refusesPushedFramesOnceTheSessionsCloseFrameIsOnItsWay_afterThoseThatCameBeforeIt() {
        ByteArrayEndPoint socket = slowSocket();
        SharedOutputEndPoint shared = new SharedOutputEndPoint(socket, outputOpen::get);
        CompletableFuture<Void> before = new CompletableFuture<>();
        CompletableFuture<Void> close = new CompletableFuture<>();
        CompletableFuture<Void> after = new CompletableFuture<>();

        shared.writeFrames(List.of(frame("{\"seq\":1}")), Callback.from(before));
        outputOpen.set(false); // the session sent its close frame: the flusher writes it next
        shared.write(Callback.from(close), frame("close"));
        shared.writeFrames(List.of(frame("{\"seq\":2}")), Callback.from(after));

        assertThat(after).isCompletedExceptionally();
        assertThat(after.exceptionNow()).isInstanceOf(ClosedChannelException.class);
        ByteBuffer out = drain(socket, close);
        assertThat(before).isCompleted();
        assertThat(texts(out)).containsExactly("{\"seq\":1}", "close");
    }

    @Test
    void pushedFramesWaitingBehindAPong_goOutBeforeTheCloseFrameThatFollows() {
        ByteArrayEndPoint socket = slowSocket();
        SharedOutputEndPoint shared = new SharedOutputEndPoint(socket, outputOpen::get);
        CompletableFuture<Void> pong = new CompletableFuture<>();
        CompletableFuture<Void> pushed = new CompletableFuture<>();
        CompletableFuture<Void> close = new CompletableFuture<>();

        shared.write(Callback.from(pong), frame("pong"));
        shared.writeFrames(List.of(frame("{\"seq\":1}")), Callback.from(pushed));
        outputOpen.set(false);
        ByteBuffer first = drain(socket, pong);
        shared.write(Callback.from(close), frame("close"));
        ByteBuffer rest = drain(socket, close);

        assertThat(pushed).isCompleted();
        assertThat(texts(BufferUtil.toBuffer(concat(BufferUtil.toArray(first), BufferUtil.toArray(rest)))))
                .containsExactly("pong", "{\"seq\":1}", "close");
    }

    @Test
    void aWriterWhoseWriteIsInFlight_cannotStartAnother_untilItIsToldItIsDone() {
        ByteArrayEndPoint socket = slowSocket();
        SharedOutputEndPoint shared = new SharedOutputEndPoint(socket, outputOpen::get);
        CompletableFuture<Void> second = new CompletableFuture<>();
        CompletableFuture<Void> first = new CompletableFuture<>();
        // From its completion, the writer starts its next write, as Jetty's flusher does.
        shared.write(Callback.from(() -> shared.write(Callback.from(second), frame("pong 2"))), frame("pong 1"));

        assertThatThrownBy(() -> shared.write(Callback.from(first), frame("pong 3")))
                .isInstanceOf(WritePendingException.class);
        assertThat(texts(drain(socket, second))).containsExactly("pong 1", "pong 2");
    }

    @Test
    void aCloseFrameWrittenFromAPongsCompletion_followsThePushedFramesWaitingBehindThePong() {
        ByteArrayEndPoint socket = slowSocket();
        SharedOutputEndPoint shared = new SharedOutputEndPoint(socket, outputOpen::get);
        CompletableFuture<Void> pushed = new CompletableFuture<>();
        CompletableFuture<Void> close = new CompletableFuture<>();
        shared.write(
                Callback.from(() -> {
                    outputOpen.set(false);
                    shared.write(Callback.from(close), frame("close"));
                }),
                frame("pong"));
        shared.writeFrames(List.of(frame("{\"seq\":1}")), Callback.from(pushed));

        ByteBuffer out = drain(socket, close);

        assertThat(pushed).isCompleted();
        assertThat(texts(out)).containsExactly("pong", "{\"seq\":1}", "close");
    }

    @Test
    void aWriteThatFails_failsTheWriteWaitingBehindIt_too() {
        ByteArrayEndPoint socket = slowSocket();
        SharedOutputEndPoint shared = new SharedOutputEndPoint(socket, outputOpen::get);
        CompletableFuture<Void> pushed = new CompletableFuture<>();
        CompletableFuture<Void> pong = new CompletableFuture<>();
        shared.writeFrames(List.of(frame("{\"seq\":1}")), Callback.from(pushed));
        shared.write(Callback.from(pong), frame("pong"));

        socket.close();

        assertThat(pushed).isCompletedExceptionally();
        assertThat(pong).isCompletedExceptionally();
    }

    @Test
    void aWritersCallbackThatThrows_stillHandsTheSocketOnToTheWriteWaiting() {
        ByteArrayEndPoint socket = slowSocket();
        SharedOutputEndPoint shared = new SharedOutputEndPoint(socket, outputOpen::get);
        CompletableFuture<Void> pong = new CompletableFuture<>();
        shared.writeFrames(
                List.of(frame("{\"seq\":1}")),
                Callback.from(
                        () -> {
                            throw new IllegalStateException("a writer's bug");
                        },
                        failure -> {}));
        shared.write(Callback.from(pong), frame("pong"));

        ByteBuffer out = drain(socket, pong);

        assertThat(texts(out)).containsExactly("{\"seq\":1}", "pong");
    }

    @Test
    void aLongRunOfWritesEachStartedFromTheLastOnesCompletion_doesNotDeepenTheStack() {
        ByteArrayEndPoint socket = new ByteArrayEndPoint(); // every write completes inside the call
        SharedOutputEndPoint shared = new SharedOutputEndPoint(socket, outputOpen::get);
        int writes = 50_000;
        AtomicInteger started = new AtomicInteger();
        CompletableFuture<Void> last = new CompletableFuture<>();
        Callback[] next = new Callback[1];
        next[0] = Callback.from(
                () -> {
                    if (started.incrementAndGet() < writes) {
                        shared.writeFrames(List.of(frame("{}")), next[0]);
                    } else {
                        last.complete(null);
                    }
                },
                last::completeExceptionally);

        shared.writeFrames(List.of(frame("{}")), next[0]);

        assertThat(last).isCompleted();
        assertThat(socket.takeOutput().remaining())
                .isEqualTo(writes * frame("{}").remaining());
    }

    @Test
    void aWriteToAClosedSocketFails() {
        ByteArrayEndPoint socket = new ByteArrayEndPoint();
        SharedOutputEndPoint shared = new SharedOutputEndPoint(socket, outputOpen::get);
        socket.close();
        CompletableFuture<Void> pushed = new CompletableFuture<>();

        shared.writeFrames(List.of(frame("{\"seq\":1}")), Callback.from(pushed));

        assertThat(pushed).isCompletedExceptionally();
    }

    /** An in-memory socket that takes 4 bytes before the test drains it. */
    private static ByteArrayEndPoint slowSocket() {
        return new ByteArrayEndPoint(new byte[0], 4, false);
    }

    /** Drains the socket until {@code done} completes; what it wrote meanwhile. */
    private static ByteBuffer drain(ByteArrayEndPoint socket, CompletableFuture<Void> done) {
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < 10_000 && !done.isDone(); i++) {
            chunks.add(BufferUtil.toArray(socket.takeOutput()));
        }
        chunks.add(BufferUtil.toArray(socket.takeOutput()));
        assertThat(done).isCompleted();
        return BufferUtil.toBuffer(concat(chunks.toArray(byte[][]::new)));
    }

    private static byte[] concat(byte[]... chunks) {
        int length = 0;
        for (byte[] chunk : chunks) {
            length += chunk.length;
        }
        ByteBuffer all = ByteBuffer.allocate(length);
        for (byte[] chunk : chunks) {
            all.put(chunk);
        }
        return all.array();
    }

    private static ByteBuffer frame(String text) {
        return WireFrames.text(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The payloads of the whole frames in {@code bytes}, read as RFC 6455 says. */
    private static List<String> texts(ByteBuffer bytes) {
        List<String> texts = new ArrayList<>();
        ByteBuffer rest = bytes.duplicate();
        while (rest.hasRemaining()) {
            assertThat(rest.get()).as("final text frame").isEqualTo((byte) 0x81);
            int length = rest.get() & 0x7F;
            if (length == 126) {
                length = rest.getShort() & 0xFFFF;
            } else if (length == 127) {
                length = Math.toIntExact(rest.getLong());
            }
            byte[] payload = new byte[length];
            rest.get(payload);
            texts.add(new String(payload, StandardCharsets.UTF_8));
        }
        return texts;
    }
}
