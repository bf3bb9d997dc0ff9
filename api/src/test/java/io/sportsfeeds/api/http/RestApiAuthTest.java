package io.sportsfeeds.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.api.Reference;
import io.sportsfeeds.core.domain.ApiKey;
import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.Role;
import io.sportsfeeds.core.fakes.InMemoryClientRegistry;
import io.sportsfeeds.core.fakes.InMemoryGameCatalogue;
import io.sportsfeeds.core.fakes.InMemoryOddsStore;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.usecase.AuthenticateCallers;
import io.sportsfeeds.core.usecase.ClientSecrets;
import io.sportsfeeds.core.usecase.IngestFeeds;
import io.sportsfeeds.core.usecase.ReadOdds;
import io.sportsfeeds.core.usecase.RegisterClients;
import io.sportsfeeds.core.usecase.RegisterGames;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Who may call which route of the REST API, and what the others are told. */
class RestApiAuthTest {
    static final String PROVIDER_KEY = "provider-key-0000000001";
    static final String ADMIN_KEY = "admin-key-000000000001";
    static final String SECRET = "secret-of-client-001";

    final InMemoryOddsStore store = new InMemoryOddsStore(new MutableClock(Instant.ofEpochMilli(1764617460123L)));
    final InMemoryClientRegistry registry = new InMemoryClientRegistry();
    final ClientSecrets secrets = new ClientSecrets(new SecureRandom(), 1_000);
    final RestApi api = new RestApi(
            new IngestFeeds(store, IngestFeeds.DEFAULT_MAX_BATCH),
            new ReadOdds(store),
            new RegisterGames(new InMemoryGameCatalogue()),
            new RegisterClients(registry, secrets),
            AuthenticateCallers.with(
                    List.of(ApiKey.of(Role.PROVIDER, PROVIDER_KEY), ApiKey.of(Role.ADMIN, ADMIN_KEY)),
                    registry,
                    secrets));

    RestApiAuthTest() {
        registry.putClients(List.of(
                new Client("client-001", "Trading desk A", true, secrets.hash(SECRET)),
                new Client("client-002", "Trading desk B", false, secrets.hash("secret-of-client-002"))));
    }

    HttpResponse call(String method, String path, Map<String, String> headers, byte[] body) {
        int question = path.indexOf('?');
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (question >= 0) {
            String[] nameAndValue = path.substring(question + 1).split("=", 2);
            query.put(nameAndValue[0], List.of(nameAndValue[1]));
        }
        return api.handle(
                new HttpRequest(method, question < 0 ? path : path.substring(0, question), query, headers, body));
    }

    HttpResponse call(String method, String path, Map<String, String> headers) {
        return call(method, path, headers, bodyFor(method, path));
    }

    static byte[] bodyFor(String method, String path) {
        if (method.equals("GET") || method.equals("HEAD")) {
            return new byte[0];
        }
        String reference = path.startsWith("/feeds")
                ? "provider-odds-batch.json"
                : path.startsWith("/games") ? "games.json" : "clients.json";
        return Reference.bytes(reference);
    }

    static Map<String, String> key(String key) {
        return Map.of("X-Api-Key", key);
    }

    static Map<String, String> client(String clientId, String secret) {
        return Map.of("x-client-id", clientId, "x-client-secret", secret);
    }

