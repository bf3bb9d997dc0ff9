package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * With authentication off, a page of another origin open in the analyst's browser reaches the
 * server too: a "simple" POST needs no CORS preflight, so the browser sends it without asking.
 * Headless Chromium, as a browser really sends it, against a real server.
 */
class CrossSiteBrowserTest extends ServerTestBase {
    /** A POST with a text/plain body and no custom header: what a page may send anywhere, unasked. */
    private static final String SIMPLE_POST = """
            return fetch(arguments[0], {method: 'POST', mode: 'no-cors', headers: {'Content-Type': 'text/plain'},
                                        body: arguments[1]})
              .then(answer => 'answered ' + answer.type, failure => 'not sent: ' + failure);
            """;

    @Test
    void refusesAnOddsPostFromAPageOfAnotherOrigin_butTakesTheSameFromItsOwnPage() throws Exception {
        LocalApp app = start(AuthSettings.off());
        HttpServer elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        elsewhere.createContext("/", exchange -> {
            byte[] page = "<!doctype html><title>another site</title>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        elsewhere.start();
        toClose.add(() -> elsewhere.stop(0));
        Browser browser = Browser.start();
        toClose.add(browser);
        String feeds = url(app, "/feeds").toString();
        String batch = batch();

        // Another local server's page: another port of the same host is another origin.
        browser.open("http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/");
        Object fromElsewhere = browser.script(SIMPLE_POST, feeds, batch);

        assertThat(fromElsewhere)
                .as("the browser sent it, and the server answered")
                .isEqualTo("answered opaque");
        assertThat(latestOdds(app)).doesNotContain("\"homeOdds\":-115");

        browser.open(app.httpUrl() + "/");
        Object fromItsOwnPage = browser.script(SIMPLE_POST, feeds, batch);

        assertThat(fromItsOwnPage).isEqualTo("answered basic");
        assertThat(latestOdds(app)).contains("\"homeOdds\":-115");
    }

    @Test
    void refusesAPageThatReachesTheServerByDnsRebinding_whenAuthenticationIsOff() throws Exception {
        LocalApp app = start(AuthSettings.off());
        // The attacker's name resolves to this machine: what DNS rebinding achieves once the page is loaded.
        Browser browser = Browser.start("--host-resolver-rules=MAP rebinding.example 127.0.0.1");
        toClose.add(browser);
        String page = "http://rebinding.example:" + app.port() + "/";

        browser.open(page);
        Object posted = browser.script(
                "return fetch('/feeds', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: arguments[0]})"
                        + ".then(answer => answer.status + ' ' + answer.headers.get('Content-Type').split(';')[0])",
                batch());

        assertThat(browser.script("return location.origin")).isEqualTo(page.substring(0, page.length() - 1));
        assertThat(posted).as("same-origin for the browser, so only Host tells").isEqualTo("403 application/json");
        assertThat(latestOdds(app)).doesNotContain("\"homeOdds\":-115");
    }

    /** An update of the Lakers' spread at -115, dated now: what the tests look for afterwards. */
    private static String batch() {
        return "{\"odds\":[{\"gameId\":\"" + LAKERS + "\",\"summary\":\"Lakers @ Celtics\",\"type\":\"spread\","
                + "\"home\":3.5,\"away\":-3.5,\"homeOdds\":-115,\"awayOdds\":-105,\"isOpen\":true,\"date\":"
                + Instant.now().getEpochSecond() + "}]}";
    }

    private static String latestOdds(LocalApp app) throws Exception {
        return Http.get(url(app, "/feeds?game=" + LAKERS)).body();
    }
}
