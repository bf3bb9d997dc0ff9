package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench compare}: both servers started as child processes on free loopback ports, the same
 * short workload against each, the table printed. It needs nats-server: CI installs it (.ci/run)
 * and there its absence fails the test; elsewhere the test is skipped with the reason.
 */
class BenchCompareCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tempDir;

    static boolean natsServerOnPath() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "nats-server")));
    }

    @Test
    void runsTheWorkloadAgainstBothAndPrintsTheRatios_whenNatsServerIsInstalled() throws IOException {
        if (!natsServerOnPath()) {
            assertThat(System.getenv("CI"))
                    .as("nats-server must be installed in CI (.ci/run installs it)")
                    .isNotEqualTo("true");
            assumeThat(false)
                    .as(
                            "nats-server is not on the PATH (apt-get install nats-server): the side by side is not tested here")
                    .isTrue();
        }
        Path json = tempDir.resolve("compare.json");
        Path html = tempDir.resolve("compare.html");

        CommandLineTest.Run run = CommandLineTest.run(
                "bench",
                "compare",
                "--subscribers",
                "3",
                "--rate",
                "200",
                "--batch",
                "10",
                "--games",
                "4",
                "--warmup",
                "1",
                "--duration",
                "2",
                "--drain",
                "10",
                "--json",
                json.toString(),
                "--html",
                html.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out())
                .containsPattern("started sportsfeeds \\(pid \\d+\\) at http://127\\.0\\.0\\.1:\\d+")
                .containsPattern(
                        "started nats-server \\(pid \\d+\\) at nats://127\\.0\\.0\\.1:\\d+, ws://127\\.0\\.0\\.1:\\d+/")
                .contains("side by side: 1 publisher x batches of 10, 200 updates/s, 3 subscribers, 4 games")
                .containsPattern("figure +sportsfeeds +nats +ours/nats")
                .containsPattern("acknowledged updates/s +[\\d,]+ +[\\d,]+ +\\d+\\.\\d\\d")
                .containsPattern("not received +0 +0 ");
        JsonNode document = JSON.readTree(json.toFile());
        assertThat(document.path("runs")).hasSize(2);
        for (JsonNode result : document.path("runs")) {
            assertThat(result.path("notReceived").asLong())
                    .as(result.path("target").asText())
                    .isZero();
            assertThat(result.path("gaps").asLong()).isZero();
            assertThat(result.path("repeats").asLong()).isZero();
            assertThat(result.path("acknowledgedInAll").asLong()).isBetween(400L, 620L);
            assertThat(result.path("expectedDeliveries").asLong())
                    .isEqualTo(3 * result.path("acknowledgedInAll").asLong());
            assertThat(result.path("serverCores").isNumber()).isTrue();
        }
        assertThat(document.path("runs").path(0).path("target").asText()).isEqualTo("sportsfeeds");
        assertThat(document.path("runs").path(1).path("target").asText()).isEqualTo("nats");
        assertThat(document.path("comparisons")
                        .path(0)
                        .path("figures")
                        .path(0)
                        .path("name")
                        .asText())
                .isEqualTo("acknowledged updates/s");
        assertThat(Files.readString(html))
                .contains("sportsfeeds vs NATS JetStream", "<svg", "ours / nats")
                .doesNotContain("<script");
    }
}
