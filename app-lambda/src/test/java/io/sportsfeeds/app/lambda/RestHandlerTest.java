package io.sportsfeeds.app.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.sportsfeeds.api.http.RestApi;
import io.sportsfeeds.core.domain.ApiKey;
import io.sportsfeeds.core.domain.HistoryQuery;
import io.sportsfeeds.core.domain.Role;
import io.sportsfeeds.core.fakes.InMemoryClientRegistry;
import io.sportsfeeds.core.fakes.InMemoryGameCatalogue;
import io.sportsfeeds.core.fakes.InMemoryOddsStore;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.fakes.Updates;
import io.sportsfeeds.core.usecase.AuthenticateCallers;
import io.sportsfeeds.core.usecase.ClientSecrets;
import io.sportsfeeds.core.usecase.IngestFeeds;
import io.sportsfeeds.core.usecase.ReadOdds;
import io.sportsfeeds.core.usecase.RegisterClients;
import io.sportsfeeds.core.usecase.RegisterGames;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The REST routes fed with API Gateway's real proxy event JSON. */
class RestHandlerTest {
    private static final String LAKERS = "game-7F3A1C52-0B6E-4D7A-9C1E-2B8D5E6F4A10";
    private static final String ARSENAL = "game-1D9E4B77-5A2C-4F0B-8E36-7C4A9B2D1E05";
    private static final String ADMIN_KEY = "admin-key-0123456789abcdef";
    private static final String JSON = "application/json; charset=utf-8";

