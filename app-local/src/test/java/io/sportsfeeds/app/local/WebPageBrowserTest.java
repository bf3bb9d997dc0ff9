package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sportsfeeds.adapters.local.EmbeddedStorage;
import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.fakes.Await;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.WebElement;

/**
 * The analysts' page in headless Chromium against a real server: the board and its flashes after
 * an ingest over HTTP, history charts, a resume across a server restart with every update,
 * suspended and stale marking, the settings and the secret, and a client the server refuses. Each
 * test saves a screenshot under {@code target/web-screenshots/}.
 */
class WebPageBrowserTest extends ServerTestBase {
    private static final Path SCREENSHOTS = Path.of("target", "web-screenshots");
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Provider dates: now, one millisecond apart, so each update is the newest of its market. */
    private static final AtomicLong DATES = new AtomicLong(System.currentTimeMillis());

    private Browser browser;

    @AfterEach
    void screenshot(TestInfo test) {
        if (browser != null) {
            browser.screenshot(
                    SCREENSHOTS.resolve(test.getTestMethod().orElseThrow().getName() + ".png"));
        }
    }

    @Test
    void showsEveryScheduledGame_andFlashesThePricesAnIngestMoves() throws Exception {
        LocalApp app = start();
        put(app, odds(LAKERS, "spread", -110, -110, 3.5, true));

        open(app);

        List<String> cards = browser.findAll(".game").stream()
                .map(card -> card.getDomAttribute("data-game-id"))
                .toList();
        List<String> scheduled =
                Http.json(Http.get(url(app, "/games")).body()).path("games").findValuesAsText("gameId");
        assertThat(cards).containsExactlyInAnyOrderElementsOf(scheduled).hasSize(5);
        String spread = row(LAKERS, "spread");
        browser.waitUntil(WAIT, () -> "1".equals(browser.attribute(spread, "data-seq")), () -> browser.text(spread));
        assertThat(browser.text(card(LAKERS) + " h2")).isEqualTo("Lakers @ Celtics");
        assertThat(browser.text(spread + " .homeOdds")).isEqualTo("-110");
        assertThat(browser.text(spread + " .home")).isEqualTo("+3.5");
        assertThat(browser.text(spread + " .age")).matches("\\d+s ago");

        put(app, odds(LAKERS, "spread", -105, -120, 3.5, true));

        browser.waitUntil(WAIT, () -> "2".equals(browser.attribute(spread, "data-seq")), () -> browser.text(spread));
        assertThat(browser.text(spread + " .homeOdds")).startsWith("-105");
        assertThat(browser.text(spread + " .awayOdds")).startsWith("-120");
        assertThat(classes(spread + " .homeOdds")).contains("up");
        assertThat(classes(spread + " .awayOdds")).contains("down");
        assertThat(classes(spread + " .home")).doesNotContain("up", "down");
        assertThat(browser.text("#connection")).isEqualTo("Connected");
        assertThat(sameOrigin(app))
                .as("every script and style comes from the server")
                .isTrue();
        assertThat(browser.errors()).isEmpty();
    }

    @Test
    void chartsAMarketsHistory_andExtendsItWithEachLiveUpdate() throws Exception {
        LocalApp app = start();
        for (int i = 0; i < 6; i++) {
            put(app, odds(LAKERS, "total", -110 - i, -110 + i, 210.5 + i / 2.0, true));
        }
        put(app, odds(LAKERS, "spread", -110, -110, 3.5, true));

        open(app);
        String chart = card(LAKERS) + " .chart";
        browser.find(row(LAKERS, "total")).click();

        browser.waitUntil(WAIT, () -> "6".equals(browser.attribute(chart, "data-points")), () -> chartState(chart));
        assertThat(browser.attribute(chart, "data-market")).isEqualTo("total");
        assertThat(browser.attribute(chart, "data-state")).isEqualTo("ready");
        WebElement canvas = browser.find(chart + " canvas");
        assertThat(canvas.getSize().getWidth()).isGreaterThan(200);
        assertThat(canvas.getSize().getHeight()).isGreaterThan(100);

        put(app, odds(LAKERS, "total", -120, -100, 214.5, true));

        browser.waitUntil(WAIT, () -> "7".equals(browser.attribute(chart, "data-points")), () -> chartState(chart));
        assertThat(browser.attribute(chart, "data-last-seq")).isEqualTo("8");
        browser.screenshot(SCREENSHOTS.resolve("chartsAMarketsHistory_total.png"));
        browser.find(row(LAKERS, "spread")).click();
        browser.waitUntil(
                WAIT, () -> "spread".equals(browser.attribute(chart, "data-market")), () -> chartState(chart));
        browser.waitUntil(WAIT, () -> "1".equals(browser.attribute(chart, "data-points")), () -> chartState(chart));
        assertThat(browser.errors()).isEmpty();
    }

