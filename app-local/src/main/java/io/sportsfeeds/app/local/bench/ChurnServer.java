package io.sportsfeeds.app.local.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
        Map<String, String> secrets = BenchClients.register(
                http, settings.url(), settings.adminKey(), "churn-" + tag, "sportsfeeds churn bench", count);
        secrets.forEach((id, secret) -> clientUrls.add(SportsfeedsTarget.webSocketUrl(settings.url(), id, secret)));
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
