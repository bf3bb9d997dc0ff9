package io.sportsfeeds.app.local.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * sportsfeeds by its URLs: publishers {@code PUT /feeds} over HTTP/1.1 keep-alive (one JDK client,
 * so one connection, each), subscribers open {@code /ws?client=ID}. A subscriber is ready once the
 * server answered its {@code {"action":"ping"}}.
 */
final class SportsfeedsTarget implements Target {
    private static final byte[] PONG = "\"kind\":\"pong\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ODDS = "\"kind\":\"odds\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = "\"kind\":\"error\"".getBytes(StandardCharsets.US_ASCII);

    private final URI url;
    private final URI webSocketUrl;
    private final String apiKey;
    private final Clock clock;
    private final OptionalLong serverPid;

    /**
     * @param url the server's base URL, {@code http://127.0.0.1:7070}
     * @param webSocketUrl the subscribers' URL, with the client's id
     * @param apiKey sent as {@code x-api-key} with every request when not null
     */
    SportsfeedsTarget(URI url, URI webSocketUrl, String apiKey, Clock clock, OptionalLong serverPid) {
        String text = url.toString();
        this.url = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.webSocketUrl = webSocketUrl;
        this.apiKey = apiKey;
        this.clock = clock;
        this.serverPid = serverPid;
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
                + webSocketUrl.toString().replaceFirst("&secret=[^&]*", "&secret=...");
    }

    @Override
    public OptionalLong serverPid() {
        return serverPid;
    }

    @Override
    public Publisher openPublisher(int index, String runTag) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        URI feeds = URI.create(url + "/feeds");
        StringBuilder json = new StringBuilder(64 * 1024);
        return new Publisher() {
            @Override
            public void publish(List<BenchUpdate> batch) throws IOException, InterruptedException {
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
                HttpRequest.Builder request = HttpRequest.newBuilder(feeds)
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(json.toString()));
                if (apiKey != null) {
                    request.header("x-api-key", apiKey);
                }
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                String body = response.body();
                if (response.statusCode() != 200) {
                    throw new IOException("PUT /feeds answered " + response.statusCode() + ": " + abbreviate(body));
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
    public CompletableFuture<WebSocketSwarm.Connection> subscribe(
            WebSocketSwarm swarm, Subscriber subscriber, String runTag) {
        CompletableFuture<WebSocketSwarm.Connection> ready = new CompletableFuture<>();
        WebSocketSwarm.Listener listener = new WebSocketSwarm.Listener() {
            @Override
            public void onData(WebSocketSwarm.Connection connection, byte[] b, int offset, int length, boolean last) {
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
            public void onClosed(WebSocketSwarm.Connection connection, String why) {
                ready.completeExceptionally(new IOException(why));
                subscriber.closed(why);
            }
        };
        // An analyst's credentials travel in the URL (browsers cannot set headers on a WebSocket).
        swarm.connect(webSocketUrl, Map.of(), listener, 16 * 1024).whenComplete((connection, failed) -> {
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