    @Test
    void resumesAfterARestartOnTheSamePort_withEveryUpdateIncludingThosePostedWhileItWasDown() throws Exception {
        LocalApp first = start();
        int port = first.port();
        open(first);
        String epoch = (String) diagnostics().get("epoch");
        for (int i = 0; i < 3; i++) {
            put(first, odds(LAKERS, "spread", -110 - i, -110, 3.5, true));
        }
        browser.waitUntil(WAIT, () -> heldSeq(LAKERS) == 3, () -> String.valueOf(diagnostics()));

        first.close();
        waitForState("reconnecting");
        // While the page's server is down, updates arrive through another server on the same store.
        LocalApp meanwhile = start(settings(0));
        for (int i = 0; i < 4; i++) {
            put(meanwhile, odds(LAKERS, "spread", -120 - i, -100, 4.0, true));
        }
        meanwhile.close();
        LocalApp restarted = start(settings(port));

        waitForState("resumed");
        put(restarted, odds(LAKERS, "spread", -130, -95, 4.5, true));
        browser.waitUntil(WAIT, () -> heldSeq(LAKERS) == 8, () -> String.valueOf(diagnostics()));

        Map<String, Object> state = diagnostics();
        assertThat(state.get("epoch")).isEqualTo(epoch);
        assertThat(state.get("gaps")).isEqualTo(0L);
        assertThat(((Map<?, ?>) state.get("applied")).get(LAKERS))
                .isEqualTo(LongStream.rangeClosed(1, 8).boxed().toList());
        assertThat((List<?>) state.get("starts"))
                .allSatisfy(
                        start -> assertThat(((Map<?, ?>) start).get("start")).isEqualTo("resumed"));
        String spread = row(LAKERS, "spread");
        assertThat(browser.attribute(spread, "data-seq")).isEqualTo("8");
        assertThat(browser.text(spread + " .homeOdds")).startsWith("-130");
        assertThat(browser.attribute(card(LAKERS) + " .chart", "data-points"))
                .as("the chart, extended by the replay")
                .isEqualTo("8");
        assertThat(browser.text("#connection")).isEqualTo("Resumed");
        assertThat(browser.errors()).allMatch(attemptWhileDown(port));
    }

