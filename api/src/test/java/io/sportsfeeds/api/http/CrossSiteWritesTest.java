package io.sportsfeeds.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.api.Reference;
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

/**
 * Writes a browser sent for a page of another origin are refused, even with authentication off
 * (where nothing else stops them); other clients, reads and the server's own page are not concerned.
 */
class CrossSiteWritesTest {
    private static final String GAME = "game-7F3A1C52-0B6E-4D7A-9C1E-2B8D5E6F4A10";

    private final InMemoryOddsStore store =
            new InMemoryOddsStore(new MutableClock(Instant.ofEpochMilli(1764617460123L)));
    private final RestApi api = new RestApi(
            new IngestFeeds(store, IngestFeeds.DEFAULT_MAX_BATCH),
            new ReadOdds(store),
            new RegisterGames(new InMemoryGameCatalogue()),
            new RegisterClients(new InMemoryClientRegistry(), new ClientSecrets(new SecureRandom(), 1_000)),
            AuthenticateCallers.off());

    private HttpResponse putFeeds(String secFetchSite, String origin, String host) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/plain");
        if (!secFetchSite.isEmpty()) {
            headers.put("Sec-Fetch-Site", secFetchSite);
        }
        if (!origin.isEmpty()) {
            headers.put("Origin", origin);
        }
        if (!host.isEmpty()) {
            headers.put("Host", host);
        }
        return api.handle(
                new HttpRequest("PUT", "/feeds", Map.of(), headers, Reference.bytes("provider-odds-batch.json")));
    }

    private static String body(HttpResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "Sec-Fetch-Site {0}, Origin {1}, Host {2}")
    @CsvSource({
        // what browsers say of a page of another site, or of another port of this host
        "cross-site, https://odds-injector.example, 127.0.0.1:7070, Sec-Fetch-Site",
        "same-site, http://localhost:3000, localhost:7070, Sec-Fetch-Site",
        // older browsers send only Origin
        "'', https://odds-injector.example, 127.0.0.1:7070, Origin",
        "'', http://localhost:3000, localhost:7070, Origin",
        "'', http://127.0.0.1:7070, localhost:7070, Origin",
        "'', https://127.0.0.1, 127.0.0.1:80, Origin",
        "'', http://127.0.0.1:3000, 127.0.0.1, Origin",
        // a sandboxed frame or a file
        "'', null, 127.0.0.1:7070, Origin",
    })
    void refuses403NamingTheHeader_andStoresNothing_whenAPageOfAnotherOriginSentTheWrite(
            String secFetchSite, String origin, String host, String blamed) {
        HttpResponse refused = putFeeds(secFetchSite, origin, host);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(body(refused))
                .startsWith("{\"error\":\"forbidden\",\"message\":\"a web page of another origin may not change data")
                .contains("\"field\":\"" + blamed + "\"");
        assertThat(store.latest(GAME)).isEmpty();
    }

    @ParameterizedTest(name = "Sec-Fetch-Site {0}, Origin {1}, Host {2}")
    @CsvSource({
        // curl, scripts, the providers' own servers
        "'', '', 127.0.0.1:7070",
        // the server's own page, or an address typed into the browser
        "same-origin, http://127.0.0.1:7070, 127.0.0.1:7070",
        "none, '', 127.0.0.1:7070",
        "'', http://127.0.0.1:7070, 127.0.0.1:7070",
        "'', HTTP://LOCALHOST:7070, localhost:7070",
        // behind a proxy that terminates TLS and keeps the host name without its port
        "'', https://odds.example.com, odds.example.com",
        "'', https://odds.example.com, odds.example.com:443",
    })
    void stores_whenNoBrowserOrTheServersOwnPageSentTheWrite(String secFetchSite, String origin, String host) {
        HttpResponse stored = putFeeds(secFetchSite, origin, host);

        assertThat(stored.status()).as(body(stored)).isEqualTo(200);
        assertThat(store.latest(GAME)).isNotEmpty();
    }

    @Test
    void answersReads_whateverPageAsked() {
        putFeeds("", "", "");
        HttpResponse read = api.handle(new HttpRequest(
                "GET",
                "/feeds",
                Map.of("game", List.of(GAME)),
                Map.of("Sec-Fetch-Site", "cross-site", "Origin", "https://elsewhere.example"),
                null));

        assertThat(read.status()).isEqualTo(200);
        assertThat(body(read)).contains(GAME);
    }
}
