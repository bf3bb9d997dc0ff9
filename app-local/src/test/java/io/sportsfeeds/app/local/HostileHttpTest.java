package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.api.Reference;
import io.sportsfeeds.core.fakes.Await;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Requests that break HTTP/1.1 framing, and clients that hold a connection by sending slowly, over
 * raw sockets against the real server: each refusal is JSON naming the header, then the connection
 * is closed; a slow head is dropped at its deadline while other clients are served.
 */
class HostileHttpTest extends ServerTestBase {
    /** Well under Jetty's 30 s idle timeout: an answer within it was not the idle timeout's doing. */
    private static final Duration ANSWER_DEADLINE = Duration.ofSeconds(15);

    @Test
    void answers400NamingContentLength_whenContentLengthIsNotANumber() throws Exception {
        LocalApp app = start();

        Answer answer = send(app, head("PUT", "Content-Length: abc") + "{}");

        answer.assertRefusedAndClosed(400);
        assertThat(answer.body())
                .isEqualTo(
                        "{\"error\":\"invalid_request\",\"message\":\"Content-Length must be a whole number of bytes,"
                                + " digits only\",\"fields\":[{\"field\":\"Content-Length\",\"message\":\"Content-Length must be"
                                + " a whole number of bytes, digits only\"}]}");
    }

    @Test
    void answers400NamingContentLength_whenContentLengthIsNegative() throws Exception {
        LocalApp app = start();

        Answer answer = send(app, head("PUT", "Content-Length: -1") + "{}");

        answer.assertRefusedAndClosed(400);
        assertThat(answer.body())
                .contains("{\"field\":\"Content-Length\",\"message\":\"Content-Length must be a whole");
    }

    @Test
    void answers400NamingContentLength_whenContentLengthIsPastTheLargestLong() throws Exception {
        LocalApp app = start();

        Answer answer = send(app, head("PUT", "Content-Length: 99999999999999999999") + "{}");

        answer.assertRefusedAndClosed(400);
        assertThat(answer.body())
                .contains("{\"field\":\"Content-Length\",\"message\":\"Content-Length must be a whole");
    }

    @Test
    void answers400NamingHost_whenAnHttp11RequestHasNone() throws Exception {
        LocalApp app = start();

        Answer answer = send(app, "GET /games HTTP/1.1\r\nx-api-key: " + API_KEY + "\r\n\r\n");

        answer.assertRefusedAndClosed(400);
        assertThat(answer.body()).contains("{\"field\":\"Host\",\"message\":\"Host must be given once,");
    }

    @Test
    void answers400NamingContentLength_whenTwoDifferentContentLengthsAreGiven() throws Exception {
        LocalApp app = start();

        Answer answer = send(app, head("PUT", "Content-Length: 2", "Content-Length: 3") + "{}");

        answer.assertRefusedAndClosed(400);
        assertThat(answer.body())
                .contains("{\"field\":\"Content-Length\",\"message\":\"Content-Length must be given once,"
                        + " was given with different values\"}");
    }

    @Test
    void answers400NamingBothHeaders_whenChunkedComesWithContentLength() throws Exception {
        LocalApp app = start();

        // The request smuggling pair: a proxy in front may frame the body by the other header.
        Answer answer =
                send(app, head("PUT", "Transfer-Encoding: chunked", "Content-Length: 2") + "2\r\n{}\r\n0\r\n\r\n");

        answer.assertRefusedAndClosed(400);
        assertThat(answer.body())
                .contains(
                        "\"fields\":[{\"field\":\"Transfer-Encoding\",\"message\":\"Transfer-Encoding must not be given with Content-Length\"},"
                                + "{\"field\":\"Content-Length\",\"message\":\"Content-Length must not be given with Transfer-Encoding\"}]");
    }

    @Test
    void answers400NamingTransferEncoding_whenTheCodingIsNotChunked() throws Exception {
        LocalApp app = start();

        Answer gzip = send(app, head("PUT", "Transfer-Encoding: gzip") + "{}");
        Answer chunkedNotLast = send(app, head("PUT", "Transfer-Encoding: chunked, gzip") + "{}");

        gzip.assertRefusedAndClosed(400);
        chunkedNotLast.assertRefusedAndClosed(400);
        String named = "{\"field\":\"Transfer-Encoding\",\"message\":\"Transfer-Encoding must be chunked,"
                + " the only transfer coding this server reads, once and last\"}";
        assertThat(gzip.body()).contains(named);
        assertThat(chunkedNotLast.body()).contains(named);
    }

