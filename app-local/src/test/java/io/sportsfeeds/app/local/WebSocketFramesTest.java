package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket layer under the protocol, over a real socket: messages split into frames, control
 * frames, and frames the protocol cannot take (RFC 6455 close codes).
 */
class WebSocketFramesTest extends ServerTestBase {

    @Test
    void answersAMessageSentInFragments_asItAnswersTheWholeMessage() throws Exception {
        LocalApp app = start();
        WsClient analyst = connect(app, "client-001");

        analyst.sendInFragments("{\"action\":\"subscribe\",", "\"games\":[\"" + LAKERS, "\"]}");
        analyst.send("{\"action\":\"subscribe\",\"games\":[\"" + LAKERS + "\"]}");

        JsonNode fragmented = nextSubscribed(analyst);
        JsonNode whole = nextSubscribed(analyst);
        assertThat(fragmented.path("games").get(0).path("gameId").asText()).isEqualTo(LAKERS);
        assertThat(fragmented.path("games")).isEqualTo(whole.path("games"));
    }

    /** The next "subscribed" answer, past the snapshot frames that follow one. */
    private static JsonNode nextSubscribed(WsClient analyst) throws InterruptedException {
        while (true) {
            JsonNode frame = Http.json(analyst.nextFrame());
            if (frame.path("kind").asText().equals("subscribed")) {
                return frame;
            }
        }
    }

    @Test
    void answersAPingWithAPongOfTheSamePayload() throws Exception {
        LocalApp app = start();
        WsClient analyst = connect(app, "client-001");

        analyst.ping("are you there");

        assertThat(analyst.nextPong()).isEqualTo("are you there");
        analyst.send("{\"action\":\"ping\"}");
        assertThat(analyst.nextFrame()).isEqualTo("{\"kind\":\"pong\"}");
    }

    @Test
    void servesThePathWithATrailingSlash_asJavalinRoutesIt() throws Exception {
        LocalApp app = start();
        java.net.URI slashed = java.net.URI.create(app.webSocketUrl("client-001", secret("client-001"))
                .toString()
                .replace(WebServer.WEBSOCKET_PATH + "?", WebServer.WEBSOCKET_PATH + "/?"));

        try (WsClient analyst = WsClient.connect(slashed)) {
            analyst.send("{\"action\":\"ping\"}");

            assertThat(analyst.nextFrame()).isEqualTo("{\"kind\":\"pong\"}");
        }
    }

    @Test
    void closesWith1009_whenAMessageIsLargerThanTheLimit() throws Exception {
        LocalApp app = start();
        WsClient analyst = connect(app, "client-001");

        // The first two fragments stay one byte under the limit and the last one crosses it, so
        // the server cannot close the connection before every fragment has been sent.
        String head = "{\"action\":\"ping\",\"pad\":\"";
        analyst.sendInFragments(head, "x".repeat(WebSocketUpgrades.MAX_MESSAGE_BYTES - head.length() - 1), "xx\"}");

        assertThat(analyst.closed().get(10, TimeUnit.SECONDS)).startsWith("1009 ");
    }

    @Test
    void closesWith1007_whenATextMessageIsNotUtf8() throws Exception {
        // A final text frame, masked as a client's must be, whose payload is not UTF-8.
        String closeCode = closeCodeAfter(
                start(), socket -> sendMaskedText(socket, new byte[] {(byte) 0xC3, (byte) 0x28, 'o', 'k'}));

        assertThat(closeCode).isEqualTo("1007");
    }

    @Test
    void closesWith1002_whenAClientsFrameIsNotMasked() throws Exception {
        String closeCode = closeCodeAfter(start(), socket -> {
            OutputStream out = socket.getOutputStream();
            out.write(0x81); // FIN, text
            out.write(4); // no mask bit: RFC 6455 requires one on every frame a client sends
            out.write("ping".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        });

        assertThat(closeCode).isEqualTo("1002");
    }

    /** What a connection opened by hand is closed with, after {@code frames} are written on it. */
    private String closeCodeAfter(LocalApp app, FrameWriter frames) throws IOException {
        String upgrade = "GET /ws?client=client-001&secret=" + secret("client-001")
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        return RawRequestsTest.exchange(app, upgrade, socket -> {
            assertThat(RawRequestsTest.readHeaders(socket.getInputStream())).startsWith("HTTP/1.1 101 ");
            frames.write(socket);
            return closeCodeOf(socket);
        });
    }

    @FunctionalInterface
    private interface FrameWriter {
        void write(Socket socket) throws IOException;
    }

    private static void sendMaskedText(Socket socket, byte[] payload) throws IOException {
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        OutputStream out = socket.getOutputStream();
        out.write(0x81); // FIN, text
        out.write(0x80 | payload.length);
        out.write(mask);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i % 4]);
        }
        out.flush();
    }

    /** Reads frames until the server's close frame and answers its status code. */
    private static String closeCodeOf(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        while (true) {
            int opcode = in.readUnsignedByte() & 0x0F;
            int length = in.readUnsignedByte() & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = (int) in.readLong();
            }
            byte[] payload = in.readNBytes(length);
            if (opcode == 0x8) {
                return String.valueOf(((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF));
            }
        }
    }
}
