package io.sportsfeeds.app.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench's WebSocket client over TLS ({@code wss://}) against a loopback server scripted frame by
 * frame: frames larger than a TLS record, a ping answered while connected, the close; and the
 * certificate and the server's name checked.
 */
class WebSocketSwarmTlsTest {
    @TempDir
    static Path certificates;

    private static SelfSignedCertificate certificate;

    private final ExecutorService server = Executors.newVirtualThreadPerTaskExecutor();
    private final WebSocketSwarm swarm = new WebSocketSwarm(1);

    @BeforeAll
    static void makeCertificate() throws IOException, InterruptedException {
        certificate = SelfSignedCertificate.make(certificates, "ip:127.0.0.1");
    }

    @AfterEach
    void stop() {
        swarm.close();
        server.shutdownNow();
    }

    /** What the scripted server read from the client after the upgrade: each frame's opcode and unmasked payload. */
    private record ClientFrame(int opcode, byte[] payload) {}

    /** A TLS server socket on a free loopback port, presenting the test's certificate. */
    private static ServerSocket tlsListener() throws IOException, GeneralSecurityException {
        return certificate
                .serverContext()
                .getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
    }

    /**
     * Serves one TLS connection: answers the upgrade with 101, sends a text frame of {@code big}
     * bytes and a ping, reads the client's frames until its pong, then sends "after" and a close.
     */
    private int serveScript(int big, List<ClientFrame> fromClient) throws IOException, GeneralSecurityException {
        ServerSocket listener = tlsListener();
        server.submit(() -> {
            try (listener;
                    var socket = listener.accept()) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                UpgradeRequests.readHead(in);
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                + "Sec-WebSocket-Accept: any\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                byte[] payload = new byte[big];
                Arrays.fill(payload, (byte) 'x');
                payload[big - 1] = 'z';
                out.write(frame(0x1, payload));
                out.write(frame(0x9, "are you there".getBytes(StandardCharsets.US_ASCII)));
                out.flush();
                DataInputStream frames = new DataInputStream(in);
                ClientFrame read;
                do {
                    read = readClientFrame(frames);
                    fromClient.add(read);
                } while (read.opcode() != 0xA);
                out.write(frame(0x1, "after".getBytes(StandardCharsets.US_ASCII)));
                out.write(frame(0x8, new byte[] {0x03, (byte) 0xE8}));
                out.flush();
                socket.getInputStream().read(); // until the client drops the socket
            }
            return null;
        });
        return listener.getLocalPort();
    }

    @Test
    void receivesFramesLargerThanATlsRecordAndAnswersPings_overWss() throws Exception {
        List<ClientFrame> fromClient = new CopyOnWriteArrayList<>();
        int port = serveScript(100_000, fromClient);
        List<String> received = new CopyOnWriteArrayList<>();
        CompletableFuture<String> closed = new CompletableFuture<>();
        WebSocketSwarm.Listener listener = new WebSocketSwarm.Listener() {
            @Override
            public void onData(SwarmConnection connection, byte[] buffer, int offset, int length, boolean last) {
                String text = new String(buffer, offset, length, StandardCharsets.US_ASCII);
                received.add(text.length() > 20 ? text.length() + " bytes ending " + text.charAt(length - 1) : text);
            }

            @Override
            public void onClosed(SwarmConnection connection, String why) {
                closed.complete(why);
            }
        };

        swarm.connect(URI.create("wss://127.0.0.1:" + port + "/ws"), Map.of(), listener, 1_024, 0, trusting())
                .get(10, TimeUnit.SECONDS);

        assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo("the server closed with 1000");
        assertThat(received).containsExactly("100000 bytes ending z", "after");
        assertThat(fromClient).hasSize(1);
        assertThat(fromClient.get(0).opcode()).isEqualTo(0xA);
        assertThat(new String(fromClient.get(0).payload(), StandardCharsets.US_ASCII))
                .isEqualTo("are you there");
    }

    @Test
    void readsTheServersAnswer_whenItEndsTheTlsSessionRightAfterIt() throws Exception {
        ServerSocket listener = tlsListener();
        server.submit(() -> {
            try (listener;
                    var socket = listener.accept()) {
                UpgradeRequests.readHead(socket.getInputStream());
                // The answer, then at once the session's end (close_notify): one read may bring both.
                socket.getOutputStream()
                        .write("HTTP/1.1 429 Too Many Requests\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
            }
            return null;
        });

        CompletableFuture<SwarmConnection> connecting = swarm.connect(
                URI.create("wss://127.0.0.1:" + listener.getLocalPort() + "/ws"),
                Map.of(),
                (c, b, o, l, last) -> {},
                1_024,
                0,
                trusting());

        assertThatThrownBy(() -> connecting.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(
                        UpgradeRefused.class,
                        refused -> assertThat(refused.status()).isEqualTo(429));
    }

    @Test
    void refusesTheServer_whenItsCertificateIsNotTrusted() throws Exception {
        int port = serveScript(10, new CopyOnWriteArrayList<>());

        CompletableFuture<SwarmConnection> connecting = swarm.connect(
                URI.create("wss://127.0.0.1:" + port + "/ws"), Map.of(), (c, b, o, l, last) -> {}, 1_024, 0, null);

        assertThat(failure(connecting)).startsWith("TLS failed: ").contains("certification path");
    }

    @Test
    void refusesTheServer_whenItsCertificateIsForAnotherName() throws Exception {
        int port = serveScript(10, new CopyOnWriteArrayList<>());

        // localhost is the same loopback address, but the certificate names only 127.0.0.1.
        CompletableFuture<SwarmConnection> connecting = swarm.connect(
                URI.create("wss://localhost:" + port + "/ws"),
                Map.of(),
                (c, b, o, l, last) -> {},
                1_024,
                0,
                trusting());

        assertThat(failure(connecting)).startsWith("TLS failed: ").contains("localhost");
    }

    private static SSLContext trusting() throws IOException {
        return BenchTls.trusting(certificate.pem());
    }

    private static String failure(CompletableFuture<SwarmConnection> connecting) throws Exception {
        try {
            connecting.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
            return failed.getCause().getMessage();
        }
        throw new AssertionError("the connection opened");
    }

    /** A server's frame: final, unmasked. */
    private static byte[] frame(int opcode, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(payload.length);
        } else if (payload.length < 65_536) {
            frame.write(126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >> shift) & 0xFF);
            }
        }
        frame.writeBytes(payload);
        return frame.toByteArray();
    }

    /** One of the client's frames, which must be masked, unmasked. */
    private static ClientFrame readClientFrame(DataInputStream in) throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        assertThat(second & 0x80).as("a client's frames are masked").isNotZero();
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] mask = in.readNBytes(4);
        byte[] payload = in.readNBytes((int) length);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i % 4];
        }
        return new ClientFrame(first & 0x0F, payload);
    }
}
