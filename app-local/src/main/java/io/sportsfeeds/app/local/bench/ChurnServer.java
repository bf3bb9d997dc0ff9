package io.sportsfeeds.app.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;

/**
 * What a {@link ChurnRun} asks of the server under test besides publishing and subscribing: it
 * registers the bench's clients and reads the server's metrics and process figures.
 */
final class ChurnServer {
    private final ChurnBench.Settings settings;
    private final HttpClient http;

    ChurnServer(ChurnBench.Settings settings, HttpClient http) {
        this.settings = settings;
        this.http = http;
    }

    /**
     * Registers the bench's clients, {@value #ChurnBench.CONNECTIONS_PER_CLIENT} connections each,
     * and adds each client's WebSocket URL to {@code clientUrls}.
     */
    void registerClients(String tag, int connections, List<URI> clientUrls) throws IOException, InterruptedException {
        int count = connections / ChurnBench.CONNECTIONS_PER_CLIENT + 1;
        StringBuilder body = new StringBuilder("{\"clients\":[");
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String id = String.format("churn-%s-%04d", tag, i);
            ids.add(id);
            body.append(i > 1 ? "," : "")
                    .append("{\"clientId\":\"")
                    .append(id)
                    .append("\",\"name\":\"sportsfeeds churn bench\",\"active\":true}");
        }
        body.append("]}");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.url() + "/clients"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (settings.adminKey() != null) {
            request.header("x-api-key", settings.adminKey());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("PUT /clients (registering " + count + " bench clients) answered "
                    + response.statusCode() + ": " + response.body());
        }
        JsonNode secrets = ChurnBench.JSON.readTree(response.body()).path("secrets");
        for (String id : ids) {
            clientUrls.add(SportsfeedsTarget.webSocketUrl(
                    settings.url(),
                    id,
                    secrets.path(id).isTextual() ? secrets.path(id).asText() : null));
        }
    }

    /** The server's counters, heap after a full GC (when asked: it pauses the server), RSS and descriptors. */
    ChurnBench.ServerSample sample(boolean withHeap) throws IOException, InterruptedException {
        long pid = settings.serverPid();
        long heap = withHeap ? ProcessStats.heapAfterFullGc(pid) : -1;
        long rss = ProcessStats.sample(pid).map(ProcessStats.Sample::rssKib).orElse(-1L);
        return new ChurnBench.ServerSample(
                heap,
                rss,
                ProcessStats.fileDescriptors(pid),
                metrics().getOrDefault("sportsfeeds_websocket_connections", -1L));
    }

    Map<String, Long> metrics() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(settings.url() + "/metrics"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, Long> values = new TreeMap<>();
        Matcher matcher = ChurnBench.METRIC.matcher(response.body());
        while (matcher.find()) {
            values.put(matcher.group(1), (long) Double.parseDouble(matcher.group(2)));
        }
        return values;
    }
}
