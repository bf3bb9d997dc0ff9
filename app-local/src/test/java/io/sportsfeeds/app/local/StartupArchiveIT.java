package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The startup archive that package's training run made is one the JVM accepts, and {@code
 * ./sportsfeeds} gives it to the JVM: run by the real launcher from the real jar, the server's main
 * class comes out of the archive ("source: shared objects file"), not out of the jar.
 */
class StartupArchiveIT {
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final Path LAUNCHER =
            Path.of("").toAbsolutePath().getParent().resolve("sportsfeeds");

    @TempDir
    Path dir;

    @Test
    void theServersClassesComeFromTheBuildsArchive_whenTheLauncherRunsTheJar() throws Exception {
        assumeThat(System.getProperty("sportsfeeds.startupTrainingSkipped"))
                .as("the build was run with -Dstartup.training.skip=true, so it made no archive")
                .isNotEqualTo("true");
        assertThat(Files.exists(TARGET.resolve("app-local.aot")) || Files.exists(TARGET.resolve("app-local.jsa")))
                .as("an archive in " + TARGET)
                .isTrue();
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "--version")
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        // The Java that ran the build's training, as it runs these tests.
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("JAVA_OPTS", "-Xlog:class+load=info");

        Process launcher = builder.start();
        assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();

        String printed = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(launcher.exitValue())
                .as(Files.readString(err, StandardCharsets.UTF_8))
                .isZero();
        assertThat(printed.lines().filter(line -> line.contains(" " + Main.class.getName() + " source: ")))
                .singleElement()
                .asString()
                // "shared objects file" (an AOT cache), "shared objects file (top)" (a dynamic archive)
                .contains(Main.class.getName() + " source: shared objects file");
        assertThat(printed).endsWith("\nsportsfeeds 0.1.0\n");
    }
}
