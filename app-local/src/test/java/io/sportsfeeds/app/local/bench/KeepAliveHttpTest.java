package io.sportsfeeds.app.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's keep-alive client against a loopback server scripted answer by answer. */
class KeepAliveHttpTest {
    private final ExecutorService server = Executors.newVirtualThreadPerTaskExecutor();
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final List<Integer> connections = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        server.shutdownNow();
    }

    /** Serves each connection the given answers in turn, one per request, recording request lines. */
    private URI serve(List<String> answers) throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.submit(() -> {
            try (listener) {
                int next = 0;
                while (next < answers.size()) {
                    Socket socket = listener.accept();
                    connections.add(socket.getPort());
                    try (socket) {
                        BufferedReader in = new BufferedReader(
                                new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
                        OutputStream out = socket.getOutputStream();
                        while (next < answers.size()) {
                            String line = in.readLine();
                            if (line == null) {
                                break;
                            }
                            requestLines.add(line);
                            int length = 0;
                            for (String header = in.readLine(); !header.isEmpty(); header = in.readLine()) {
                                if (header.toLowerCase().startsWith("content-length:")) {
                                    length = Integer.parseInt(
                                            header.substring(15).trim());
                                }
                            }
                            in.skip(length);
                            String answer = answers.get(next++);
                            out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                            out.flush();
                            if (answer.contains("Connection: close")) {
                                break;
                            }
                        }
                    }
                }
            }
            return null;
        });
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    @Test
    void readsLengthAndChunkedAnswers_onOneConnection() throws IOException {
        URI base = serve(
                List.of(
                        "HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\n{\"accepted\":1",
                        "HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"err\r\n4;x=y\r\nor\"}\r\n0\r\n\r\n"));
        try (KeepAliveHttp http = new KeepAliveHttp(base, Duration.ofSeconds(5))) {
            KeepAliveHttp.Response first =
                    http.exchange("PUT", "/feeds", Map.of("x-api-key", "k"), new byte[] {'{', '}'});
            KeepAliveHttp.Response second = http.exchange("PUT", "/feeds", Map.of(), new byte[0]);

            assertThat(first).isEqualTo(new KeepAliveHttp.Response(200, "{\"accepted\":1"));
            assertThat(second).isEqualTo(new KeepAliveHttp.Response(400, "{\"error\"}"));
        }
        assertThat(requestLines).containsExactly("PUT /feeds HTTP/1.1", "PUT /feeds HTTP/1.1");
        assertThat(connections).hasSize(1);
    }

    @Test
    void opensANewConnection_afterTheServerAnsweredConnectionClose() throws IOException {
        URI base = serve(List.of(
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nagain"));
        try (KeepAliveHttp http = new KeepAliveHttp(base, Duration.ofSeconds(5))) {
            assertThat(http.exchange("GET", "/a", Map.of(), new byte[0]).body()).isEqualTo("ok");
            assertThat(http.exchange("GET", "/b", Map.of(), new byte[0]).body()).isEqualTo("again");
        }
        assertThat(connections).hasSize(2);
    }

    @Test
    void speaksTlsAndChecksTheServersName_forAnHttpsUrl(@TempDir Path dir) throws Exception {
        URI plain = serve(List.of("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecure"));
        SelfSignedCertificate certificate = SelfSignedCertificate.make(dir, "ip:127.0.0.1");
        try (TlsTerminator tls = new TlsTerminator(certificate.serverContext(), plain.getPort())) {
            SSLContext trusting = BenchTls.trusting(certificate.pem());
            // localhost is the same loopback address, but the certificate names only 127.0.0.1.
            try (KeepAliveHttp http =
                    new KeepAliveHttp(URI.create("https://localhost:" + tls.port()), Duration.ofSeconds(5), trusting)) {
                assertThatThrownBy(() -> http.exchange("GET", "/", Map.of(), new byte[0]))
                        .hasMessageContaining("localhost");
            }
            try (KeepAliveHttp http =
                    new KeepAliveHttp(URI.create("https://127.0.0.1:" + tls.port()), Duration.ofSeconds(5), trusting)) {
                assertThat(http.exchange("GET", "/", Map.of(), new byte[0]))
                        .isEqualTo(new KeepAliveHttp.Response(200, "secure"));
            }
        }
    }

    @Test
    void failsSayingWhy_whenTheAnswerIsCutShort() throws IOException {
        URI base = serve(List.of("HTTP/1.1 200 OK\r\nContent-Length: 50\r\nConnection: close\r\n\r\nshort"));
        try (KeepAliveHttp http = new KeepAliveHttp(base, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> http.exchange("GET", "/", Map.of(), new byte[0]))
                    .hasMessageContaining("45 bytes early");
        }
    }
}
