package io.sportsfeeds.api.fuzz;

import static io.sportsfeeds.api.fuzz.HostileJson.fields;
import static io.sportsfeeds.api.fuzz.HostileJson.string;
import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.api.Reference;
import io.sportsfeeds.api.http.HttpRequest;
import io.sportsfeeds.api.http.HttpResponse;
import io.sportsfeeds.api.http.RestApi;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * {@link RestApi#handle} fed with generated bodies and query strings: valid ones, and valid ones
 * broken in every way {@link HostileJson} knows. Whatever comes in, the answer is a 2xx or a JSON
 * 4xx naming what is to blame, and a refused write stores nothing.
 */
class RestApiFuzzTest {
    static final int TRIES = 10_000;

    final MutableClock clock = new MutableClock(Instant.ofEpochMilli(1_764_617_460_123L));
    final AtomicInteger committed = new AtomicInteger();
    InMemoryOddsStore store;
    InMemoryGameCatalogue catalogue;
    InMemoryClientRegistry registry;
    RestApi api;

    /** Fresh stores for every try, holding one batch already, so that a refused write has something to spoil. */
    @BeforeTry
    void freshStores() {
        store = new InMemoryOddsStore(clock);
        store.onCommit(changes -> committed.addAndGet(changes.size()));
        catalogue = new InMemoryGameCatalogue();
        registry = new InMemoryClientRegistry();
        api = new RestApi(
                new IngestFeeds(store, IngestFeeds.DEFAULT_MAX_BATCH),
                new ReadOdds(store),
                new RegisterGames(catalogue),
                new RegisterClients(registry, new ClientSecrets(new SecureRandom(), 1)),
                AuthenticateCallers.off());
        for (String path : List.of("/feeds", "/games", "/clients")) {
            String file = "provider-odds-batch.json";
            if (path.equals("/games")) {
                file = "games.json";
            } else if (path.equals("/clients")) {
                file = "clients.json";
            }
            assertThat(api.handle(put(path, Reference.bytes(file))).status()).isEqualTo(200);
        }
    }

    @Property(tries = TRIES)
    void ingestAnswers2xxOrANamed4xx_andStoresNothingWhenRefused(@ForAll("oddsBatches") byte[] body) {
        int before = committed.get();

        HttpResponse response = api.handle(put("/feeds", body));

        Invariants.assertAnswered(response, Invariants.shown(body));
        if (response.status() >= 400) {
            assertThat(committed.get()).as("stored after %s", response).isEqualTo(before);
        }
        Invariants.collect(response);
    }

    @Property(tries = TRIES)
    void gamesAnswer2xxOrANamed4xx_andStoreNothingWhenRefused(@ForAll("gameBatches") byte[] body) {
        int before = catalogue.games(Long.MIN_VALUE, Long.MAX_VALUE).size();

        HttpResponse response = api.handle(put("/games", body));

        Invariants.assertAnswered(response, Invariants.shown(body));
        if (response.status() >= 400) {
            assertThat(catalogue.games(Long.MIN_VALUE, Long.MAX_VALUE)).hasSize(before);
        }
        Invariants.collect(response);
    }

    @Property(tries = TRIES)
    void clientsAnswer2xxOrANamed4xx_andStoreNothingWhenRefused(@ForAll("clientBatches") byte[] body) {
        List<?> before = registry.clients();

        HttpResponse response = api.handle(put("/clients", body));

        Invariants.assertAnswered(response, Invariants.shown(body));
        if (response.status() >= 400) {
            assertThat(registry.clients()).isEqualTo(before);
        }
        Invariants.collect(response);
    }

    @Property(tries = TRIES)
    void readsAnswer2xxOrANamed4xx_whateverTheQuery(
            @ForAll("readPaths") String path, @ForAll("queries") Map<String, List<String>> query) {
        HttpResponse response = api.handle(new HttpRequest("GET", path, query, Map.of(), new byte[0]));

        Invariants.assertAnswered(response, path + " " + query);
        assertThat(response.status()).as("%s %s", path, query).isIn(200, 400, 404);
        Invariants.collect(response);
    }

    static HttpRequest put(String path, byte[] body) {
        return new HttpRequest("PUT", path, Map.of(), Map.of("Content-Type", "application/json"), body);
    }

    static Arbitrary<String> ids(String prefix) {
        return Arbitraries.strings()
                .alpha()
                .numeric()
                .ofMinLength(1)
                .ofMaxLength(12)
                .map(id -> string(prefix + id));
    }

    static Arbitrary<String> wholeNumbers(long min, long max) {
        return Arbitraries.longs().between(min, max).map(String::valueOf);
    }

    @Provide
    Arbitrary<byte[]> oddsBatches() {
        Arbitrary<HostileJson.RawObject> update = HostileJson.object(fields(
                "gameId", ids("game-"),
                "type", Arbitraries.of("spread", "moneyline", "total").map(HostileJson::string),
                "home", wholeNumbers(-20, 20),
                "away", wholeNumbers(-20, 20),
                "homeOdds", Arbitraries.of("-110", "-150", "240", "100", "-105.5"),
                "awayOdds", Arbitraries.of("-110", "130", "-200", "101"),
                "date", wholeNumbers(1_764_617_400L, 1_764_717_400L),
                "isOpen", Arbitraries.of("true", "false"),
                "summary", HostileJson.texts().map(HostileJson::string),
                "gameDate", Arbitraries.of("\"2026-12-01 19:30:00.000\"", "\"2026-12-02 20:00:00.000\"")));
        return HostileJson.batches("odds", update);
    }

    @Provide
    Arbitrary<byte[]> gameBatches() {
        Arbitrary<HostileJson.RawObject> game = HostileJson.object(fields(
                "gameId", ids("game-"),
                "sport", Arbitraries.of("\"basketball\"", "\"soccer\""),
                "name", HostileJson.texts().map(HostileJson::string),
                "venue", Arbitraries.of("\"TD Garden\"", "\"Emirates\""),
                "season", Arbitraries.of("\"2026\""),
                "type", Arbitraries.of("\"regular\"", "\"playoff\""),
                "status", Arbitraries.of("\"scheduled\"", "\"live\"", "\"final\""),
                "gameDate", wholeNumbers(1_764_617_400L, 1_864_617_400L)));
        return HostileJson.batches("games", game);
    }

    @Provide
    Arbitrary<byte[]> clientBatches() {
        Arbitrary<HostileJson.RawObject> client = HostileJson.object(fields(
                "clientId", ids("client-"),
                "name", HostileJson.texts().map(HostileJson::string),
                "active", Arbitraries.of("true", "false")));
        return HostileJson.batches("clients", client);
    }

    @Provide
    Arbitrary<String> readPaths() {
        return Arbitraries.oneOf(
                Arbitraries.of("/feeds", "/games", "/clients", "/games/game-1/odds", "/games//odds", "/nowhere"),
                HostileJson.texts().map(id -> "/games/" + id + "/odds"));
    }

    @Provide
    Arbitrary<Map<String, List<String>>> queries() {
        Arbitrary<String> name = Arbitraries.of("game", "market", "from", "to", "limit", "date", "client", "x", "");
        Arbitrary<String> value = Arbitraries.frequencyOf(
                Tuple.of(3, HostileJson.hostileNumbers()),
                Tuple.of(2, HostileJson.texts()),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                "game-1",
                                "spread",
                                "2026-12-01",
                                "2026-02-30",
                                "2026-13-01",
                                "+999999999-12-31",
                                "0",
                                "1",
                                "1000",
                                "1001",
                                "1764617400000",
                                "")));
        Arbitrary<Map.Entry<String, List<String>>> parameter = Combinators.combine(
                        name, value.list().ofMinSize(1).ofMaxSize(3))
                .as(Map::entry);
        return parameter.list().ofMaxSize(5).map(parameters -> {
            Map<String, List<String>> query = new LinkedHashMap<>();
            parameters.forEach(p ->
                    query.computeIfAbsent(p.getKey(), k -> new ArrayList<>()).addAll(p.getValue()));
            return query;
        });
    }
}
