package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sportsfeeds.api.Reference;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No key or secret ever reaches the output of {@code serve} or a file it writes, through a whole
 * run with authentication on: first start, ingest, admin calls, WebSocket and REST reads with right
 * and wrong credentials, malformed requests, a graceful stop.
 *
 * <p>The one documented exception: the first start prints the keys and secrets it made, once, on the
 * console, as a block from "Made on this first start" to "Lost one?" (README, "Authentication"). The
 * test cuts exactly that block out (after checking it holds each made value where it should, and
 * appears once) and searches the rest for every value, and for the SHA-256 hex of each (the form in
 * which the data directory keeps the keys). Every file of the data directory (the store, its write-ahead
 * log and RocksDB's own {@code LOG}) is searched for the values in clear, and all but the key file for
 * their SHA-256 too.
 */
class SecretsInLogsProcessTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String NOTICE_FIRST = "Made on this first start";
    private static final String NOTICE_LAST = "Lost one?";

    @TempDir
    Path tempDir;

    @Test
    void showsNoKeyOrSecretInItsOutputOrFiles_butTheFirstStartNoticeOnce() throws Exception {
        Path dataDir = tempDir.resolve("data");
        Path log = tempDir.resolve("serve.log");
        Map<String, String> values = new LinkedHashMap<>();
        try (ServerProcess server = ServerProcess.start(dataDir, log, DEADLINE)) {
            String started = Files.readString(log, StandardCharsets.UTF_8);
            String provider = FirstStartProcessTest.made(started, "provider key  (sfk_\\S+)");
            String admin = FirstStartProcessTest.made(started, "admin key     (sfa_\\S+)");
            String secret1 = FirstStartProcessTest.made(started, "client-001 secret  (sfs_\\S+)");
            values.put("provider key", provider);
            values.put("admin key", admin);
            values.put("client-001 secret", secret1);
            values.put("client-002 secret", FirstStartProcessTest.made(started, "client-002 secret  (sfs_\\S+)"));
            values.put("client-003 secret", FirstStartProcessTest.made(started, "client-003 secret  (sfs_\\S+)"));

            // Ingest with the provider key.
            assertThat(call(server, "PUT", "/feeds", Reference.bytes("provider-odds-batch.json"), provider)
                            .statusCode())
                    .isEqualTo(200);

            // An admin registers a client without a secret (the server makes one) and one with a chosen secret.
            String chosen = "chosen-secret-of-desk-y-0001";
            values.put("chosen secret", chosen);
            HttpResponse<String> registered = call(
                    server,
                    "PUT",
                    "/clients",
                    ("{\"clients\":[{\"clientId\":\"client-777\",\"name\":\"Desk Z\",\"active\":true},"
                                    + "{\"clientId\":\"client-778\",\"name\":\"Desk Y\",\"active\":true,\"secret\":\""
                                    + chosen + "\"}]}")
                            .getBytes(StandardCharsets.UTF_8),
                    admin);
            assertThat(registered.statusCode()).isEqualTo(200);
            String made = Http.json(registered.body())
                    .path("secrets")
                    .path("client-777")
                    .asText();
            assertThat(made).startsWith("sfs_");
            values.put("server-made secret", made);
            assertThat(call(server, "GET", "/clients", null, admin).body()).doesNotContain(made);

            // WebSockets with the right secrets, and with wrong ones.
            for (Map.Entry<String, String> right : Map.of(
                            "client-001", secret1, "client-777", made, "client-778", chosen)
                    .entrySet()) {
                try (WsClient analyst = WsClient.connect(server.webSocketUrl(right.getKey(), right.getValue()))) {
                    analyst.send("{\"action\":\"ping\"}");
                    assertThat(analyst.nextFrame()).isEqualTo("{\"kind\":\"pong\"}");
                }
            }
            List<String> wrongs = List.of(
                    "sfs_wrong-secret-of-this-test-01",
                    "sfs_wrong-secret-of-this-test-02",
                    "sfk_wrong-key-of-this-test-00001",
                    "sfa_wrong-key-of-this-test-00001");
            for (int i = 0; i < wrongs.size(); i++) {
                values.put("wrong value " + i, wrongs.get(i));
            }
            assertThat(handshakeRefused(server.webSocketUrl("client-001", wrongs.get(0))))
                    .isTrue();
            // Another client's secret is wrong too.
            assertThat(handshakeRefused(server.webSocketUrl("client-777", secret1)))
                    .isTrue();

            // REST reads as a client, right and wrong; wrong keys.
            assertThat(Http.call(
                                    "GET",
                                    server.url("/games"),
                                    null,
                                    Map.of("x-client-id", "client-777", "x-client-secret", made))
                            .statusCode())
                    .isEqualTo(200);
            assertThat(Http.call(
                                    "GET",
                                    server.url("/games"),
                                    null,
                                    Map.of("x-client-id", "client-777", "x-client-secret", wrongs.get(1)))
                            .statusCode())
                    .isEqualTo(403);
            assertThat(call(server, "PUT", "/feeds", Reference.bytes("provider-odds-batch.json"), wrongs.get(2))
                            .statusCode())
                    .isEqualTo(403);
            assertThat(call(server, "GET", "/clients", null, wrongs.get(3)).statusCode())
                    .isEqualTo(403);
            assertThat(call(server, "GET", "/clients", null, provider).statusCode())
                    .as("a provider key is no admin key")
                    .isEqualTo(403);

            // Bad requests carrying good credentials.
            assertThat(call(server, "PUT", "/feeds", "{\"odds\":[{".getBytes(StandardCharsets.UTF_8), provider)
                            .statusCode())
                    .isEqualTo(400);
            assertThat(call(
                                    server,
                                    "PUT",
                                    "/clients",
                                    "{\"clients\":[{\"clientId\":\"\",\"secret\":\"x\"}]}"
                                            .getBytes(StandardCharsets.UTF_8),
                                    admin)
                            .statusCode())
                    .isEqualTo(400);
            String malformed = raw(
                    server,
                    "PUT /feeds HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: " + provider
                            + "\r\nContent-Length: abc\r\n\r\n");
            assertThat(malformed).startsWith("HTTP/1.1 400 ");
            String badUri = raw(
                    server,
                    "GET /ws?client=client-001&secret=" + secret1 + "%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                            + "Sec-WebSocket-Version: 13\r\nConnection: close\r\n\r\n");
            assertThat(badUri).startsWith("HTTP/1.1 400 ");

            assertThat(server.stop()).as("exit status after SIGTERM").isEqualTo(143);
        }

        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(output).as("the graceful stop ran").contains("stopped");
        String notice = noticeIn(output);
        assertThat(notice)
                .contains("provider key  " + values.get("provider key"))
                .contains("admin key     " + values.get("admin key"))
                .contains("client-001 secret  " + values.get("client-001 secret"))
                .contains("client-002 secret  " + values.get("client-002 secret"))
                .contains("client-003 secret  " + values.get("client-003 secret"));
        String outsideNotice = output.replace(notice, "");

        List<Path> dataFiles;
        try (Stream<Path> files = Files.walk(dataDir)) {
            dataFiles = files.filter(Files::isRegularFile).toList();
        }
        assertThat(dataFiles).as("the data directory was written").isNotEmpty();
        String keyFile = Files.readString(dataDir.resolve(LocalKeys.FILE_NAME), StandardCharsets.ISO_8859_1);
        assertThat(keyFile)
                .as("the key file keeps the hex SHA-256, so searching for that form means something")
                .contains(sha256Hex(values.get("provider key")))
                .contains(sha256Hex(values.get("admin key")));

        List<String> found = new ArrayList<>();
        for (Map.Entry<String, String> value : values.entrySet()) {
            String hash = sha256Hex(value.getValue());
            if (outsideNotice.contains(value.getValue()) || outsideNotice.contains(hash)) {
                found.add(value.getKey() + " in the output outside the first-start notice");
            }
            for (Path file : dataFiles) {
                // Bytes as Latin-1: every byte a char, so an ASCII value is found wherever it is stored in clear.
                String text = Files.readString(file, StandardCharsets.ISO_8859_1);
                if (text.contains(value.getValue())) {
                    found.add(value.getKey() + " in clear in " + dataDir.relativize(file));
                }
                if (!file.getFileName().toString().equals(LocalKeys.FILE_NAME) && text.contains(hash)) {
                    found.add(value.getKey() + "'s SHA-256 in " + dataDir.relativize(file));
                }
            }
        }
        assertThat(found).as("the output was:\n" + output).isEmpty();
    }

    /** The first-start block, from its first line to its last, checked to appear exactly once. */
    private static String noticeIn(String output) {
        int first = output.indexOf(NOTICE_FIRST);
        assertThat(first).as("the first start printed its notice").isNotNegative();
        assertThat(output.indexOf(NOTICE_FIRST, first + 1)).as("printed once").isNegative();
        int lastLine = output.indexOf(NOTICE_LAST, first);
        assertThat(lastLine).isPositive();
        return output.substring(first, output.indexOf('\n', lastLine) + 1);
    }

    private static HttpResponse<String> call(
            ServerProcess server, String method, String path, byte[] body, String key) {
        return Http.call(method, server.url(path), body, Map.of("x-api-key", key));
    }

    private static boolean handshakeRefused(java.net.URI uri) {
        Throwable refused = catchThrowable(() -> WsClient.connect(uri).close());
        return refused != null;
    }

    private static String raw(ServerProcess server, String request) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(
                    new InetSocketAddress(
                            server.url("/").getHost(), server.url("/").getPort()),
                    5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String sha256Hex(String value) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
