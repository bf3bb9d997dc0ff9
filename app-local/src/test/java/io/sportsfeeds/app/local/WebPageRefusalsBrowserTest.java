package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.adapters.local.EmbeddedStorage;
import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.fakes.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The analysts' page when the server refuses its client or its request, in headless Chromium: it
 * stops, says what to change and opens the settings at that field, instead of retrying.
 */
class WebPageRefusalsBrowserTest extends WebPageTestBase {
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
    void pointsAtTheWebSocketUrl_whenTheRestApiAnswersButTheWebSocketNeverOpens() throws IOException {
        LocalApp app = start();
        int closedPort;
        try (ServerSocket nothingListens = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = nothingListens.getLocalPort();
        }

        openPage(app.httpUrl() + "/?client=client-001&secret=" + secrets.get("client-001") + "&ws=ws://127.0.0.1:"
                + closedPort + "/ws");

        browser.waitUntil(
                WAIT,
                () -> browser.text("#connection-detail")
                        .startsWith("the REST API answers, but the WebSocket at ws://127.0.0.1:" + closedPort
                                + "/ws did not open: check the WebSocket URL in Settings"),
                () -> browser.text("#connection") + ": " + browser.text("#connection-detail"));
        assertThat(browser.attribute("#connection", "data-state"))
                .as("a server that starts later is still found")
                .isEqualTo("reconnecting");
        assertThat(browser.text("#connection-detail")).doesNotContain(secrets.get("client-001"));
        assertThat(browser.errors())
                .allMatch(error ->
                        error.contains("WebSocket connection to 'ws://127.0.0.1:" + closedPort + "/ws?client="));
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
        assertThat(browser.log())
                .as("the browser logs each failed attempt's URL: the secret is not in it")
                .isNotEmpty()
                .noneMatch(entry -> entry.getMessage().contains(secrets.get("client-001")));
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

    /** After a refusal the page reads the games no more: no retry changes the answer. */
    private void assertReadsTheGamesNoMore() {
        assertThat(Await.within(Duration.ofSeconds(2), Duration.ofMillis(100), () -> gamesReads() > 1))
                .as("read the games again after the refusal")
                .isFalse();
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
}