    @Test
    void marksTheGamesNotRecovered_andShowsTheNewStoresOdds_whenTheServerComesBackOnAnotherStore(
            @TempDir Path otherStore) throws Exception {
        // Without authentication: a new store makes new client secrets, which the page cannot know.
        LocalApp first = start(AuthSettings.off());
        int port = first.port();
        open(first);
        String epoch = (String) diagnostics().get("epoch");
        put(first, odds(LAKERS, "spread", -110, -110, 3.5, true));
        put(first, odds(LAKERS, "spread", -115, -105, 3.5, true));
        browser.waitUntil(WAIT, () -> heldSeq(LAKERS) == 2, () -> String.valueOf(diagnostics()));

        first.close();
        waitForState("reconnecting");
        LocalApp reset = start(ServerSettings.builder()
                .port(port)
                .dataDir(otherStore)
                .maxBodyBytes(MAX_BODY_BYTES)
                .auth(AuthSettings.off())
                .build());
        put(reset, odds(LAKERS, "spread", -140, 120, 5.5, true));

        waitForState("not-recovered");
        String spread = row(LAKERS, "spread");
        String chart = card(LAKERS) + " .chart";
        assertThat(browser.text("#connection")).isEqualTo("Not recovered");
        assertThat(browser.attribute(card(LAKERS), "data-start")).isEqualTo("not_recovered");
        assertThat(browser.text(card(LAKERS) + " .badge.not-recovered"))
                .isEqualTo("NOT RECOVERED: reloaded from a snapshot");
        assertThat(browser.attribute(spread, "data-seq")).isEqualTo("1");
        assertThat(browser.text(spread + " .homeOdds")).startsWith("-140");
        browser.waitUntil(WAIT, () -> "1".equals(browser.attribute(chart, "data-points")), () -> chartState(chart));
        assertThat(diagnostics().get("epoch")).isNotEqualTo(epoch);
        assertThat(heldSeq(LAKERS)).isEqualTo(1);
        assertThat(browser.errors()).allMatch(attemptWhileDown(port));
    }

    @Test
    void marksASuspendedMarketAndAQuietGame_untilTheGamesNextUpdate() throws Exception {
        LocalApp app = start(ServerSettings.builder()
                .dataDir(dataDir)
                .maxBodyBytes(MAX_BODY_BYTES)
                .staleAfter(Duration.ofSeconds(4))
                .auth(AuthSettings.keys(List.of(API_KEY), List.of(API_KEY)))
                .build());
        open(app);

        put(app, odds(LAKERS, "moneyline", -150, 130, 0, false));

        String moneyline = row(LAKERS, "moneyline");
        browser.waitUntil(
                WAIT, () -> "false".equals(browser.attribute(moneyline, "data-open")), () -> browser.text(moneyline));
        assertThat(browser.text(moneyline + " .badge.suspended")).isEqualTo("SUSPENDED");
        browser.waitUntil(
                WAIT,
                () -> "true".equals(browser.attribute(card(LAKERS), "data-stale")),
                () -> browser.text(card(LAKERS)));
        assertThat(browser.text(card(LAKERS) + " .badge.stale")).startsWith("STALE · quiet ");
        assertThat(browser.attribute(card(ARSENAL), "data-stale"))
                .as("a game with no updates is not told stale")
                .isNull();
        browser.screenshot(SCREENSHOTS.resolve("marksASuspendedMarketAndAQuietGame_stale.png"));

        put(app, odds(LAKERS, "spread", -110, -110, 3.5, true));

        browser.waitUntil(
                WAIT, () -> browser.attribute(card(LAKERS), "data-stale") == null, () -> browser.text(card(LAKERS)));
        assertThat(browser.findAll(card(LAKERS) + " .badge.stale")).isEmpty();
        assertThat(browser.attribute(moneyline, "data-open"))
                .as("still suspended: no update of its own")
                .isEqualTo("false");
        assertThat(browser.attribute(row(LAKERS, "spread"), "data-open")).isEqualTo("true");
        assertThat(browser.errors()).isEmpty();
    }

    @Test
    void asksForAClientId_thenConnectsAsTheSettingsFormSays_keepingTheSecretOutOfTheAddressBar() {
        LocalApp app = start();
        openPage(app.httpUrl() + "/");
        waitForState("stopped");
        assertThat(browser.text("#connection-detail")).isEqualTo("enter a client id in the settings");
        assertThat(browser.attribute("#settings", "open")).isNotNull();

        String secret = secrets.get("client-001");
        browser.find("#settings-form [name=client]").sendKeys("client-001");
        browser.find("#settings-form [name=secret]").sendKeys(secret);
        browser.find("#settings-form [name=history]").sendKeys("30");
        browser.find("#settings-form button[type=submit]").click();

        waitForState("connected");
        assertThat(diagnostics().get("url"))
                .isEqualTo("ws://127.0.0.1:" + app.port() + "/ws?client=client-001&secret=...");
        assertThat(browser.script("return location.search")).isEqualTo("?client=client-001&history=30");
        assertThat(browser.findAll(".game")).hasSize(5);
        assertThat(browser.errors()).isEmpty();
    }

