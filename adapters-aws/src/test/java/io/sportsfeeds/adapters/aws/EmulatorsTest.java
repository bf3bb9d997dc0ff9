package io.sportsfeeds.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class EmulatorsTest {
    @TempDir
    Path elsewhere;

    @Test
    void failsTheTest_whenTheEmulatorIsMissingInCi() {
        assertThatThrownBy(() -> Emulators.require("no-such-emulator", elsewhere, Map.of("CI", "true")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the emulator no-such-emulator ")
                .hasMessageEndingWith(
                        ": run `npm ci` at the repository root (needs Node.js 20 and npm). CI=true, so this fails rather than skips.");
    }

    @Test
    void skipsTheTestSayingHowToInstall_whenTheEmulatorIsMissingOutsideCi() {
        assertThatThrownBy(() -> Emulators.require("no-such-emulator", elsewhere, Map.of("CI", "false")))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageStartingWith("the emulator no-such-emulator ")
                .hasMessageEndingWith(": run `npm ci` at the repository root (needs Node.js 20 and npm)");
    }

    @Test
    void findsAnInstalledPackage_inTheRepositoryRootAboveTheModule() {
        Emulators.Installed dynalite = Emulators.require("dynalite");

        assertThat(dynalite.packageDir())
                .endsWith(Path.of("node_modules", "dynalite"))
                .isDirectory();
        assertThat(dynalite.packageDir().getParent().getParent().resolve("package.json"))
                .isRegularFile();
    }
}
