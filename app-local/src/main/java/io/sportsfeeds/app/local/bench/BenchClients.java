package io.sportsfeeds.app.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The analysts' clients a bench registers for itself, so that its connections stay under the
 * server's limit per client: one {@code PUT /clients} of {@code <prefix>-0001}, ..., active, no
 * secret given (the server makes each one and answers it once).
 */
final class BenchClients {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchClients() {}

    /**
     * Registers {@code count} clients and answers each one's id with the secret the server made
     * (null when it answered none), in order.
     *
     * @param adminKey sent as {@code x-api-key}; null for a server without authentication
     */
    static Map<String, String> register(
            HttpClient http, URI url, String adminKey, String prefix, String name, int count)
            throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder("{\"clients\":[");
        Map<String, String> secrets = new LinkedHashMap<>();
        for (int i = 1; i <= count; i++) {
            String id = String.format("%s-%04d", prefix, i);
            secrets.put(id, null);
            body.append(i > 1 ? "," : "")
                    .append("{\"clientId\":\"")
                    .append(id)
                    .append("\",\"name\":\"")
                    .append(name)
                    .append("\",\"active\":true}");
        }
        body.append("]}");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/clients"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (adminKey != null) {
            request.header("x-api-key", adminKey);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("PUT /clients (registering " + count + " bench clients) answered "
                    + response.statusCode() + ": " + SportsfeedsTarget.abbreviate(response.body()));
        }
        JsonNode made = JSON.readTree(response.body()).path("secrets");
        secrets.replaceAll(
                (id, none) -> made.path(id).isTextual() ? made.path(id).asText() : null);
        return secrets;
    }
}
