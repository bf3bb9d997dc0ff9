package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

/**
 * The analysts' page in headless Chromium against a real server: the board and its flashes after
 * an ingest over HTTP, history charts, a resume across a server restart with every update,
 * suspended and stale marking, the settings and the secret ({@link WebPageRefusalsBrowserTest}: a
 * client or request the server refuses).
 */
class WebPageBrowserTest extends WebPageTestBase {
    /** Provider dates: now, one millisecond apart, so each update is the newest of its market. */
    private static final AtomicLong DATES = new AtomicLong(System.currentTimeMillis());

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
                .as("the secret goes in Sec-WebSocket-Protocol, not the URL")
                .isEqualTo("ws://127.0.0.1:" + app.port() + "/ws?client=client-001");
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
                .contains("\"url\":\"ws://127.0.0.1:" + app.port() + "/ws?client=client-001\"")
                .doesNotContain(secret);
        // Opened again in the same tab (whose session storage holds the secret), as a reload does; the
        // driver waits for the load, so the state read next is the new page's.
        browser.open((String) browser.script("return location.href"));
        waitForState("connected");
        assertThat(browser.script("return location.search")).isEqualTo("?client=client-001&ws=" + ws + "&history=30");
        assertThat(browser.errors()).isEmpty();
    }

    @Test
    void connects_whenTheWebSocketSettingHoldsASecretToo_offeringOnlyTheOneEntered() {
        LocalApp app = start();
        String ws = "ws://127.0.0.1:" + app.port() + "/ws?secret=an-old-secret-in-a-bookmark";

        openPage(app.httpUrl() + "/?client=client-001&secret=" + secrets.get("client-001") + "&ws="
                + URLEncoder.encode(ws, StandardCharsets.UTF_8));

        // Given both in the URL and as a subprotocol, the server would refuse it (400) on every attempt.
        waitForState("connected");
        assertThat(diagnostics().get("url")).isEqualTo("ws://127.0.0.1:" + app.port() + "/ws?client=client-001");
        assertThat(browser.errors()).isEmpty();
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
