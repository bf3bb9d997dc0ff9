package io.sportsfeeds.app.local.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;

/**
 * sportsfeeds by its URLs: publishers {@code PUT /feeds} over HTTP/1.1 keep-alive (one {@link
 * KeepAliveHttp} connection each, blocking on the publisher's thread), subscribers open {@code /ws?client=ID}. A subscriber is ready once the
 * server answered its {@code {"action":"ping"}}.
 */
final class SportsfeedsTarget implements Target {
    private static final byte[] PONG = "\"kind\":\"pong\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ODDS = "\"kind\":\"odds\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = "\"kind\":\"error\"".getBytes(StandardCharsets.US_ASCII);

    /**
     * Subscribers per client when the bench registers its own: the server lets one client hold
     * {@value io.sportsfeeds.core.usecase.ManageConnections#MAX_CONNECTIONS_PER_CLIENT} connections.
     */
    static final int SUBSCRIBERS_PER_CLIENT = 100;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final URI webSocketUrl;
    private final String apiKey;
    private final String adminKey;
    private final Clock clock;
    private final OptionalLong serverPid;
    /** The TLS for https and wss URLs (null: the JDK's default). */
    private final SSLContext tls;
    /** The subscribers' URLs, one per client: subscriber i uses the (i mod size)th. */
    private List<URI> webSocketUrls;

    /**
     * @param url the server's base URL, {@code http://127.0.0.1:7070}
     * @param webSocketUrl the subscribers' URL, with the client's id (and secret)
     * @param apiKey a provider key, sent as {@code x-api-key} with every PUT when not null
     * @param adminKey an admin key; when not null, runs of more than {@value #SUBSCRIBERS_PER_CLIENT}
     *     subscribers register clients of their own (PUT /clients) and spread over them
     */
    SportsfeedsTarget(URI url, URI webSocketUrl, String apiKey, String adminKey, Clock clock, OptionalLong serverPid) {
        this(url, webSocketUrl, apiKey, adminKey, clock, serverPid, null);
    }

    /** As above, with {@code tls} for https and wss URLs (null: the JDK's default). */
    SportsfeedsTarget(
            URI url,
            URI webSocketUrl,
            String apiKey,
            String adminKey,
            Clock clock,
            OptionalLong serverPid,
            SSLContext tls) {
        String text = url.toString();
        this.url = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.webSocketUrl = webSocketUrl;
        this.webSocketUrls = List.of(webSocketUrl);
        this.apiKey = apiKey;
        this.adminKey = adminKey;
        this.clock = clock;
        this.serverPid = serverPid;
        this.tls = tls;
    }

    /**
     * With an admin key and more than {@value #SUBSCRIBERS_PER_CLIENT} subscribers: registers
     * {@code bench-<tag>-0001}, ... (active, no secret given, so the server makes one and answers
     * it once) and spreads the subscribers over them.
     */
    @Override
    public void prepare(String runTag, int subscribers) throws IOException, InterruptedException {
        webSocketUrls = List.of(webSocketUrl);
        if (adminKey == null || subscribers <= SUBSCRIBERS_PER_CLIENT) {
            return;
        }
        int count = (subscribers + SUBSCRIBERS_PER_CLIENT - 1) / SUBSCRIBERS_PER_CLIENT;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (tls != null) {
            builder.sslContext(tls);
        }
        try (HttpClient http = builder.build()) {
            Map<String, String> secrets =
                    BenchClients.register(http, url, adminKey, "bench-" + runTag, "sportsfeeds bench", count);
            List<URI> urls = new ArrayList<>();
            for (Map.Entry<String, String> client : secrets.entrySet()) {
                if (client.getValue() == null) {
                    throw new IOException("PUT /clients answered no secret for " + client.getKey());
                }
                urls.add(forClient(webSocketUrl, client.getKey(), client.getValue()));
            }
            webSocketUrls = List.copyOf(urls);
        }
    }

    /**
     * The subscribers' URL {@code ws} with another client's credentials: the same scheme, host and
     * path (a deployed stack's WebSocket API is not on the REST API's host), and the query
     * {@code client=ID&secret=SECRET}.
     */
    static URI forClient(URI ws, String client, String secret) {
        String base = ws.toString().replaceFirst("[?#].*$", "");
        return URI.create(base + "?client=" + URLEncoder.encode(client, StandardCharsets.UTF_8) + "&secret="
                + URLEncoder.encode(secret, StandardCharsets.UTF_8));
    }