    private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(1764617460123L));
    private final InMemoryOddsStore odds = new InMemoryOddsStore(clock);
    private final InMemoryClientRegistry clients = new InMemoryClientRegistry();
    private final RestHandler handler = handler(RestApi.DEFAULT_MAX_BODY_BYTES);
    private final FakeContext context = FakeContext.of("sportsfeeds-rest");

    private RestHandler handler(int maxBodyBytes) {
        IngestFeeds ingest = new IngestFeeds(odds, IngestFeeds.DEFAULT_MAX_BATCH);
        ReadOdds read = new ReadOdds(odds);
        RegisterGames games = new RegisterGames(new InMemoryGameCatalogue());
        ClientSecrets secrets = new ClientSecrets(new SecureRandom(), 1_000);
        RegisterClients registerClients = new RegisterClients(clients, secrets);
        return new RestHandler(new RestHandler.Apis(
                new RestApi(ingest, read, games, registerClients, AuthenticateCallers.off(), maxBodyBytes),
                new RestApi(
                        ingest,
                        read,
                        games,
                        registerClients,
                        AuthenticateCallers.with(List.of(ApiKey.of(Role.ADMIN, ADMIN_KEY)), clients, secrets),
                        maxBodyBytes)));
    }

    @Test
    void storesTheProvidersBatch_andAnswersTheIngestReport() {
        APIGatewayProxyResponseEvent response = handler.handleRequest(ingestEvent(), context);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("Content-Type", JSON);
        assertThat(response.getIsBase64Encoded()).isFalse();
        assertThat(response.getBody())
                .isEqualTo("{\"accepted\":2,\"duplicates\":0,\"results\":["
                        + "{\"gameId\":\"" + LAKERS + "\",\"seq\":1,\"status\":\"stored\"},"
                        + "{\"gameId\":\"" + ARSENAL + "\",\"seq\":1,\"status\":\"stored\"}]}");
        assertThat(odds.history(new HistoryQuery(LAKERS, Optional.empty(), 0, Long.MAX_VALUE, 10)))
                .singleElement()
                .satisfies(stored -> assertThat(stored.seq()).isEqualTo(1));
        assertThat(odds.latest(ARSENAL)).hasSize(1);
    }

    @Test
    void decodesABase64Body() {
        APIGatewayProxyRequestEvent event = ingestEvent();
        event.setBody(Base64.getEncoder().encodeToString(event.getBody().getBytes(StandardCharsets.UTF_8)));
        event.setIsBase64Encoded(true);
        event.setHttpMethod("POST");

        APIGatewayProxyResponseEvent response = handler.handleRequest(event, context);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).startsWith("{\"accepted\":2,\"duplicates\":0,");
    }

    @Test
    void reportsDuplicates_whenTheSameBatchComesAgain() {
        handler.handleRequest(ingestEvent(), context);

        APIGatewayProxyResponseEvent again = handler.handleRequest(ingestEvent(), context);

        assertThat(again.getBody()).startsWith("{\"accepted\":0,\"duplicates\":2,");
        assertThat(odds.latest(LAKERS)).hasSize(1);
    }

    @Test
    void answersTheLatestOdds_fromTheMultiValueQuery() {
        handler.handleRequest(ingestEvent(), context);

        APIGatewayProxyResponseEvent response =
                handler.handleRequest(get("/feeds", "/feeds", Map.of("game", List.of(ARSENAL))), context);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo("""
                {"gameId":"%s","odds":[{"seq":1,"gameId":"%s","market":"moneyline","home":0,"away":0,\
                "homeOdds":-150,"awayOdds":240,"date":1764617401,"isOpen":true,"storedAt":1764617460123,\
                "summary":"Arsenal v Chelsea","gameDate":"2026-12-02 20:00:00.000"}]}""".formatted(ARSENAL, ARSENAL));
    }

    @Test
    void answersTheHistory_ofTheGameInThePath() {
        handler.handleRequest(ingestEvent(), context);

        APIGatewayProxyResponseEvent response = handler.handleRequest(
                get("/games/{id}/odds", "/games/" + LAKERS + "/odds", Map.of("limit", List.of("5"))), context);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo("""
                {"gameId":"%s","odds":[{"seq":1,"gameId":"%s","market":"spread","home":3,"away":-3,\
                "homeOdds":-110,"awayOdds":-110,"date":1764617400,"isOpen":true,"storedAt":1764617460123,\
                "summary":"Lakers @ Celtics","gameDate":"2026-12-01 19:30:00.000"}]}""".formatted(LAKERS, LAKERS));
    }

    @Test
    void pagesTheHistoryAfterASeq_andPointsToTheNextPageWhileOneIsFull() {
        odds.append(List.of(
                Updates.update(LAKERS, "spread", -110, 1_764_617_400L),
                Updates.update(LAKERS, "spread", -115, 1_764_617_400L),
                Updates.update(LAKERS, "total", 200, 1_764_617_400L)));

        APIGatewayProxyResponseEvent first =
                handler.handleRequest(history(Map.of("limit", "2", "afterSeq", "0")), context);
        APIGatewayProxyResponseEvent last =
                handler.handleRequest(history(Map.of("limit", "2", "afterSeq", "2")), context);
        APIGatewayProxyResponseEvent bad = handler.handleRequest(history(Map.of("afterSeq", "-1")), context);

        assertThat(first.getStatusCode()).isEqualTo(200);
        assertThat(first.getBody()).contains("\"seq\":1,", "\"seq\":2,").endsWith("}],\"next\":{\"afterSeq\":2}}");
        assertThat(last.getBody()).contains("\"seq\":3,").doesNotContain("\"seq\":2,", "\"next\"");
        assertThat(bad.getStatusCode()).isEqualTo(400);
        assertThat(bad.getBody()).isEqualTo("""
                {"error":"invalid_request","message":"afterSeq must be between 0 and 9223372036854775807, was -1",\
                "fields":[{"field":"afterSeq","message":"afterSeq must be between 0 and 9223372036854775807, was -1"}]}""");
    }

    @Test
    void answers400NamingTheField_whenAnUpdateIsInvalid() {
        APIGatewayProxyRequestEvent event = ingestEvent();
        event.setBody("{\"odds\":[{\"gameId\":\"game-1\",\"type\":\"spread\",\"home\":\"3\",\"away\":-3,"
                + "\"awayOdds\":-110,\"homeOdds\":-110,\"date\":1}]}");

        APIGatewayProxyResponseEvent response = handler.handleRequest(event, context);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getBody()).isEqualTo("""
                {"error":"invalid_request","message":"odds[0].home must be a finite number, was \\"3\\"",\
                "fields":[{"field":"odds[0].home","message":"odds[0].home must be a finite number, was \\"3\\""}]}""");
        assertThat(odds.latest("game-1")).isEmpty();
    }

    @Test
    void answers400NamingTheQueryParameter_whenTheGameIsMissing() {
        APIGatewayProxyResponseEvent response = handler.handleRequest(get("/feeds", "/feeds", null), context);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getBody()).isEqualTo("""
                {"error":"invalid_request","message":"game is required",\
                "fields":[{"field":"game","message":"game is required"}]}""");
    }

    @Test
    void answers413_whenTheBodyIsLargerThanTheLimit() {
        RestHandler small = handler(64);

        APIGatewayProxyResponseEvent response = small.handleRequest(ingestEvent(), context);

        assertThat(response.getStatusCode()).isEqualTo(413);
        assertThat(response.getBody())
                .isEqualTo("""
                {"error":"too_large","message":"the request body is larger than 64 bytes",\
                "fields":[{"field":"body","message":"body must be at most 64 bytes, was %d"}]}""".formatted(ingestEvent().getBody().getBytes(StandardCharsets.UTF_8).length));
        assertThat(odds.latest(LAKERS)).isEmpty();
    }

    @Test
    void refusesAnAdminRoute_withoutTheAdminKey_evenWithTheProvidersKey() {
        APIGatewayProxyRequestEvent event = ingestEvent();
        event.setResource("/clients");
        event.setPath("/clients");
        event.setBody("{\"clients\":[{\"clientId\":\"client-001\",\"name\":\"Desk A\",\"active\":true}]}");

        APIGatewayProxyResponseEvent response = handler.handleRequest(event, context);

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(response.getBody()).isEqualTo("""
                {"error":"invalid_api_key","message":"the key in the header x-api-key is not valid",\
                "fields":[{"field":"x-api-key","message":"x-api-key is not a valid key"}]}""");
        assertThat(clients.client("client-001")).isEmpty();
    }

    @Test
    void registersClients_withTheAdminKey() {
        APIGatewayProxyRequestEvent event = ingestEvent();
        event.setResource("/clients");
        event.setPath("/clients");
        event.setHeaders(Map.of("x-api-key", ADMIN_KEY));
        event.setBody("{\"clients\":[{\"clientId\":\"client-001\",\"name\":\"Desk A\",\"active\":true}]}");

        APIGatewayProxyResponseEvent response = handler.handleRequest(event, context);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).startsWith("{\"stored\":1,");
        assertThat(clients.client("client-001")).isPresent();
    }

    @Test
    void refusesASecondApiKey_ratherThanTakingTheFirst_asTheLocalServerDoes() {
        APIGatewayProxyRequestEvent event = ingestEvent();
        event.setResource("/clients");
        event.setPath("/clients");
        // API Gateway's single-value map holds the last of a repeated header; the multi-value one holds all.
        event.setHeaders(Map.of("x-api-key", "not-a-key-of-this-stack"));
        event.setMultiValueHeaders(Map.of("x-api-key", List.of(ADMIN_KEY, "not-a-key-of-this-stack")));
        event.setBody("{\"clients\":[{\"clientId\":\"client-001\",\"name\":\"Desk A\",\"active\":true}]}");

        APIGatewayProxyResponseEvent response = handler.handleRequest(event, context);

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(response.getBody()).startsWith("{\"error\":\"invalid_api_key\"");
        assertThat(clients.client("client-001")).isEmpty();
    }

    @Test
    void answers405WithAllow_forAMethodTheRouteDoesNotHave() {
        APIGatewayProxyRequestEvent event = ingestEvent();
        event.setHttpMethod("DELETE");

        APIGatewayProxyResponseEvent response = handler.handleRequest(event, context);

        assertThat(response.getStatusCode()).isEqualTo(405);
        assertThat(response.getHeaders()).containsEntry("Allow", "GET, HEAD, POST, PUT");
    }

    private static APIGatewayProxyRequestEvent ingestEvent() {
        return Events.read("lambda-rest-ingest-event.json", APIGatewayProxyRequestEvent.class);
    }

    /** A GET of the Lakers' history with the given query parameters. */
    private static APIGatewayProxyRequestEvent history(Map<String, String> query) {
        Map<String, List<String>> multiValue = new HashMap<>();
        query.forEach((name, value) -> multiValue.put(name, List.of(value)));
        return get("/games/{id}/odds", "/games/" + LAKERS + "/odds", multiValue);
    }

    /** The ingest event turned into a GET, as API Gateway sends one. */
    private static APIGatewayProxyRequestEvent get(String resource, String path, Map<String, List<String>> query) {
        APIGatewayProxyRequestEvent event = ingestEvent();
        event.setHttpMethod("GET");
        event.setResource(resource);
        event.setPath(path);
        event.setBody(null);
        event.setMultiValueQueryStringParameters(query == null ? null : new HashMap<>(query));
        return event;
    }
}
