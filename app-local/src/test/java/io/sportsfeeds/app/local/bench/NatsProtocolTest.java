package io.sportsfeeds.app.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NatsProtocolTest {
    private final List<String> seen = new ArrayList<>();
    private final NatsProtocol protocol = new NatsProtocol(new NatsProtocol.Handler() {
        @Override
        public void onMessage(
                byte[] buffer, int subjectOffset, int subjectLength, int payloadOffset, int payloadLength) {
            seen.add("MSG " + new String(buffer, subjectOffset, subjectLength, StandardCharsets.US_ASCII) + " "
                    + new String(buffer, payloadOffset, payloadLength, StandardCharsets.UTF_8));
        }

        @Override
        public void onPing() {
            seen.add("PING");
        }

        @Override
        public void onPong() {
            seen.add("PONG");
        }

        @Override
        public void onInfo(String json) {
            seen.add("INFO " + json);
        }

        @Override
        public void onError(String message) {
            seen.add("ERROR " + message);
        }
    });

    private static final String STREAM =
            "INFO {\"server_id\":\"x\"}\r\n+OK\r\nMSG r1.odds.g1 1 5\r\nhello\r\nPING\r\nMSG _INBOX.p0.7 1 _INBOX.r 2\r\n{}\r\nPONG\r\n-ERR 'Slow Consumer'\r\n";

    @Test
    void readsEveryOperation_whenTheStreamComesWhole() {
        feed(STREAM);

        assertThat(seen)
                .containsExactly(
                        "INFO {\"server_id\":\"x\"}",
                        "MSG r1.odds.g1 hello",
                        "PING",
                        "MSG _INBOX.p0.7 {}",
                        "PONG",
                        "ERROR -ERR 'Slow Consumer'");
    }

    @Test
    void readsTheSameOperations_whenTheStreamArrivesOneByteAtATime() {
        for (char c : STREAM.toCharArray()) {
            feed(String.valueOf(c));
        }

        assertThat(seen)
                .containsExactly(
                        "INFO {\"server_id\":\"x\"}",
                        "MSG r1.odds.g1 hello",
                        "PING",
                        "MSG _INBOX.p0.7 {}",
                        "PONG",
                        "ERROR -ERR 'Slow Consumer'");
    }

    @Test
    void keepsAPayloadHoldingCrLf_whole() {
        feed("MSG a 1 4\r\n\r\n\r\n\r\nPING\r\n");

        assertThat(seen).containsExactly("MSG a \r\n\r\n", "PING");
    }

    private void feed(String text) {
        byte[] bytes = ("." + text).getBytes(StandardCharsets.UTF_8);
        protocol.feed(bytes, 1, bytes.length - 1); // an offset, as a WebSocket frame's payload has
    }
}
