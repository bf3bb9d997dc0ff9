package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.api.Reference;
import io.sportsfeeds.core.usecase.ManageConnections;
import io.sportsfeeds.core.usecase.ManageSubscriptions;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The limits that keep one caller from taking the server, each over the real server: the batch of
 * a request, the games of a connection, the connections of a client. (The body size: {@code
 * LocalServerTest}, {@code HostileHttpTest}.)
 */
class LimitsTest extends ServerTestBase {
    @Test
    void answers413NamingTheBatch_whenItHoldsMoreUpdatesThanMaxBatch() {
        LocalApp app = start(ServerSettings.builder()
                .dataDir(dataDir)
                .maxBodyBytes(MAX_BODY_BYTES)
                .maxBatch(1)
                .auth(AuthSettings.keys(List.of(API_KEY), List.of(API_KEY)))
                .build());

        HttpResponse<String> refused = Http.call(
                "PUT", url(app, "/feeds"), Reference.bytes("provider-odds-batch.json"), Map.of("x-api-key", API_KEY));

        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.body()).startsWith("{\"error\":\"too_large\"").contains("{\"field\":\"odds\",");
    }

    @Test
    void answersTooLarge_whenOneConnectionSubscribesToMoreThan500Games() throws Exception {
        LocalApp app = start();
        WsClient analyst = connect(app, "client-001");
        String games = IntStream.rangeClosed(0, ManageSubscriptions.MAX_GAMES)
                .mapToObj(i -> "\"game-" + i + "\"")
                .collect(Collectors.joining(","));

        analyst.send("{\"action\":\"subscribe\",\"games\":[" + games + "]}");

        assertThat(analyst.nextFrame())
                .startsWith("{\"kind\":\"error\",\"code\":\"too_large\"")
                .contains("games must be at most 500 items, was 501");
    }

    @Test
    void answers429_whenAClientOpensOneConnectionMoreThanItsLimit() throws Exception {
        LocalApp app = start();
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < ManageConnections.MAX_CONNECTIONS_PER_CLIENT; i++) {
                Socket socket = new Socket();
                open.add(socket);
                socket.connect(new InetSocketAddress("127.0.0.1", app.port()), 5_000);
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(handshake(secret("client-001")).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(RawRequestsTest.readHeaders(socket.getInputStream()))
                        .as("connection " + (i + 1))
                        .startsWith("HTTP/1.1 101 ");
            }

            String refused = RawRequestsTest.rawHandshake(app, "/ws?client=client-001&secret=" + secret("client-001"));

            assertThat(refused).startsWith("HTTP/1.1 429 ");
            assertThat(refused).contains("{\"error\":\"too_many_connections\"");
        } finally {
            for (Socket socket : open) {
                socket.close();
            }
        }
    }

    private static String handshake(String secret) {
        return "GET /ws?client=client-001&secret=" + secret + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    }
}