    /** The subscribers' URL derived from the base URL: ws(s)://host:port/ws?client=ID[&secret=SECRET]. */
    static URI webSocketUrl(URI url, String client, String secret) {
        String scheme = "https".equalsIgnoreCase(url.getScheme()) ? "wss" : "ws";
        String base = url.toString().replaceFirst("^[a-zA-Z]+://", scheme + "://");
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + "/ws?client="
                + URLEncoder.encode(client, StandardCharsets.UTF_8)
                + (secret == null ? "" : "&secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8)));
    }

    @Override
    public String name() {
        return "sportsfeeds";
    }

    @Override
    public String describe() {
        // The secret stays out of reports.
        return "sportsfeeds at " + url + " (PUT /feeds), "
                + webSocketUrl.toString().replaceAll("(?i)([?&]secret=)[^&#]*", "$1...")
                + (adminKey == null
                        ? ""
                        : " (more than " + SUBSCRIBERS_PER_CLIENT + " subscribers: clients of the bench's own)");
    }

    @Override
    public OptionalLong serverPid() {
        return serverPid;
    }

    @Override
    public Optional<String> metricsText() {
        try (KeepAliveHttp http = new KeepAliveHttp(url, Duration.ofSeconds(5), tls)) {
            String path = (url.getRawPath() == null ? "" : url.getRawPath()) + "/metrics";
            KeepAliveHttp.Response response = http.exchange("GET", path, Map.of(), new byte[0]);
            return response.status() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public Publisher openPublisher(int index, String runTag) {
        KeepAliveHttp http = new KeepAliveHttp(url, Duration.ofSeconds(30), tls);
        String feeds = (url.getRawPath() == null ? "" : url.getRawPath()) + "/feeds";
        Map<String, String> headers = apiKey == null
                ? Map.of("Content-Type", "application/json")
                : Map.of("Content-Type", "application/json", "x-api-key", apiKey);
        StringBuilder json = new StringBuilder(64 * 1024);
        return new Publisher() {
            @Override
            public void publish(List<BenchUpdate> batch) throws IOException {
                long date = clock.millis();
                json.setLength(0);
                json.append("{\"odds\":[");
                for (int i = 0; i < batch.size(); i++) {
                    if (i > 0) {
                        json.append(',');
                    }
                    BenchUpdate update = batch.get(i);
                    update.appendJson(json, runTag, BenchUpdate.gameId(update.game()), date, false);
                }
                json.append("]}");
                KeepAliveHttp.Response response =
                        http.exchange("PUT", feeds, headers, json.toString().getBytes(StandardCharsets.UTF_8));
                String body = response.body();
                if (response.status() != 200) {
                    throw new IOException("PUT /feeds answered " + response.status() + ": " + abbreviate(body));
                }
                if (!body.contains("\"accepted\":" + batch.size() + ",")) {
                    throw new IOException(
                            "PUT /feeds of " + batch.size() + " distinct updates answered " + abbreviate(body));
                }
            }

            @Override
            public void close() {
                http.close();
            }
        };
    }

    @Override
    public CompletableFuture<SwarmConnection> subscribe(WebSocketSwarm swarm, Subscriber subscriber, String runTag) {
        CompletableFuture<SwarmConnection> ready = new CompletableFuture<>();
        WebSocketSwarm.Listener listener = new WebSocketSwarm.Listener() {
            @Override
            public void onData(SwarmConnection connection, byte[] b, int offset, int length, boolean last) {
                // The server sends each update as one small text frame; fragments are not expected.
                int scan = Math.min(length, 32);
                if (BenchUpdate.Reader.indexOf(b, offset, offset + scan, ODDS) >= 0) {
                    subscriber.onUpdate(b, offset, length);
                } else if (BenchUpdate.Reader.indexOf(b, offset, offset + scan, PONG) >= 0) {
                    ready.complete(connection);
                } else if (BenchUpdate.Reader.indexOf(b, offset, offset + scan, ERROR) >= 0) {
                    subscriber.closed("error frame: " + new String(b, offset, length, StandardCharsets.UTF_8));
                } else {
                    subscriber.onUpdate(b, offset, length);
                }
            }

            @Override
            public void onClosed(SwarmConnection connection, String why) {
                ready.completeExceptionally(new IOException(why));
                subscriber.closed(why);
            }
        };
        // An analyst's credentials travel in the URL (browsers cannot set headers on a WebSocket).
        URI uri = webSocketUrls.get(subscriber.index % webSocketUrls.size());
        swarm.connect(uri, Map.of(), listener, 16 * 1024, 0, tls).whenComplete((connection, failed) -> {
            if (failed != null) {
                ready.completeExceptionally(failed);
            } else {
                connection.sendText("{\"action\":\"ping\"}");
            }
        });
        return ready;
    }

    static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
