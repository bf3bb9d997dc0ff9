package io.sportsfeeds.app.local;

import io.sportsfeeds.core.fakes.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The system's headless Chromium, driven through the system's chromedriver (Debian's packages
 * {@code chromium} and {@code chromium-driver}). Both paths are given to Selenium, so Selenium
 * Manager never runs and nothing is downloaded. Keeps every browser log entry it reads.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String INSTALL_HINT = "install the Debian packages chromium and chromium-driver (.ci/run does)";

    private final ChromeDriver driver;
    private final List<LogEntry> log = new ArrayList<>();

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /**
     * Starts a browser; skips the test when none is installed, or fails it when {@code CI=true}.
     *
     * @param arguments Chromium's command-line switches beyond the usual ones
     */
    static Browser start(String... arguments) {
        require(CHROMIUM, CHROMEDRIVER, System.getenv());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: the tests may run as root (CI does), where Chromium's sandbox refuses to start.
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1400,1000",
                "--hide-scrollbars");
        options.addArguments(arguments);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new Browser(new ChromeDriver(service, options));
    }

    /** Returns when the browser and its driver are executable; otherwise aborts the test, or fails it on CI. */
    static void require(Path chromium, Path chromedriver, Map<String, String> env) {
        List<String> missing = new ArrayList<>();
        for (Path executable : List.of(chromium, chromedriver)) {
            if (!Files.isExecutable(executable)) {
                missing.add(executable.toString());
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "the web page's browser tests need " + String.join(" and ", missing) + ": " + INSTALL_HINT;
        if ("true".equalsIgnoreCase(env.getOrDefault("CI", "").trim())) {
            throw new IllegalStateException(message + ". CI=true, so this fails rather than skips.");
        }
        System.err.println("SKIPPED: " + message);
        Assumptions.abort(message);
    }

    void open(String url) {
        driver.get(url);
    }

    /** Runs a script in the page and answers what it returns (JSON values as maps, lists, longs, strings). */
    Object script(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /** The text of the first element matching {@code css}, or null when there is none. */
    String text(String css) {
        List<WebElement> found = findAll(css);
        return found.isEmpty() ? null : found.getFirst().getText();
    }

    /** An attribute of the first element matching {@code css}, or null. */
    String attribute(String css, String name) {
        List<WebElement> found = findAll(css);
        return found.isEmpty() ? null : found.getFirst().getDomAttribute(name);
    }

    /** Waits until {@code condition} holds; fails with {@code state} after {@code timeout}. */
    void waitUntil(Duration timeout, Supplier<Boolean> condition, Supplier<String> state) {
        Await.until(timeout, () -> Boolean.TRUE.equals(condition.get()), state);
    }

    void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file, e);
        }
    }

    /** Every browser log entry so far (console messages and network failures). */
    List<LogEntry> log() {
        driver.manage().logs().get(LogType.BROWSER).forEach(log::add);
        return List.copyOf(log);
    }

    /** The log entries at error level (console.error, uncaught exceptions, failed loads). */
    List<String> errors() {
        return log().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
