package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sportsfeeds.app.local.bench.SelfSignedCertificate;
import io.sportsfeeds.app.local.bench.TlsTerminator;
import io.sportsfeeds.core.fakes.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench system} against a real server on a free port, for a few seconds with a few
 * subscribers: it must count every update received, once and in order, and write its JSON and
 * HTML. Timing is asserted only loosely (a loaded build machine is slow, not wrong).
 */
class BenchSystemCommandTest extends ServerTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A few seconds: 2 publishers x batches of 10 at 200 updates/s, 3 subscribers, 4 games. */
    private static final List<String> SHORT_WORKLOAD = List.of(
            "--subscribers",
            "3",
            "--publishers",
            "2",
            "--games",
            "4",
            "--batch",
            "10",
            "--rate",
            "200",
            "--warmup",
            "1",
            "--duration",
            "2",
            "--drain",
            "10");

    /** {@code bench system} with {@code options} and the short workload. */
    private static CommandLineTest.Run shortRun(String... options) {
        List<String> args = new ArrayList<>(List.of("bench", "system"));
        args.addAll(List.of(options));
        args.addAll(SHORT_WORKLOAD);
        return CommandLineTest.run(args.toArray(String[]::new));
    }

    @Test
    void countsEveryUpdateReceivedInOrderAndWritesJsonAndHtml_whenRunAgainstARealServer() throws IOException {
        LocalApp app = start();
        Path json = dataDir.resolveSibling(dataDir.getFileName() + "-result.json");
        Path html = dataDir.resolveSibling(dataDir.getFileName() + "-plot.html");

        CommandLineTest.Run run = shortRun(
                "--url",
                app.httpUrl().toString(),
                "--api-key",
                API_KEY,
                "--client-secret",
                secret("client-001"),
                "--json",
                json.toString(),
                "--html",
                html.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out())
                .contains(
                        "2 publishers x batches of 10, 200 updates/s, 3 subscribers, 4 games, warmup 1 s, measured 2 s")
                .containsPattern("(?m)^ +1s warmup +acked")
                .containsPattern("(?m)^ +2s measured")
                .contains(
                        "0 seqs missing (0 of them superseded, before a frame marked conflated) in 0 pairs, 0 frames not after"
                                + " the last seq, 0 repeated updates")
                .contains("0 updates not acknowledged; 0 subscribers closed")
                .contains("every acknowledged update reached every subscriber once, in order")
                .contains("(below one core)")
                // The server's own figures of the window, from two scrapes of its /metrics.
                .containsPattern("server's /metrics +[1-9][\\d,]* group commits, [\\d.]+ updates each");
        JsonNode result = JSON.readTree(json.toFile()).path("runs").path(0);
        long acknowledged = result.path("acknowledgedInAll").asLong();
        // 200 updates/s for 3 s in batches of 10: about 600, all acknowledged and received 3 times.
        assertThat(acknowledged).isBetween(400L, 620L);
        assertThat(result.path("expectedDeliveries").asLong()).isEqualTo(3 * acknowledged);
        assertThat(result.path("notReceived").asLong()).isZero();
        assertThat(result.path("gaps").asLong()).isZero();
        assertThat(result.path("repeats").asLong()).isZero();
        assertThat(result.path("publishErrors").asLong()).isZero();
        assertThat(result.path("deliveredInWindow").asLong()).isPositive();
        JsonNode latency = result.path("fromPublish");
        assertThat(latency.path("count").asLong())
                .isEqualTo(result.path("deliveredInWindow").asLong());
        assertThat(latency.path("p50").asDouble())
                .isPositive()
                .isLessThanOrEqualTo(latency.path("p99").asDouble());
        assertThat(latency.path("max").asDouble()).as("publish to receipt, ms").isLessThan(5_000);
        assertThat(result.path("timeline").size()).isGreaterThanOrEqualTo(3);
        // The in-process server is this JVM, found by its listening port.
        assertThat(result.path("serverRssKib").asLong()).isPositive();
        assertThat(Files.readString(html))
                .startsWith("<!DOCTYPE html>")
                .contains("<svg", "<polyline", "delivered messages/s", "p99", "</html>")
                .doesNotContain("<script", "http://cdn", "https://");
    }

    @Test
    void spreadsTheSubscribersOverClientsOfItsOwn_whenGivenAnAdminKeyAndMoreSubscribersThanOneClientMayHold() {
        LocalApp app = start();

        // 250 connections: more than the 200 a client may hold.
        CommandLineTest.Run run = CommandLineTest.run(
                "bench",
                "system",
                "--url",
                app.httpUrl().toString(),
                "--api-key",
                API_KEY,
                "--admin-key",
                API_KEY,
                "--client-secret",
                secret("client-001"),
                "--subscribers",
                "250",
                "--rate",
                "100",
                "--warmup",
                "0",
                "--duration",
                "1",
                "--drain",
                "10");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out())
                .contains("clients of the bench's own")
                .contains("0 updates not acknowledged; 0 subscribers closed")
                .contains("every acknowledged update reached every subscriber once, in order");
    }

    @Test
    void reportsRssPerIdleConnection_whenAskedForIdleConnections() {
        LocalApp app = start();

        CommandLineTest.Run run = CommandLineTest.run(
                "bench",
                "system",
                "--url",
                app.httpUrl().toString(),
                "--client-secret",
                secret("client-001"),
                "--idle-connections",
                "20");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out())
                .containsPattern("20 idle connections: RSS [\\d,]+ -> [\\d,]+ KiB, -?[\\d.]+ KiB per connection");
        // The bench closed them; the server learns of it asynchronously.
        Await.until(
                Duration.ofSeconds(10),
                () -> app.openConnections() == 0,
                () -> app.openConnections() + " connections open");
    }

    @Test
    void stopsWithTheReason_whenTheClientIsRefused() {
        LocalApp app = start();

        CommandLineTest.Run run = CommandLineTest.run(
                "bench",
                "system",
                "--url",
                app.httpUrl().toString(),
                "--api-key",
                API_KEY,
                "--client",
                "client-002",
                "--client-secret",
                secret("client-002"),
                "--subscribers",
                "1",
                "--duration",
                "1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .startsWith("the bench stopped: subscriber 0 could not connect: the upgrade was answered HTTP/1.1 403");
    }

    @Test
    void measuresOverHttpsAndWss_whenTheServerIsBehindTls(@TempDir Path tlsDir) throws Exception {
        LocalApp app = start();
        SelfSignedCertificate certificate = SelfSignedCertificate.make(tlsDir, "ip:127.0.0.1");
        try (TlsTerminator tls =
                new TlsTerminator(certificate.serverContext(), app.httpUrl().getPort())) {
            CommandLineTest.Run run = shortRun(
                    "--url",
                    "https://127.0.0.1:" + tls.port(),
                    "--cacert",
                    certificate.pem().toString(),
                    "--api-key",
                    API_KEY,
                    "--client-secret",
                    secret("client-001"));

            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(run.out())
                    // The subscribers' URL derived from the https one, and the server's metrics read through TLS too.
                    .contains("wss://127.0.0.1:" + tls.port() + "/ws?client=client-001&secret=...")
                    .contains("every acknowledged update reached every subscriber once, in order")
                    .containsPattern("server's /metrics +[1-9][\\d,]* group commits");
        }
    }

    @Test
    void stopsSayingWhy_whenTheServersCertificateIsNotTrusted(@TempDir Path tlsDir) throws Exception {
        LocalApp app = start();
        SelfSignedCertificate certificate = SelfSignedCertificate.make(tlsDir, "ip:127.0.0.1");
        try (TlsTerminator tls =
                new TlsTerminator(certificate.serverContext(), app.httpUrl().getPort())) {
            CommandLineTest.Run run = CommandLineTest.run(
                    "bench",
                    "system",
                    "--url",
                    "https://127.0.0.1:" + tls.port(),
                    "--api-key",
                    API_KEY,
                    "--client-secret",
                    secret("client-001"),
                    "--subscribers",
                    "1",
                    "--duration",
                    "1");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err())
                    .startsWith("the bench stopped: subscriber 0 could not connect: TLS failed: ")
                    .contains("certification path");
        }
    }

    @Test
    void refusesToRun_whenTheSubscribersUrlIsNotAWebSocketOne() {
        CommandLineTest.Run run =
                CommandLineTest.run("bench", "system", "--ws-url", "https://feeds.example.com/ws?client=client-001");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("the subscribers' URL must be ws:// or wss:// with a host, was"
                        + " https://feeds.example.com/ws?client=client-001");
    }

    @Test
    void refusesToRun_whenTheCaCertFileHoldsNoCertificate(@TempDir Path dir) throws IOException {
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");

        CommandLineTest.Run run = CommandLineTest.run("bench", "system", "--cacert", notPem.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("--cacert: ").contains(notPem.toString());
    }

    @Test
    void refusesToRun_whenThereAreFewerGamesThanPublishers() {
        CommandLineTest.Run run = CommandLineTest.run("bench", "system", "--publishers", "4", "--games", "3");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("--games must be at least --publishers (4), was 3");
    }
}