    @Test
    void takesTheSecretOutOfTheAddressBar_keepingTheOtherParameters_andStillHasItAfterAReload() {
        LocalApp app = start();
        String secret = secrets.get("client-001");
        String ws = "ws://127.0.0.1:" + app.port() + "/ws";

        openPage(app.httpUrl() + "/?client=client-001&secret=" + secret + "&ws=" + ws + "&history=30#board");

        waitForState("connected");
        assertThat(browser.script("return location.href"))
                .isEqualTo(app.httpUrl() + "/?client=client-001&ws=" + ws + "&history=30#board");
        assertThat(browser.script("return JSON.stringify(window.sportsfeeds.diagnostics())"))
                .asString()
                .contains("\"url\":\"ws://127.0.0.1:" + app.port() + "/ws?client=client-001&secret=...\"")
                .doesNotContain(secret);
        // Opened again in the same tab (whose session storage holds the secret), as a reload does; the
        // driver waits for the load, so the state read next is the new page's.
        browser.open((String) browser.script("return location.href"));
        waitForState("connected");
        assertThat(browser.script("return location.search")).isEqualTo("?client=client-001&ws=" + ws + "&history=30");
        assertThat(browser.errors()).isEmpty();
    }

    @Test
    void stopsAndAsksForTheSecret_whenALinkHasNone_thenConnectsWithTheOneEnteredInTheSettings() {
        LocalApp app = start();

        openPage(app.httpUrl() + "/?client=client-001");

        waitForState("refused");
        assertThat(browser.text("#connection")).isEqualTo("Refused");
        assertThat(browser.text("#connection-detail"))
                .isEqualTo("the server needs the secret of client-001: enter it in Settings");
        assertThat(browser.attribute("#settings", "open")).isNotNull();
        assertThat(browser.script("return document.activeElement.name")).isEqualTo("secret");
        assertReadsTheGamesNoMore();

        browser.find("#settings-form [name=secret]").sendKeys(secrets.get("client-001"));
        browser.find("#settings-form button[type=submit]").click();

        waitForState("connected");
        assertThat(browser.findAll(".game")).hasSize(5);
        assertThat(browser.errors()).allMatch(refusedRead(app, 401));
    }

    @ParameterizedTest(name = "{0} with the secret of {1}")
    @CsvSource({
        "client-001, client-003, 'the secret of client-001 is wrong: enter the right one in Settings', secret",
        "client-999, client-001, 'client-999 is not a registered client: check the client id in Settings', client",
        "client-002, client-002, 'client-002 is deactivated: ask an admin to make it active again', client",
    })
    void stopsAndSaysWhy_whenTheServerRefusesTheClient(String client, String secretOf, String why, String field) {
        LocalApp app = start();

        openPage(app.httpUrl() + "/?client=" + client + "&secret=" + secrets.get(secretOf));

        waitForState("refused");
        assertThat(browser.text("#connection-detail")).isEqualTo(why);
        assertThat(browser.attribute("#settings", "open")).isNotNull();
        assertThat(browser.script("return document.activeElement.name")).isEqualTo(field);
        assertReadsTheGamesNoMore();
        assertThat(browser.errors()).allMatch(refusedRead(app, 403));
    }

    @Test
    void stopsAndPointsAtTheSetting_whenTheServerRefusesTheRequestItself() {
        LocalApp app = start();

        openPage(app.httpUrl() + "/?client=client-001&secret=" + secrets.get("client-001") + "&day=2025-13-01");

        waitForState("refused");
        assertThat(browser.text("#connection-detail"))
                .startsWith(
                        "the server refuses the request: GET /games answered 400: date must be a day as YYYY-MM-DD");
        assertThat(browser.script("return document.activeElement.name")).isEqualTo("day");
        assertReadsTheGamesNoMore();
    }

