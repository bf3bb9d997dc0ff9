package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Requests a library client would not send: malformed, cut short or by hand, answered as JSON. */
class RawRequestsTest extends ServerTestBase {
    @Test
    void answersTheRefusalAsJson_whenTheHandshakeIsRefused() throws Exception {
        LocalApp app = start();

        String inactive = rawHandshake(app, "/ws?client=client-002&secret=" + secret("client-002"));
        String missing = rawHandshake(app, "/ws");

        assertThat(inactive).startsWith("HTTP/1.1 403 ");
        assertThat(inactive).containsIgnoringCase("Content-Type: application/json");
        assertThat(inactive)
                .endsWith("{\"error\":\"inactive_client\",\"message\":\"client client-002 is not active\"}");
        assertThat(missing).startsWith("HTTP/1.1 400 ");
        assertThat(missing).contains("{\"error\":\"missing_client\"");
    }

    @Test
    void answersJettysOwnErrorsAsJson_whenARequestNeverReachesTheApi() throws Exception {
        LocalApp app = start();

        String unknownWebSocket = rawHandshake(app, "/other");
        String badUri = rawRequest(app, "GET /games/%zz/odds HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        String unknownVersion = rawRequest(app, "GET / HTTP/9.9\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        assertThat(unknownWebSocket).startsWith("HTTP/1.1 404 ");
        assertThat(unknownWebSocket).endsWith("{\"error\":\"not_found\",\"message\":\"WebSocket handler not found\"}");
        assertThat(badUri).startsWith("HTTP/1.1 400 ");
        assertThat(badUri).contains("{\"error\":\"invalid_request\"");
        assertThat(unknownVersion).startsWith("HTTP/1.1 505 ").contains("{\"error\":\"invalid_request\"");
    }

    @Test
    void declinesCompressionAndSetsNoCookie_whenABrowserUpgrades() throws Exception {
        LocalApp app = start();

        String headers = exchange(
                app,
                "GET /ws?client=client-001&secret=" + secret("client-001")
                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n",
                socket -> readHeaders(socket.getInputStream()));

        assertThat(headers).startsWith("HTTP/1.1 101 ");
        assertThat(headers.toLowerCase(java.util.Locale.ROOT))
                .doesNotContain("sec-websocket-extensions")
                .doesNotContain("set-cookie");
    }

    @Test
    void refusesAMalformedUpgradeWithJson_beforeRegisteringAnything() throws Exception {
        LocalApp app = start();

        String noKey = rawRequest(
                app,
                "GET /ws?client=client-001 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Version: 13\r\nConnection: close\r\n\r\n");
        String oldVersion = rawRequest(
                app,
                "GET /ws?client=client-001 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\nConnection: close\r\n\r\n");

        String notAnUpgrade = rawRequest(
                app,
                "GET /ws?client=client-001 HTTP/1.1\r\nHost: 127.0.0.1\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        + "Sec-WebSocket-Version: 13\r\nConnection: close\r\n\r\n");

        String plainGet =
                rawRequest(app, "GET /ws?client=client-001 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        String plainPost = rawRequest(
                app, "POST /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        String plainHead = rawRequest(app, "HEAD /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        String shortKey = rawRequest(
                app,
                "GET /ws?client=client-001 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: abc\r\nSec-WebSocket-Version: 13\r\nConnection: close\r\n\r\n");
        String connectionNamesNoUpgrade = rawRequest(
                app,
                "GET /ws?client=client-001 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nConnection: close\r\n\r\n");

        assertThat(plainGet).startsWith("HTTP/1.1 426 ").containsIgnoringCase("Upgrade: websocket");
        assertThat(plainGet)
                .endsWith("{\"error\":\"invalid_request\",\"message\":\"/ws is the WebSocket endpoint: connect with a"
                        + " WebSocket client\",\"fields\":[{\"field\":\"Upgrade\",\"message\":\"Upgrade must be websocket,"
                        + " was not sent\"}]}");
        assertThat(plainPost)
                .startsWith("HTTP/1.1 405 ")
                .containsIgnoringCase("Allow: GET, HEAD")
                .contains("\"message\":\"a WebSocket upgrade must be a GET, was POST\"");
        assertThat(plainHead).startsWith("HTTP/1.1 426 ").doesNotContain("{\"error\"");
        assertThat(shortKey).startsWith("HTTP/1.1 400 ");
        assertThat(shortKey)
                .contains("{\"field\":\"Sec-WebSocket-Key\",\"message\":\"Sec-WebSocket-Key must be 16 random bytes"
                        + " in base64 (24 characters), was \\\"abc\\\"\"}");
        assertThat(connectionNamesNoUpgrade).startsWith("HTTP/1.1 400 ");
        assertThat(connectionNamesNoUpgrade)
                .contains("{\"field\":\"Connection\",\"message\":\"Connection must name Upgrade when an Upgrade"
                        + " header is sent (Connection: Upgrade)\"}");
        assertThat(notAnUpgrade).startsWith("HTTP/1.1 400 ");
        assertThat(notAnUpgrade).contains("\"field\":\"Upgrade\"");
        assertThat(noKey).startsWith("HTTP/1.1 400 ");
        assertThat(noKey).contains("{\"field\":\"Sec-WebSocket-Key\",\"message\":\"Sec-WebSocket-Key is required\"}");
        assertThat(oldVersion).startsWith("HTTP/1.1 426 ");
        assertThat(oldVersion).containsIgnoringCase("Sec-WebSocket-Version: 13");
        assertThat(oldVersion).contains("\"field\":\"Sec-WebSocket-Version\"");
    }

    @Test
    void refusesASecondApiKey_ratherThanTakingTheFirst_onBothRoutesToTheApi() throws Exception {
        LocalApp app = start();
        String keys = "x-api-key: " + API_KEY + "\r\nx-api-key: not-a-key-of-this-server\r\n";

        // PUT /feeds is taken before Javalin (IngestHandler); GET /games goes through its route.
        String put = rawRequest(
                app,
                "PUT /feeds HTTP/1.1\r\nHost: 127.0.0.1\r\n" + keys
                        + "Content-Type: application/json\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{\"odds\":[]}");
        String get = rawRequest(app, "GET /games HTTP/1.1\r\nHost: 127.0.0.1\r\n" + keys + "Connection: close\r\n\r\n");

        assertThat(put).startsWith("HTTP/1.1 403 ").contains("{\"error\":\"invalid_api_key\"");
        assertThat(get).startsWith("HTTP/1.1 403 ").contains("{\"error\":\"invalid_api_key\"");
    }

    @Test
    void namesTheParameter_whenAQueryValueIsNotValidPercentEncoding() throws Exception {
        LocalApp app = start();

        // By hand: java.net.URI refuses to make such a request.
        String response = rawRequest(
                app,
                "GET /games/" + LAKERS + "/odds?limit=1%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400 ");
        assertThat(response)
                .contains(
                        "{\"field\":\"limit\",\"message\":\"limit must be valid percent-encoding, was \\\"1%zz\\\"\"}");
    }

    @Test
    void answers400_whenTheBodyEndsBeforeItsDeclaredLength() throws Exception {
        LocalApp app = start();

        String response = exchange(
                app,
                "PUT /feeds HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"odds\":",
                socket -> {
                    socket.shutdownOutput(); // the rest of the body never comes
                    return readAll(socket);
                });

        assertThat(response).startsWith("HTTP/1.1 400 ");
        assertThat(response).contains("{\"field\":\"body\",\"message\":\"body ended before its declared length\"}");
    }

    /** The status line and headers of a response whose connection stays open (an accepted upgrade). */
    static String readHeaders(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int next = in.read();
            if (next < 0) {
                break;
            }
            head.append((char) next);
        }
        return head.toString().strip();
    }

    /** A WebSocket upgrade request by hand: the JDK client hides the body of a refused handshake. */
    static String rawHandshake(LocalApp app, String path) throws IOException {
        return rawRequest(
                app,
                "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                        + "Connection: close\r\n\r\n");
    }

    static String rawRequest(LocalApp app, String request) throws IOException {
        return exchange(app, request, RawRequestsTest::readAll);
    }

    /** Reads what the server answers on a socket the test wrote its request to. */
    @FunctionalInterface
    interface Answer {
        String read(Socket socket) throws IOException;
    }

    /** Sends {@code request} exactly as written, then reads the answer as {@code answer} says. */
    static String exchange(LocalApp app, String request, Answer answer) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", app.port()), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return answer.read(socket);
        }
    }

    static String readAll(Socket socket) throws IOException {
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
}