    @Test
    void answers400NamingTransferEncoding_whenAChunkSizeIsNotHexadecimal() throws Exception {
        LocalApp app = start();

        Answer answer = send(app, head("PUT", "Transfer-Encoding: chunked") + "zz\r\n{}\r\n0\r\n\r\n");

        answer.assertRefusedAndClosed(400);
        assertThat(answer.body())
                .contains("{\"field\":\"Transfer-Encoding\",\"message\":\"Transfer-Encoding must frame the body as"
                        + " chunks with hexadecimal sizes ending in a last chunk, was malformed or cut short\"}");
    }

    @Test
    void answersJson_evenWhenTheRefusedRequestAcceptsOnlyHtml() throws Exception {
        LocalApp app = start();

        // Jetty's own error handler answers an empty body when Accept names nothing it makes.
        Answer answer = send(app, head("DELETE", "Accept: text/html", "Content-Length: 1x"));

        answer.assertRefusedAndClosed(400);
        assertThat(answer.body()).contains("\"field\":\"Content-Length\"");
    }

    @Test
    void answers431AsJson_whenTheHeadersAreLargerThanJettysLimit() throws Exception {
        LocalApp app = start();

        Answer answer = send(app, head("PUT", "X-Padding: " + "a".repeat(16 * 1024), "Content-Length: 2") + "{}");

        assertThat(answer.head()).startsWith("HTTP/1.1 431 ");
        assertThat(answer.head().toLowerCase(Locale.ROOT))
                .contains("content-type: application/json")
                .contains("connection: close");
        assertThat(answer.body()).startsWith("{\"error\":\"too_large\",\"message\":\"");
    }

    @Test
    void answers413NamingContentLength_beforeReadingTheBody_whenTheDeclaredLengthIsOverTheLimit() throws Exception {
        LocalApp app = start();

        try (Socket socket = open(app)) {
            // Two bytes of the 99,999,999,999,999 declared; the rest never comes, the socket stays open.
            write(socket, head("PUT", "Content-Type: application/json", "Content-Length: 99999999999999") + "{}");
            CompletableFuture<String> answered = readToEnd(socket);

            Await.until(ANSWER_DEADLINE, answered::isDone, () -> "no answer while the body is still owed");
            Answer answer = new Answer(answered.join());
            assertThat(socket.isOutputShutdown()).isFalse();
            answer.assertRefusedAndClosed(413);
            assertThat(answer.body())
                    .isEqualTo(
                            "{\"error\":\"too_large\",\"message\":\"the request body is larger than " + MAX_BODY_BYTES
                                    + " bytes\",\"fields\":[{\"field\":\"Content-Length\",\"message\":\"Content-Length must be"
                                    + " at most " + MAX_BODY_BYTES + " bytes, was 99999999999999\"}]}");
        }
    }

