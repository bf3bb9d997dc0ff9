package io.sportsfeeds.app.local.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The peer: NATS with JetStream. Each run gets a stream of its own ({@code BENCH_<tag>}, file
 * storage) over the subjects {@code <tag>.odds.<game>}. Publishers speak the NATS protocol over
 * TCP and publish with acknowledgement: a batch is its updates' {@code PUB}s with a reply inbox
 * each, written at once, then awaited until JetStream acknowledged every one (as {@code
 * publishAsync} plus waiting on the futures would). Subscribers connect over the WebSocket
 * listener and subscribe to {@code <tag>.odds.>} (core NATS, pushed as published: every
 * subscriber gets every update, as every sportsfeeds connection does).
 *
 * <p>The messages carry the update's JSON led by {@code "kind":"odds","seq":N}, N counted per game
 * by the game's only publisher, so gaps and repeats are read as on sportsfeeds' frames.
 */
final class NatsTarget implements Target {
    private final String host;
    private final int port;
    private final URI webSocketUrl;
    private final Clock clock;
    private final OptionalLong serverPid;

    NatsTarget(String host, int port, URI webSocketUrl, Clock clock, OptionalLong serverPid) {
        this.host = host;
        this.port = port;
        this.webSocketUrl = webSocketUrl;
        this.clock = clock;
        this.serverPid = serverPid;
    }

    @Override
    public String name() {
        return "nats";
    }

    @Override
    public String describe() {
        return "NATS JetStream at nats://" + host + ":" + port + " (acknowledged publishes), " + webSocketUrl;
    }

    @Override
    public OptionalLong serverPid() {
        return serverPid;
    }

    static String streamName(String runTag) {
        return "BENCH_" + runTag;
    }

    @Override
    public void prepare(String runTag, int subscribers) throws IOException {
        try (Wire wire = new Wire(host, port)) {
            wire.write("SUB _INBOX.setup.* 1\r\n");
            String config = "{\"name\":\"" + streamName(runTag) + "\",\"subjects\":[\"" + runTag
                    + ".odds.>\"],\"storage\":\"file\","
                    + "\"retention\":\"limits\",\"max_msgs\":-1,\"max_bytes\":-1,\"max_age\":0,\"discard\":\"old\",\"num_replicas\":1}";
            byte[] payload = config.getBytes(StandardCharsets.UTF_8);
            wire.write("PUB $JS.API.STREAM.CREATE." + streamName(runTag) + " _INBOX.setup.1 " + payload.length + "\r\n"
                    + config + "\r\n");
            String reply = wire.awaitReplies(1).get(0);
            if (reply.contains("\"error\"")) {
                throw new IOException("creating the JetStream stream " + streamName(runTag) + " failed: " + reply);
            }
        }
    }

    @Override
    public Publisher openPublisher(int index, String runTag) throws IOException {
        Wire wire = new Wire(host, port);
        wire.write("SUB _INBOX.p" + index + ".* 1\r\n");
        StringBuilder text = new StringBuilder(64 * 1024);
        StringBuilder json = new StringBuilder(512);
        return new Publisher() {
            @Override
            public void publish(List<BenchUpdate> batch) throws IOException {
                long date = clock.millis();
                text.setLength(0);
                for (BenchUpdate update : batch) {
                    json.setLength(0);
                    String gameId = BenchUpdate.gameId(update.game());
                    update.appendJson(json, runTag, gameId, date, true);
                    text.append("PUB ")
                            .append(runTag)
                            .append(".odds.")
                            .append(gameId)
                            .append(" _INBOX.p")
                            .append(index)
                            .append('.')
                            .append(update.number())
                            .append(' ')
                            .append(json.length())
                            .append("\r\n")
                            .append(json)
                            .append("\r\n");
                }
                wire.write(text.toString());
                for (String ack : wire.awaitReplies(batch.size())) {
                    if (!ack.contains("\"seq\"") || ack.contains("\"error\"")) {
                        throw new IOException(
                                "JetStream did not acknowledge a publish: " + SportsfeedsTarget.abbreviate(ack));
                    }
                }
            }

            @Override
            public void close() throws IOException {
                wire.close();
            }
        };
    }

    @Override
    public CompletableFuture<SwarmConnection> subscribe(WebSocketSwarm swarm, Subscriber subscriber, String runTag) {
        CompletableFuture<SwarmConnection> ready = new CompletableFuture<>();
        SwarmConnection[] self = new SwarmConnection[1];
        NatsProtocol protocol = new NatsProtocol(new NatsProtocol.Handler() {
            @Override
            public void onMessage(
                    byte[] buffer, int subjectOffset, int subjectLength, int payloadOffset, int payloadLength) {
                subscriber.onUpdate(buffer, payloadOffset, payloadLength);
            }

            @Override
            public void onPing() {
                self[0].sendBinary(NatsProtocol.PONG);
            }

            @Override
            public void onPong() {
                ready.complete(self[0]);
            }

            @Override
            public void onInfo(String json) {
                // The server speaks first; the client answers with CONNECT, its subscription and a
                // PING whose PONG says the subscription is in place.
                self[0].sendBinary((NatsProtocol.connect() + "SUB " + runTag + ".odds.> 1\r\nPING\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
            }

            @Override
            public void onError(String message) {
                subscriber.closed(message);
            }
        });
        WebSocketSwarm.Listener listener = new WebSocketSwarm.Listener() {
            @Override
            public void onData(SwarmConnection connection, byte[] b, int offset, int length, boolean last) {
                self[0] = connection;
                protocol.feed(b, offset, length);
            }

            @Override
            public void onClosed(SwarmConnection connection, String why) {
                ready.completeExceptionally(new IOException(why));
                subscriber.closed(why);
            }
        };
        swarm.connect(webSocketUrl, Map.of(), listener, 16 * 1024).whenComplete((connection, failed) -> {
            if (failed != null) {
                ready.completeExceptionally(failed);
            }
        });
        return ready;
    }

    /** A blocking NATS connection over TCP: CONNECT on open, replies awaited in order, server PINGs answered. */
    private static final class Wire implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final byte[] buffer = new byte[64 * 1024];
        private final List<String> replies = new ArrayList<>();
        private final List<String> errors = new ArrayList<>();
        private boolean ping;
        private final NatsProtocol protocol = new NatsProtocol(new NatsProtocol.Handler() {
            @Override
            public void onMessage(
                    byte[] b, int subjectOffset, int subjectLength, int payloadOffset, int payloadLength) {
                replies.add(new String(b, payloadOffset, payloadLength, StandardCharsets.UTF_8));
            }

            @Override
            public void onPing() {
                ping = true;
            }

            @Override
            public void onError(String message) {
                errors.add(message);
            }
        });

        Wire(String host, int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(30_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
            write(NatsProtocol.connect());
        }

        void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Reads until {@code count} replies came; a -ERR from the server fails. */
        List<String> awaitReplies(int count) throws IOException {
            replies.clear();
            while (replies.size() < count) {
                int read;
                try {
                    read = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    throw new IOException(
                            "no reply from NATS within 30 s (" + replies.size() + " of " + count + " came)", e);
                }
                if (read < 0) {
                    throw new IOException(
                            "NATS closed the connection (" + replies.size() + " of " + count + " replies came)");
                }
                protocol.feed(buffer, 0, read);
                if (!errors.isEmpty()) {
                    throw new IOException("NATS answered " + errors);
                }
                if (ping) {
                    ping = false;
                    out.write(NatsProtocol.PONG);
                    out.flush();
                }
            }
            return List.copyOf(replies);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
