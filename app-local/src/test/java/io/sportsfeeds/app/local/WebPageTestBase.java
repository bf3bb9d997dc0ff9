package io.sportsfeeds.app.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInfo;

/**
 * The analysts' page in headless Chromium against a real server: the browser, how a test opens the
 * page and waits for its connection state, and a screenshot of each test under {@code
 * target/web-screenshots/}.
 */
abstract class WebPageTestBase extends ServerTestBase {
    static final Path SCREENSHOTS = Path.of("target", "web-screenshots");
    static final Duration WAIT = Duration.ofSeconds(15);

    Browser browser;

    @AfterEach
    void screenshot(TestInfo test) {
        if (browser != null) {
            browser.screenshot(
                    SCREENSHOTS.resolve(test.getTestMethod().orElseThrow().getName() + ".png"));
        }
    }

    /** Starts the browser and opens {@code url} in it. */
    void openPage(String url) {
        browser = Browser.start();
        toClose.add(browser);
        browser.open(url);
    }

    /** Opens the page as client-001 and waits for its first subscription. */
    void open(LocalApp app) {
        // The client's secret, as its first start printed it (none needed without authentication).
        String secret = secrets.get("client-001");
        openPage(app.httpUrl() + "/?client=client-001" + (secret == null ? "" : "&secret=" + secret));
        waitForState("connected");
    }

    void waitForState(String state) {
        browser.waitUntil(
                WAIT,
                () -> state.equals(browser.attribute("#connection", "data-state")),
                () -> browser.text("#connection") + ": " + browser.text("#connection-detail"));
    }

    /**
     * The browser's own log lines for what the page tries while no server listens on {@code port} (or
     * one refuses it): a WebSocket connection, and the check of the credentials after each one that
     * never opened.
     */
    static Predicate<String> attemptWhileDown(int port) {
        String origin = "127.0.0.1:" + port;
        return error -> error.contains("WebSocket connection to 'ws://" + origin + "/ws?client=client-001")
                || (error.startsWith("http://" + origin + "/games?date=")
                        && error.endsWith("Failed to load resource: net::ERR_CONNECTION_REFUSED"));
    }

    /** The browser's own log line for a read of the REST API answered {@code status}. */
    static Predicate<String> refusedRead(LocalApp app, int status) {
        return error -> error.startsWith(app.httpUrl() + "/games") && error.contains("status of " + status);
    }

    ServerSettings settings(int port) {
        return ServerSettings.builder()
                .port(port)
                .dataDir(dataDir)
                .maxBodyBytes(MAX_BODY_BYTES)
                .auth(AuthSettings.keys(List.of(API_KEY), List.of(API_KEY)))
                .build();
    }
}