    @Test
    void stopsAndPointsAtTheRestUrl_whenItLeadsSomewhereWithoutTheApi() {
        LocalApp app = start();

        openPage(app.httpUrl() + "/?client=client-001&secret=" + secrets.get("client-001") + "&api=" + app.httpUrl()
                + "/no-api-here");

        waitForState("refused");
        assertThat(browser.text("#connection-detail"))
                .startsWith("GET /no-api-here/games answered 404: ")
                .endsWith(": check the REST URL in Settings");
        assertThat(browser.script("return document.activeElement.name")).isEqualTo("api");
    }

    @Test
    void stopsReconnecting_andSaysWhy_whenTheClientWasDeactivatedWhileTheServerWasDown() {
        LocalApp first = start();
        int port = first.port();
        open(first);

        first.close();
        browser.waitUntil(
                WAIT,
                () -> browser.text("#connection-detail").startsWith("could not connect; retrying in "),
                () -> browser.text("#connection") + ": " + browser.text("#connection-detail"));
        // Deactivated in the store while the server is down: a running server would close the
        // connection itself (1008) before the page saw it go.
        try (EmbeddedStorage store = EmbeddedStorage.open(dataDir, Clock.systemUTC(), Duration.ofDays(30))) {
            Client client = store.clientRegistry().client("client-001").orElseThrow();
            store.clientRegistry()
                    .putClients(List.of(new Client(client.clientId(), client.name(), false, client.secretHash())));
        }
        LocalApp restarted = start(settings(port));

        waitForState("refused");
        assertThat(browser.text("#connection-detail"))
                .isEqualTo("client-001 is deactivated: ask an admin to make it active again");
        assertThat(browser.attribute("#settings", "open")).isNotNull();
        assertThat(browser.findAll(".game")).as("the board as it was").hasSize(5);
        long attempts = webSocketFailures(port);
        assertThat(Await.within(
                        Duration.ofSeconds(2),
                        Duration.ofMillis(100),
                        () -> !"refused".equals(browser.attribute("#connection", "data-state"))
                                || webSocketFailures(port) > attempts))
                .as("tried again after the refusal")
                .isFalse();
        assertThat(browser.errors()).allMatch(attemptWhileDown(port).or(refusedRead(restarted, 403)));
    }

    @Test
    void stopsAndSaysWhy_whenTheClientIsDeactivatedWhileThePageIsOpen() {
        LocalApp app = start();
        open(app);

        HttpResponse<String> deactivated = Http.call(
                "PUT",
                url(app, "/clients"),
                "{\"clients\":[{\"clientId\":\"client-001\",\"active\":false}]}".getBytes(StandardCharsets.UTF_8));

        assertThat(deactivated.statusCode()).as(deactivated.body()).isEqualTo(200);
        // The server closes the connection (1008) at its next check of its clients; the page's
        // reconnect is refused, and it asks why.
        waitForState("refused");
        assertThat(browser.text("#connection-detail"))
                .isEqualTo("client-001 is deactivated: ask an admin to make it active again");
    }

    /** Starts the browser and opens {@code url} in it. */
    private void openPage(String url) {
        browser = Browser.start();
        toClose.add(browser);
        browser.open(url);
    }

    /** After a refusal the page reads the games no more: no retry changes the answer. */
    private void assertReadsTheGamesNoMore() {
        assertThat(Await.within(Duration.ofSeconds(2), Duration.ofMillis(100), () -> gamesReads() > 1))
                .as("read the games again after the refusal")
                .isFalse();
    }

    /** Opens the page as client-001 and waits for its first subscription. */
    private void open(LocalApp app) {
        // The client's secret, as its first start printed it (none needed without authentication).
        String secret = secrets.get("client-001");
        openPage(app.httpUrl() + "/?client=client-001" + (secret == null ? "" : "&secret=" + secret));
        waitForState("connected");
    }

