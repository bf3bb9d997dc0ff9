package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sportsfeeds.core.fakes.Await;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The streaming protocol end to end: real server, real WebSocket clients, real ingest over HTTP. */
class StreamingProtocolTest extends ServerTestBase {
    private static final AtomicLong DATES = new AtomicLong(1_764_617_400L);
    private static final String PADDING = "x".repeat(1_000);

    @Test
    void answersASubscribeWithASnapshot_thenSendsOnlyTheSubscribedGamesAndMarkets() throws Exception {
        LocalApp app = start();
        put(app, odds(LAKERS, "spread", -110), odds(LAKERS, "total", 1.9), odds(ARSENAL, "moneyline", 150));
        WsClient analyst = connect(app, "client-001");

        analyst.send("{\"action\":\"subscribe\",\"games\":[\"" + LAKERS + "\"],\"markets\":[\"spread\"]}");
        JsonNode snapshot = Http.json(analyst.nextFrame());
        JsonNode subscribed = Http.json(analyst.nextFrame());
        put(app, odds(ARSENAL, "moneyline", 155), odds(LAKERS, "total", 2.0), odds(LAKERS, "spread", -115));

        assertThat(snapshot.path("kind").asText()).isEqualTo("snapshot");
        assertThat(snapshot.path("gameId").asText()).isEqualTo(LAKERS);
        assertThat(snapshot.path("odds").findValuesAsText("market")).containsExactly("spread");
        assertThat(snapshot.path("recovered").asBoolean()).isTrue();
        assertThat(subscribed.path("kind").asText()).isEqualTo("subscribed");
        assertThat(subscribed.path("games").get(0).path("start").asText()).isEqualTo("snapshot");
        JsonNode live = Http.json(analyst.nextFrame());
        assertThat(live.path("gameId").asText()).isEqualTo(LAKERS);
        assertThat(live.path("market").asText()).isEqualTo("spread");
        assertThat(live.path("homeOdds").asDouble()).isEqualTo(-115);
        assertThat(live.path("seq").asLong()).isGreaterThan(snapshot.path("seq").asLong());
        assertThat(nextOdds(analyst, Duration.ofMillis(300)))
                .as("nothing of other games or markets")
                .isNull();
    }

    @Test
    void resumesAcrossARestart_withExactlyTheUpdatesMissed_thenLiveOnes() throws Exception {
        LocalApp first = start();
        WsClient analyst = connect(first, "client-001");
        analyst.send("{\"action\":\"subscribe\",\"games\":[\"" + LAKERS + "\"]}");
        analyst.nextFrame(); // the snapshot (empty: nothing stored yet)
        String epoch = Http.json(analyst.nextFrame()).path("epoch").asText();
        put(first, odds(LAKERS, "spread", -110), odds(LAKERS, "spread", -111));
        long lastSeen = Http.json(analyst.nextFrame()).path("seq").asLong();
        assertThat(Http.json(analyst.nextFrame()).path("seq").asLong()).isEqualTo(lastSeen + 1);
        lastSeen++;
        first.close();

        LocalApp second = start();
        put(second, odds(LAKERS, "spread", -112), odds(LAKERS, "total", 1.95), odds(LAKERS, "spread", -113));
        WsClient back = connect(second, "client-001");
        back.send("{\"action\":\"subscribe\",\"games\":[\"" + LAKERS + "\"],\"resume\":{\"epoch\":\"" + epoch
                + "\",\"seqs\":{\"" + LAKERS + "\":" + lastSeen + "}}}");

        List<Long> replayed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            replayed.add(Http.json(back.nextFrame()).path("seq").asLong());
        }
        JsonNode subscribed = Http.json(back.nextFrame());
        put(second, odds(LAKERS, "spread", -114));