    @Test
    void closesAConnectionWhoseHeadComesAByteAtATime_atTheDeadline_whileServingOthers() throws Exception {
        LocalApp app = start(settings().headDeadline(Duration.ofSeconds(1)).build());

        try (Socket slow = open(app)) {
            write(slow, "GET /games HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
            CompletableFuture<String> slowAnswer = readToEnd(slow);
            AtomicInteger bytesSent = new AtomicInteger();
            Thread dripping = Thread.ofVirtual().start(() -> drip(slow, bytesSent));
            try {
                // Served while the slow head is still coming in.
                java.net.http.HttpResponse<String> other =
                        Http.call("GET", url(app, "/games"), null, Map.of("x-api-key", API_KEY));
                assertThat(other.statusCode()).isEqualTo(200);

                Await.until(
                        ANSWER_DEADLINE,
                        slowAnswer::isDone,
                        () -> "the slow head is still open after " + bytesSent.get() + " bytes");
                assertThat(slowAnswer.join()).as("dropped without an answer").isEmpty();
                assertThat(bytesSent.get())
                        .as("bytes kept coming, so the idle timeout never ran out")
                        .isPositive();
            } finally {
                dripping.interrupt();
                dripping.join();
            }
        }
    }

    @Test
    void answers408NamingTheBody_whenABodyStopsArrivingForTheIdleTimeout_onBothRoutesToTheApi() throws Exception {
        LocalApp app = start(settings().idleTimeout(Duration.ofMillis(500)).build());
        String started = head("", "Content-Type: application/json", "Content-Length: 100") + "{\"odds\":[";

        // PUT /feeds is taken before Javalin (IngestHandler); POST /feeds goes through its route.
        for (String method : List.of("PUT", "POST")) {
            try (Socket socket = open(app)) {
                write(socket, method + started);
                CompletableFuture<String> answered = readToEnd(socket);

                Await.until(ANSWER_DEADLINE, answered::isDone, () -> method + ": no answer to the stalled body");
                Answer answer = new Answer(answered.join());
                answer.assertRefusedAndClosed(408);
                assertThat(answer.body())
                        .as(method)
                        .isEqualTo(
                                "{\"error\":\"invalid_request\",\"message\":\"the request body stopped arriving:"
                                        + " nothing came for the server's idle timeout\",\"fields\":[{\"field\":\"body\","
                                        + "\"message\":\"body stopped arriving before its end, nothing came for the idle timeout\"}]}");
            }
        }
    }

    @Test
    void keepsAnIdleKeepAliveConnection_pastTheHeadDeadline() throws Exception {
        LocalApp app = start(settings().headDeadline(Duration.ofMillis(200)).build());

        try (Socket socket = open(app)) {
            String request = "GET /games HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: " + API_KEY + "\r\n\r\n";
            write(socket, request);
            assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200 ");
            // Idle between requests for several deadlines: the idle timeout's business, not the deadline's.
            LockSupport.parkNanos(Duration.ofMillis(1_000).toNanos());
            write(socket, request);
            assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void answers400NamingTheField_whenOddsAre10ToThe30_andStoresNothing() throws Exception {
        LocalApp app = start();
        String batch = new String(Reference.bytes("provider-odds-batch.json"), StandardCharsets.UTF_8);
        String huge = batch.replaceFirst("\"homeOdds\": -110", "\"homeOdds\": 1000000000000000000000000000000");
        assertThat(huge).isNotEqualTo(batch);

        java.net.http.HttpResponse<String> refused = Http.call(
                "PUT", url(app, "/feeds"), huge.getBytes(StandardCharsets.UTF_8), Map.of("x-api-key", API_KEY));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
                .contains("{\"field\":\"odds[0].homeOdds\",\"message\":\"odds[0].homeOdds must be a number between"
                        + " -1000000 and 1000000, was 1000000000000000000000000000000\"}");
        assertThat(Http.call("GET", url(app, "/games/" + LAKERS + "/odds"), null, Map.of("x-api-key", API_KEY))
                        .body())
                .doesNotContain("\"homeOdds\"");
    }

    private ServerSettings.Builder settings() {
        return ServerSettings.builder()
                .dataDir(dataDir)
                .maxBodyBytes(MAX_BODY_BYTES)
                .auth(AuthSettings.keys(java.util.List.of(API_KEY), java.util.List.of(API_KEY)));
    }

    /** A byte of a header value every 100 ms (the attack is the pacing), until the server hangs up. */
    private static void drip(Socket socket, AtomicInteger sent) {
        try {
            OutputStream out = socket.getOutputStream();
            while (!Thread.currentThread().isInterrupted()) {
                out.write('a');
                out.flush();
                sent.incrementAndGet();
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
        } catch (IOException closedByTheServer) {
            // what the test waits for; the reader side sees the close too
        }
    }

    private static String head(String method, String... headers) {
        return method + " /feeds HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: " + API_KEY + "\r\n"
                + String.join("\r\n", headers) + "\r\n\r\n";
    }

    private static Socket open(LocalApp app) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", app.port()), 5_000);
        socket.setSoTimeout((int) ANSWER_DEADLINE.multipliedBy(2).toMillis());
        return socket;
    }

    private static void write(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Everything the server sends until it closes the connection, read on another thread. */
    private static CompletableFuture<String> readToEnd(Socket socket) {
        CompletableFuture<String> all = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                all.complete(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                // a reset after the answer counts as closed; what came before it is lost to the JDK
                all.complete("");
            }
        });
        return all;
    }

    /** Sends {@code request} and reads until the server closes the connection (or the socket times out). */
    private static Answer send(LocalApp app, String request) throws IOException {
        try (Socket socket = open(app)) {
            write(socket, request);
            return new Answer(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** One response with a Content-Length body, leaving the connection open. */
    private static String readResponse(InputStream in) throws IOException {
        String head = RawRequestsTest.readHeaders(in);
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(
                        line.substring("content-length:".length()).strip());
            }
        }
        return head + "\r\n\r\n" + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    /** A whole response read to the end of the connection: reaching the end proves it was closed. */
    private record Answer(String raw) {
        String head() {
            int end = raw.indexOf("\r\n\r\n");
            return end < 0 ? raw : raw.substring(0, end);
        }

        String body() {
            int end = raw.indexOf("\r\n\r\n");
            return end < 0 ? "" : raw.substring(end + 4);
        }

        void assertRefusedAndClosed(int status) {
            assertThat(head()).startsWith("HTTP/1.1 " + status + " ");
            assertThat(head().toLowerCase(Locale.ROOT))
                    .contains("content-type: application/json")
                    .contains("connection: close");
            assertThat(body())
                    .startsWith("{\"error\":\"")
                    .contains("\"message\":\"")
                    .contains("\"fields\":[{\"field\":\"");
        }
    }
}
