package io.sportsfeeds.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** When kinesis-local is missing, tests are skipped with what to do, except on CI, where they fail. */
class KinesisLocalTest {
    @TempDir
    Path empty;

    @Test
    void skipsSayingToRunNpmCi_whenNotInstalled() {
        assertThatThrownBy(() -> KinesisLocal.installed(empty, Map.of(), true))
                .isInstanceOf(TestAbortedException.class)
                .hasMessage("kinesis-local is not installed (no node_modules/kinesis-local/main.js in " + empty
                        + " or above it): run `npm ci` at the repository root");
    }

    @Test
    void fails_whenNotInstalledOnCi() {
        assertThatThrownBy(() -> KinesisLocal.installed(empty, Map.of("CI", "true"), true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "kinesis-local is not installed (no node_modules/kinesis-local/main.js in " + empty
                                + " or above it): run `npm ci` at the repository root (CI=true: the Kinesis tests must run on CI)");
    }

    @Test
    void skipsOrFails_whenNodeIsMissing() throws Exception {
        Path main = Files.createDirectories(empty.resolve("node_modules/kinesis-local"))
                .resolve("main.js");
        Files.writeString(main, "");
        Path module = Files.createDirectories(empty.resolve("adapters-aws"));

        assertThat(KinesisLocal.installed(module, Map.of("CI", "true"), true)).isEqualTo(main);
        assertThatThrownBy(() -> KinesisLocal.installed(module, Map.of(), false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("there is no `node` on the PATH");
        assertThatThrownBy(() -> KinesisLocal.installed(module, Map.of("CI", "true"), false))
                .isInstanceOf(IllegalStateException.class);
    }
}
