package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** Without a browser the page's tests are skipped on a developer's machine and fail on CI. */
class BrowserTest {
    private static final Path NOWHERE = Path.of("/nonexistent/chromium");
    private static final Path SHELL = Path.of("/bin/sh");

    @Test
    void failsNamingWhatIsMissing_whenCiIsTrue() {
        assertThatThrownBy(() -> Browser.require(NOWHERE, SHELL, Map.of("CI", "true")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "the web page's browser tests need /nonexistent/chromium: install the Debian packages chromium and chromium-driver"
                                + " (.ci/run does). CI=true, so this fails rather than skips.");
    }

    @Test
    void skipsNamingWhatIsMissing_elsewhere() {
        assertThatThrownBy(() -> Browser.require(SHELL, NOWHERE, Map.of()))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("need /nonexistent/chromium: install");
    }

    @Test
    void goesOn_whenBothAreThere() {
        assertThatNoException().isThrownBy(() -> Browser.require(SHELL, SHELL, Map.of("CI", "true")));
    }
}
