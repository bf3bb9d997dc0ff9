package io.sportsfeeds.app.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Subscribers against a server that answers upgrades 429 (Too Many Requests), as API Gateway does
 * past its rate of new connections: each is tried again after a pause; any other refusal stops it.
 */
class ThrottledUpgradeTest {
    private static final String TOO_MANY = "HTTP/1.1 429 Too Many Requests\r\nContent-Length: 0\r\n\r\n";
    private static final String FORBIDDEN = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n";

    private final ExecutorService server = Executors.newVirtualThreadPerTaskExecutor();
    private final WebSocketSwarm swarm = new WebSocketSwarm(1);
    private final List<String> answered = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        swarm.close();
        server.shutdownNow();
    }

    /**
     * Answers the upgrade requests with {@code refusals} in turn, then with 101, after which it
     * answers the subscriber's ping with a pong.
     */
    private URI serve(List<String> refusals) throws IOException {
        ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        server.submit(() -> {
            try (listener) {
                for (String refusal : refusals) {
                    try (Socket socket = listener.accept()) {
                        UpgradeRequests.readHead(socket.getInputStream());
                        // Noted before it is sent: the client may act on it before this thread goes on.
                        answered.add(refusal.substring(9, 12));
                        socket.getOutputStream().write(refusal.getBytes(StandardCharsets.US_ASCII));
                    }
                }
                try (Socket socket = listener.accept()) {
                    InputStream in = socket.getInputStream();
                    OutputStream out = socket.getOutputStream();
                    UpgradeRequests.readHead(in);
                    answered.add("101");
                    out.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));

                    in.read(); // the ping's first byte
                    byte[] pong = "{\"kind\":\"pong\"}".getBytes(StandardCharsets.US_ASCII);
                    out.write(0x81);
                    out.write(pong.length);
                    out.write(pong);
                    out.flush();
                    while (in.read() >= 0) {
                        // the rest of the ping, then nothing until the subscriber closes
                    }
                }
            }
            return null;
        });
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    private final Tally tally = new Tally();

    private List<SwarmConnection> openOne(URI url) throws IOException, InterruptedException {
        SportsfeedsTarget target = new SportsfeedsTarget(
                url,
                URI.create(url.toString().replace("http:", "ws:") + "/ws?client=client-001"),
                null,
                null,
                Clock.systemUTC(),
                OptionalLong.empty());
        return PushBench.openAll(target, swarm, List.of(new Subscriber(0, 1, tally, new Ledger(), "t")), "t");
    }

    @Test
    void triesAgainAfterAPause_whileTheUpgradeIsAnsweredTooManyRequests() throws Exception {
        URI url = serve(List.of(TOO_MANY, TOO_MANY));
        long started = System.nanoTime();

        List<SwarmConnection> open = openOne(url);

        assertThat(open).hasSize(1);
        assertThat(answered).containsExactly("429", "429", "101");
        assertThat(tally.upgradesThrottled.sum()).isEqualTo(2);
        assertThat(tally.subscribersClosed.sum())
                .as("a refused upgrade is no closed subscriber")
                .isZero();
        // Two pauses: 200 ms, then 400.
        assertThat((System.nanoTime() - started) / 1_000_000)
                .isGreaterThanOrEqualTo(3 * PushBench.FIRST_THROTTLED_PAUSE.toMillis());
        open.forEach(SwarmConnection::close);
    }

    @Test
    void stopsAtOnce_whenTheUpgradeIsRefusedForAnotherReason() throws Exception {
        URI url = serve(List.of(FORBIDDEN));

        assertThatThrownBy(() -> openOne(url))
                .hasMessage("subscriber 0 could not connect: the upgrade was answered HTTP/1.1 403 Forbidden");
        assertThat(answered).containsExactly("403");
    }
}