    private void waitForState(String state) {
        browser.waitUntil(
                WAIT,
                () -> state.equals(browser.attribute("#connection", "data-state")),
                () -> browser.text("#connection") + ": " + browser.text("#connection-detail"));
    }

    /** How many times the page read the games list (every read, whatever its answer). */
    private long gamesReads() {
        return (Long)
                browser.script(
                        "return performance.getEntriesByType('resource').filter(e => new URL(e.name).pathname === '/games').length");
    }

    /** How many WebSocket connections the browser logged as failed (each attempt while refused or down). */
    private long webSocketFailures(int port) {
        return browser.log().stream()
                .filter(entry -> entry.getMessage().contains("WebSocket connection to 'ws://127.0.0.1:" + port + "/ws"))
                .count();
    }

    /**
     * The browser's own log lines for what the page tries while no server listens on {@code port} (or
     * one refuses it): a WebSocket connection, and the check of the credentials after each one that
     * never opened.
     */
    private static Predicate<String> attemptWhileDown(int port) {
        String origin = "127.0.0.1:" + port;
        return error -> error.contains("WebSocket connection to 'ws://" + origin + "/ws?client=client-001")
                || (error.startsWith("http://" + origin + "/games?date=")
                        && error.endsWith("Failed to load resource: net::ERR_CONNECTION_REFUSED"));
    }

    /** The browser's own log line for a read of the REST API answered {@code status}. */
    private static Predicate<String> refusedRead(LocalApp app, int status) {
        return error -> error.startsWith(app.httpUrl() + "/games") && error.contains("status of " + status);
    }

    private ServerSettings settings(int port) {
        return ServerSettings.builder()
                .port(port)
                .dataDir(dataDir)
                .maxBodyBytes(MAX_BODY_BYTES)
                .auth(AuthSettings.keys(List.of(API_KEY), List.of(API_KEY)))
                .build();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> diagnostics() {
        return (Map<String, Object>) browser.script("return window.sportsfeeds.diagnostics()");
    }

    private long heldSeq(String game) {
        Object seq = ((Map<?, ?>) diagnostics().get("held")).get(game);
        return seq == null ? -1 : ((Number) seq).longValue();
    }

    private String chartState(String chart) {
        return browser.attribute(chart, "data-market") + " " + browser.attribute(chart, "data-state") + " "
                + browser.attribute(chart, "data-points");
    }

    private List<String> classes(String css) {
        return List.of(browser.attribute(css, "class").split(" "));
    }

    /** Whether every resource the page loaded came from the server that served it. */
    private boolean sameOrigin(LocalApp app) {
        Object names = browser.script("return performance.getEntriesByType('resource').map(e => e.name)");
        List<String> loaded = new ArrayList<>();
        ((List<?>) names).forEach(name -> loaded.add((String) name));
        assertThat(loaded).anyMatch(name -> name.contains("/webjars/uplot/"));
        return loaded.stream().allMatch(name -> name.startsWith(app.httpUrl() + "/"));
    }

    private static String card(String game) {
        return ".game[data-game-id='" + game + "']";
    }

    private static String row(String game, String market) {
        return card(game) + " .market[data-market='" + market + "']";
    }

    private static String odds(String game, String market, int homeOdds, int awayOdds, double home, boolean open) {
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("gameId", game);
        update.put("summary", game.equals(LAKERS) ? "Lakers @ Celtics" : "Arsenal v Chelsea");
        update.put("type", market);
        update.put("home", home);
        update.put("away", market.equals("spread") ? -home : home);
        update.put("homeOdds", homeOdds);
        update.put("awayOdds", awayOdds);
        update.put("isOpen", open);
        update.put("date", DATES.incrementAndGet());
        try {
            return Http.JSON.writeValueAsString(update);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void put(LocalApp app, String update) {
        HttpResponse<String> response =
                Http.call("PUT", url(app, "/feeds"), ("{\"odds\":[" + update + "]}").getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
