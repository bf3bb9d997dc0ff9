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
 * {@code bench compare}, run from the jar the build made, starts its sportsfeeds server as a user
 * does, with {@code ./sportsfeeds}: the server's classes come out of the build's startup archive,
 * so the figures are of the README's start command, not of a bare {@code java -jar}.
 */
class BenchCompareLauncherIT {
    private static final Path JAR = Path.of("target", "app-local.jar").toAbsolutePath();
    private static final Path LAUNCHER =
            Path.of("").toAbsolutePath().getParent().resolve("sportsfeeds");

    @TempDir
    Path dir;

    @Test
    void startsItsServerWithTheLauncherAndTheStartupArchive() throws Exception {
        assumeThat(System.getProperty("sportsfeeds.startupTrainingSkipped"))
                .as("the build was run with -Dstartup.training.skip=true, so it made no archive")
                .isNotEqualTo("true");
        Path classLog = dir.resolve("classes.txt");
        Path out = dir.resolve("out.txt");
        Process bench = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        JAR.toString(),
                        "bench",
                        "compare",
                        "--only",
                        "sportsfeeds",
                        "--idle-connections",
                        "10",
                        "--java-option=-Xlog:class+load=info:file=" + classLog)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        assertThat(bench.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String printed = Files.readString(out, StandardCharsets.UTF_8);

        assertThat(bench.exitValue()).as(printed).isZero();
        assertThat(printed)
                .contains("JAVA_OPTS=\"-Xlog:class+load=info:file=" + classLog + "\" sh " + LAUNCHER + " serve ");
        assertThat(Files.readAllLines(classLog).stream()
                        .filter(line -> line.contains(" " + Main.class.getName() + " source: ")))
                .singleElement()
                .asString()
                .contains(Main.class.getName() + " source: shared objects file");
    }
}
