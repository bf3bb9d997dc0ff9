package io.sportsfeeds.app.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sportsfeeds.api.auth.RequestCredentials;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The few calls {@code init} and {@code simulate} make to a running server's REST API. */
final class RestClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_KEY_HEADER = RequestCredentials.API_KEY_HEADER;

    private final URI baseUrl;
    private final String apiKey;
    private final HttpClient http;

    /**
     * A client of the server at {@code baseUrl}.
     *
     * @param apiKey sent in the {@code x-api-key} header of every request; null sends none (a
     *     server under {@code --no-auth})
     * @throws IllegalArgumentException when it is not an http or https URL with a host
     */
    RestClient(URI baseUrl, String apiKey) {
        String scheme = baseUrl.getScheme();
        if (scheme == null
                || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("must be an http:// or https:// URL with a host, was " + baseUrl);
        }
        String text = baseUrl.toString();
        this.baseUrl = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.apiKey = apiKey;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The client of a command's {@code --url} and {@code --api-key}; a URL it cannot use is a usage error. */
    static RestClient ofUrlOption(CommandSpec command, URI url, String apiKey) {
        try {
            return new RestClient(url, apiKey);
        } catch (IllegalArgumentException unusable) {
            throw new ParameterException(command.commandLine(), "--url " + unusable.getMessage());
        }
    }

    /** A response: its status and its JSON body. */
    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status == 200;
        }
    }

    Answer send(String method, String path, Object document) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(document)));
        if (apiKey != null) {
            request.header(API_KEY_HEADER, apiKey);
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode body = response.body().length == 0 ? JSON.nullNode() : JSON.readTree(response.body());
        return new Answer(response.statusCode(), body);
    }

    URI baseUrl() {
        return baseUrl;
    }
}
