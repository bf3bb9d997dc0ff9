package io.sportsfeeds.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sportsfeeds.api.Reference;
import io.sportsfeeds.core.fakes.InMemoryClientRegistry;
import io.sportsfeeds.core.fakes.InMemoryGameCatalogue;
import io.sportsfeeds.core.fakes.InMemoryOddsStore;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.port.ClientRegistry;
import io.sportsfeeds.core.port.GameCatalogue;
import io.sportsfeeds.core.port.OddsStore;
import io.sportsfeeds.core.usecase.AuthenticateCallers;
import io.sportsfeeds.core.usecase.ClientSecrets;
import io.sportsfeeds.core.usecase.IngestFeeds;
import io.sportsfeeds.core.usecase.ReadOdds;
import io.sportsfeeds.core.usecase.RegisterClients;
import io.sportsfeeds.core.usecase.RegisterGames;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the REST API tests share: the API over in-memory stores (authentication off), requests
 * built from a path and query, and assertions on JSON answers.
 */
abstract class RestApiFixture {
    static final String LAKERS = "game-7F3A1C52-0B6E-4D7A-9C1E-2B8D5E6F4A10";
    static final String ARSENAL = "game-1D9E4B77-5A2C-4F0B-8E36-7C4A9B2D1E05";
    static final long STORED_AT = 1764617460123L;

    final MutableClock clock = new MutableClock(Instant.ofEpochMilli(STORED_AT));
    final InMemoryOddsStore store = new InMemoryOddsStore(clock);
    final InMemoryGameCatalogue catalogue = new InMemoryGameCatalogue();
    final InMemoryClientRegistry registry = new InMemoryClientRegistry();
    RestApi api = api(store, catalogue, registry, IngestFeeds.DEFAULT_MAX_BATCH, RestApi.DEFAULT_MAX_BODY_BYTES);

    static RestApi api(
            OddsStore store, GameCatalogue catalogue, ClientRegistry registry, int maxBatch, int maxBodyBytes) {
        return new RestApi(
                new IngestFeeds(store, maxBatch),
                new ReadOdds(store),
                new RegisterGames(catalogue),
                new RegisterClients(registry, new ClientSecrets(new SecureRandom(), 1_000)),
                AuthenticateCallers.off(),
                maxBodyBytes);
    }

    static HttpRequest request(String method, String pathAndQuery, byte[] body) {
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (question >= 0) {
            for (String pair : pathAndQuery.substring(question + 1).split("&")) {
                String[] nameAndValue = pair.split("=", 2);
                query.computeIfAbsent(decode(nameAndValue[0]), name -> new ArrayList<>())
                        .add(nameAndValue.length == 2 ? decode(nameAndValue[1]) : "");
            }
        }
        return new HttpRequest(method, path, query, Map.of("Content-Type", "application/json"), body);
    }

    static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    HttpResponse call(String method, String pathAndQuery) {
        return api.handle(request(method, pathAndQuery, new byte[0]));
    }

    HttpResponse call(String method, String pathAndQuery, String body) {
        return api.handle(request(method, pathAndQuery, body.getBytes(StandardCharsets.UTF_8)));
    }

    HttpResponse putReferenceBatch() {
        return api.handle(request("PUT", "/feeds", Reference.bytes("provider-odds-batch.json")));
    }

    static String oneUpdate(String homeOdds) {
        return """
        {"odds":[{"gameId":"game-1","type":"spread","home":3,"away":-3,"homeOdds":%s,"awayOdds":-110,"date":1764617400}]}
        """.formatted(homeOdds);
    }

    /** A 400 naming one field, whose message is the whole error's. */
    static void assertInvalid(HttpResponse response, String field, String message) {
        String quotedMessage = quoted(message);
        assertJson(
                response,
                400,
                "{\"error\":\"invalid_request\",\"message\":" + quotedMessage + ",\"fields\":[{\"field\":"
                        + quoted(field) + ",\"message\":" + quotedMessage + "}]}");
    }

    /** A JSON string literal, escaped as the server escapes it. */
    static String quoted(String text) {
        try {
            return new ObjectMapper().writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static void assertJson(HttpResponse response, int status, String body) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.headers()).containsEntry("Content-Type", "application/json; charset=utf-8");
        assertThat(response.bodyText()).isEqualTo(body);
    }
}
