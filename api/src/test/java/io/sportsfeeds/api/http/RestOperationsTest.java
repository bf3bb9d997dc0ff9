package io.sportsfeeds.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.domain.ApiKey;
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
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The route table and the REST API answer the same operations, each for the roles the table names. */
class RestOperationsTest {
    private static final String PROVIDER_KEY = "provider-key-0123456789abcdef";
    private static final String ADMIN_KEY = "admin-key-0123456789abcdef";

    private final InMemoryClientRegistry clients = new InMemoryClientRegistry();
    private final ClientSecrets secrets = new ClientSecrets(new SecureRandom(), 1_000);
    private final InMemoryOddsStore odds =
            new InMemoryOddsStore(new MutableClock(Instant.parse("2026-12-01T19:31:00Z")));
    private final RestApi api = new RestApi(
            new IngestFeeds(odds, IngestFeeds.DEFAULT_MAX_BATCH),
            new ReadOdds(odds),
            new RegisterGames(new InMemoryGameCatalogue()),
            new RegisterClients(clients, secrets),
            AuthenticateCallers.with(
                    List.of(ApiKey.of(Role.PROVIDER, PROVIDER_KEY), ApiKey.of(Role.ADMIN, ADMIN_KEY)),
                    clients,
                    secrets));

    @Test
    void namesEveryOperationOnce_andTheProviderOnesAreIngestAndTheReads() {
        assertThat(RestOperations.ALL).extracting(RestOperations.Operation::key).doesNotHaveDuplicates();
        assertThat(RestOperations.callableBy(Role.PROVIDER))
                .containsExactlyInAnyOrder(
                        "PUT /feeds", "POST /feeds", "GET /feeds", "GET /games/{id}/odds", "GET /games");
        assertThat(RestOperations.callableBy(Role.ADMIN))
                .containsAll(RestOperations.callableBy(Role.PROVIDER).stream()
                        .filter(key -> key.startsWith("GET"))
                        .toList())
                .contains("PUT /games", "GET /clients", "PUT /clients");
    }

    @Test
    void theApiAnswersExactlyTheTablesMethodsOnEachPath() {
        Map<String, TreeSet<String>> methodsByPath = RestOperations.ALL.stream()
                .collect(Collectors.groupingBy(
                        RestOperations.Operation::path,
                        Collectors.mapping(RestOperations.Operation::method, Collectors.toCollection(TreeSet::new))));
        methodsByPath.forEach((path, methods) -> {
            HttpResponse response = api.handle(request("DELETE", path, PROVIDER_KEY));
            TreeSet<String> allowed = new TreeSet<>(methods);
            if (allowed.contains("GET")) {
                allowed.add("HEAD");
            }
            assertThat(response.status()).as("DELETE %s", path).isEqualTo(405);
            assertThat(response.headers()).as("Allow of %s", path).containsEntry("Allow", String.join(", ", allowed));
        });
    }

    @Test
    void eachOperationLetsInTheRolesOfTheTable_andRefusesTheOthers() {
        for (RestOperations.Operation operation : RestOperations.ALL) {
            for (Map.Entry<Role, String> caller :
                    Map.of(Role.PROVIDER, PROVIDER_KEY, Role.ADMIN, ADMIN_KEY).entrySet()) {
                HttpResponse response = api.handle(request(operation.method(), operation.path(), caller.getValue()));
                if (operation.allows(caller.getKey())) {
                    assertThat(response.status())
                            .as("%s by %s: %s", operation.key(), caller.getKey(), response.bodyText())
                            .isNotIn(401, 403, 404, 405);
                } else {
                    assertThat(response.status())
                            .as("%s by %s", operation.key(), caller.getKey())
                            .isEqualTo(403);
                }
            }
        }
    }

    private static HttpRequest request(String method, String pathPattern, String key) {
        String path = pathPattern.replace("{id}", "game-1");
        return new HttpRequest(method, path, Map.of(), Map.of("x-api-key", key), new byte[0]);
    }
}