    @ParameterizedTest(name = "{0} {1} with {2}")
    @CsvSource({
        "PUT, /feeds, provider",
        "POST, /feeds, provider",
        "GET, /feeds?game=game-1, provider",
        "GET, /feeds?game=game-1, admin",
        "GET, /feeds?game=game-1, client",
        "GET, /games/game-1/odds, provider",
        "GET, /games/game-1/odds, admin",
        "GET, /games/game-1/odds, client",
        "HEAD, /games/game-1/odds, client",
        "GET, /games, provider",
        "GET, /games, admin",
        "GET, /games, client",
        "PUT, /games, admin",
        "PUT, /clients, admin",
        "GET, /clients, admin",
    })
    void answers200_whenTheCredentialsAllowTheRoute(String method, String path, String who) {
        Map<String, String> headers = switch (who) {
            case "provider" -> key(PROVIDER_KEY);
            case "admin" -> key(ADMIN_KEY);
            default -> client("client-001", SECRET);
        };

        HttpResponse response = call(method, path, headers);

        assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "PUT | /feeds | PUT /feeds needs a provider key in the header x-api-key",
                "POST | /feeds | POST /feeds needs a provider key in the header x-api-key",
                "GET | /feeds?game=game-1 | GET /feeds needs a provider key or an admin key in the header x-api-key, or a client's id and secret in the headers x-client-id and x-client-secret",
                "GET | /games/game-1/odds | GET /games/game-1/odds needs a provider key or an admin key in the header x-api-key, or a client's id and secret in the headers x-client-id and x-client-secret",
                "GET | /games | GET /games needs a provider key or an admin key in the header x-api-key, or a client's id and secret in the headers x-client-id and x-client-secret",
                "PUT | /games | PUT /games needs an admin key in the header x-api-key",
                "PUT | /clients | PUT /clients needs an admin key in the header x-api-key",
                "GET | /clients | GET /clients needs an admin key in the header x-api-key",
            })
    void answers401NamingTheHeader_whenNoCredentialsAreGiven(String method, String path, String message) {
        HttpResponse response = call(method, path, Map.of());

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers())
                .containsEntry("Content-Type", HttpResponse.JSON_CONTENT_TYPE)
                .containsEntry("WWW-Authenticate", "ApiKey realm=\"sportsfeeds\", header=\"x-api-key\"");
        assertThat(response.bodyText())
                .isEqualTo("{\"error\":\"missing_credentials\",\"message\":\"" + message
                        + "\",\"fields\":[{\"field\":\"x-api-key\",\"message\":\"x-api-key is required\"}]}");
    }

    @Test
    void answers403InvalidApiKey_andStoresNothing_whenTheKeyIsWrong() {
        HttpResponse response = call("PUT", "/feeds", key("a-key-nobody-gave-out"));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.bodyText())
                .isEqualTo(
                        "{\"error\":\"invalid_api_key\",\"message\":\"the key in the header x-api-key is not valid\","
                                + "\"fields\":[{\"field\":\"x-api-key\",\"message\":\"x-api-key is not a valid key\"}]}");
        assertThat(store.latest("game-7F3A1C52-0B6E-4D7A-9C1E-2B8D5E6F4A10")).isEmpty();
    }

    @Test
    void answers403Forbidden_whenAKeyOfTheOtherRoleIsGiven() {
        HttpResponse providerOnClients = call("PUT", "/clients", key(PROVIDER_KEY));
        HttpResponse adminOnFeeds = call("PUT", "/feeds", key(ADMIN_KEY));

        assertThat(providerOnClients.status()).isEqualTo(403);
        assertThat(providerOnClients.bodyText())
                .isEqualTo(
                        "{\"error\":\"forbidden\",\"message\":\"PUT /clients needs an admin key; the caller gave a provider key\"}");
        assertThat(adminOnFeeds.bodyText())
                .isEqualTo(
                        "{\"error\":\"forbidden\",\"message\":\"PUT /feeds needs a provider key; the caller gave an admin key\"}");
        assertThat(registry.clients()).hasSize(2);
    }

    @Test
    void refusesClientsThatAreUnknownWrongOrInactive_onReads() {
        HttpResponse unknown = call("GET", "/games", client("client-999", SECRET));
        HttpResponse wrong = call("GET", "/games", client("client-001", "secret-of-client-002"));
        HttpResponse inactive = call("GET", "/games", client("client-002", "secret-of-client-002"));
        HttpResponse noSecret = call("GET", "/games", Map.of("x-client-id", "client-001"));
        HttpResponse onAdmin = call("GET", "/clients", client("client-001", SECRET));

        assertThat(unknown.bodyText())
                .isEqualTo(
                        "{\"error\":\"unknown_client\",\"message\":\"client client-999 is not registered\","
                                + "\"fields\":[{\"field\":\"x-client-id\",\"message\":\"x-client-id is not a registered client\"}]}");
        assertThat(wrong.bodyText())
                .isEqualTo(
                        "{\"error\":\"invalid_secret\",\"message\":\"the secret of client client-001 is wrong\","
                                + "\"fields\":[{\"field\":\"x-client-secret\",\"message\":\"x-client-secret is not the client's secret\"}]}");
        assertThat(inactive.bodyText())
                .isEqualTo("{\"error\":\"inactive_client\",\"message\":\"client client-002 is not active\"}");
        assertThat(List.of(unknown.status(), wrong.status(), inactive.status())).containsOnly(403);
        assertThat(noSecret.status()).isEqualTo(401);
        assertThat(noSecret.bodyText())
                .isEqualTo(
                        "{\"error\":\"missing_credentials\",\"message\":\"client client-001 needs its secret in the header x-client-secret\","
                                + "\"fields\":[{\"field\":\"x-client-secret\",\"message\":\"x-client-secret is required\"}]}");
        assertThat(onAdmin.status()).isEqualTo(401);
    }

    @Test
    void findsTheRouteFirst_so404And405AnswerWithoutCredentials() {
        assertThat(call("GET", "/nothing", Map.of()).status()).isEqualTo(404);
        assertThat(call("DELETE", "/clients", Map.of()).status()).isEqualTo(405);
    }

    @Test
    void answersTheNewSecretsOnce_whenAnAdminRegistersClientsWithoutSecrets() {
        HttpResponse first = call(
                "PUT",
                "/clients",
                key(ADMIN_KEY),
                "{\"clients\":[{\"clientId\":\"client-005\"}]}".getBytes(StandardCharsets.UTF_8));
        String secret = first.bodyText().replaceAll(".*\"client-005\":\"([^\"]+)\".*", "$1");
        HttpResponse again = call(
                "PUT",
                "/clients",
                key(ADMIN_KEY),
                "{\"clients\":[{\"clientId\":\"client-005\",\"name\":\"Desk E\"}]}".getBytes(StandardCharsets.UTF_8));

        assertThat(first.bodyText()).startsWith("{\"stored\":1,\"secrets\":{\"client-005\":\"sfs_");
        assertThat(again.bodyText()).isEqualTo("{\"stored\":1}");
        assertThat(call("GET", "/games", client("client-005", secret)).status()).isEqualTo(200);
        assertThat(call("GET", "/clients", key(ADMIN_KEY)).bodyText())
                .doesNotContain(secret)
                .doesNotContain("pbkdf2");
    }
}