        assertThat(replayed).containsExactly(lastSeen + 1, lastSeen + 2, lastSeen + 3);
        assertThat(subscribed.path("games").get(0).path("start").asText()).isEqualTo("resumed");
        assertThat(subscribed.path("games").get(0).path("seq").asLong()).isEqualTo(lastSeen + 3);
        assertThat(Http.json(back.nextFrame()).path("seq").asLong()).isEqualTo(lastSeen + 4);
        assertThat(nextOdds(back, Duration.ofMillis(300))).as("no duplicate").isNull();
    }

    @Test
    void sendsASnapshotMarkedNotRecovered_whenTheClientResumesFromAnotherStoresEpoch() throws Exception {
        LocalApp app = start();
        put(app, odds(LAKERS, "spread", -110));
        WsClient analyst = connect(app, "client-001");

        analyst.send("{\"action\":\"subscribe\",\"games\":[\"" + LAKERS
                + "\"],\"resume\":{\"epoch\":\"a-reset-store\",\"seqs\":{\"" + LAKERS + "\":40}}}");

        JsonNode snapshot = Http.json(analyst.nextFrame());
        assertThat(snapshot.path("kind").asText()).isEqualTo("snapshot");
        assertThat(snapshot.path("recovered").asBoolean()).isFalse();
        assertThat(Http.json(analyst.nextFrame())
                        .path("games")
                        .get(0)
                        .path("start")
                        .asText())
                .isEqualTo("not_recovered");
    }

    @Test
    void sendsHeartbeatsWithTheEpoch_andTellsSubscribersWhenAGameGoesQuiet() throws Exception {
        LocalApp app = start(ServerSettings.builder()
                .dataDir(dataDir)
                .maxBodyBytes(MAX_BODY_BYTES)
                .heartbeat(Duration.ofMillis(200))
                .staleAfter(Duration.ofMillis(400))
                .auth(AuthSettings.keys(List.of(API_KEY), List.of(API_KEY)))
                .build());
        WsClient analyst = connect(app, "client-001");
        analyst.send("{\"action\":\"subscribe\",\"games\":[\"" + LAKERS + "\"]}");
        String epoch = nextOfKind(analyst, "subscribed").path("epoch").asText();

        put(app, odds(LAKERS, "spread", -110));

        List<String> kinds = new ArrayList<>();
        JsonNode stale = null;
        JsonNode heartbeat = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while ((stale == null || heartbeat == null) && System.nanoTime() < deadline) {
            JsonNode frame = Http.json(analyst.nextFrame());
            kinds.add(frame.path("kind").asText());
            if (frame.path("kind").asText().equals("stale")) {
                stale = frame;
            } else if (frame.path("kind").asText().equals("heartbeat")) {
                heartbeat = frame;
            }
        }

        assertThat(kinds).contains("odds");
        assertThat(kinds.indexOf("stale"))
                .as("the stale notice follows the game's last update")
                .isGreaterThan(kinds.indexOf("odds"));
        assertThat(heartbeat).as("a heartbeat among %s", kinds).isNotNull();
        assertThat(heartbeat.path("epoch").asText()).isEqualTo(epoch);
        assertThat(stale).as("a stale notice among %s", kinds).isNotNull();
        assertThat(stale.path("gameId").asText()).isEqualTo(LAKERS);
        assertThat(stale.path("quietForMs").asLong()).isGreaterThanOrEqualTo(400);
    }

    @Test
    void keepsDeliveringToOthers_whileAClientNeverReads_andClosesTheStuckOneAsASlowConsumer() throws Exception {
        LocalApp app = start();
        WsClient reader = connect(app, "client-001");
        try (Socket neverReads = openWithoutReading(app)) {
            Await.until(
                    Duration.ofSeconds(10),
                    () -> app.openConnections() == 2,
                    () -> app.openConnections() + " connections");

            int batches = 120;
            int perBatch = 50;
            long started = System.nanoTime();
            for (int b = 0; b < batches; b++) {
                List<String> updates = new ArrayList<>();
                for (int i = 0; i < perBatch; i++) {
                    // Distinct markets: nothing to conflate, so the stuck connection's queue fills; 1 KB
                    // frames, so 6,000 of them overflow it even once the kernel's socket buffers are full.
                    updates.add(odds(LAKERS, "m" + (b * perBatch + i), -100 - i)
                            .replace("}", ",\"summary\":\"" + PADDING + "\"}"));
                }
                put(app, updates.toArray(String[]::new));
            }
            int received = 0;
            while (received < batches * perBatch) {
                reader.nextFrame();
                received++;
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(took)
                    .as("the reading client got every update without waiting on the stuck one")
                    // Under the 30 s after which a stuck write is closed, the only other thing that
                    // would let a delivery held behind the stuck connection go on.
                    .isLessThan(Duration.ofSeconds(28));
            Await.until(
                    Duration.ofSeconds(20),
                    () -> app.openConnections() == 1,
                    () -> app.openConnections() + " connections");
            assertThat(MetricsTest.scrape(app)).contains("sportsfeeds_websocket_slow_consumers_total 1.0");
        }
    }

    /** A WebSocket client that completes the handshake and then never reads a byte. */
    private Socket openWithoutReading(LocalApp app) throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", app.port()), 5_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /ws?client=client-003&secret=" + secret("client-003")
                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                throw new AssertionError("the server closed the upgrade: " + head);
            }
            head.append((char) next);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
        return socket;
    }

    private static String odds(String game, String market, double homeOdds) {
        return "{\"gameId\":\"" + game + "\",\"type\":\"" + market + "\",\"home\":3,\"away\":-3,\"homeOdds\":"
                + homeOdds + ",\"awayOdds\":-110,\"date\":" + DATES.incrementAndGet() + "}";
    }

    private static void put(LocalApp app, String... updates) {
        StringJoiner body = new StringJoiner(",", "{\"odds\":[", "]}");
        for (String update : updates) {
            body.add(update);
        }
        var response = Http.call("PUT", url(app, "/feeds"), body.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    /** The next frame of a kind, skipping others (heartbeats come at any time). */
    private static JsonNode nextOfKind(WsClient client, String kind) throws InterruptedException {
        while (true) {
            JsonNode frame = Http.json(client.nextFrame());
            if (frame.path("kind").asText().equals(kind)) {
                return frame;
            }
        }
    }

    /** The next odds frame within {@code wait}, skipping heartbeats; null when none came. */
    private static JsonNode nextOdds(WsClient client, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            String frame = client.poll(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (frame == null) {
                return null;
            }
            JsonNode node = Http.json(frame);
            if (node.path("kind").asText().equals("odds")) {
                return node;
            }
        }
        return null;
    }
}
