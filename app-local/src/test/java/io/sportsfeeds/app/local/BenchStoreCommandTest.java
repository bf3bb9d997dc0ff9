package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.adapters.local.EmbeddedStorage;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.HistoryQuery;
import io.sportsfeeds.core.port.OddsStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code bench store} as it is run from the command line, on a tiny duration; no timing is asserted. */
class BenchStoreCommandTest {
    static final String[] TINY = {
        "bench", "store", "--warmup", "0", "--duration", "1", "--writers", "2", "--batch", "10"
    };

    @TempDir
    Path tempDir;

    static String[] tiny(String... more) {
        return Stream.concat(Stream.of(TINY), Stream.of(more)).toArray(String[]::new);
    }

    static long figure(String report, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(report);
        assertThat(matcher.find()).as("the report has /%s/:%n%s", regex, report).isTrue();
        return Long.parseLong(matcher.group(1).replace(",", ""));
    }

    @Test
    void reportsAcknowledgedUpdatesAndKeepsThemInTheStore_whenADataDirIsGiven() {
        Path dataDir = tempDir.resolve("bench-store");

        CommandLineTest.Run run = CommandLineTest.run(tiny("--games", "3", "--data-dir", dataDir.toString()));

        assertThat(run.exitCode()).as(run.err()).isZero();
        String report = run.out();
        assertThat(report)
                .contains("writers       2 (platform threads)", "batch         10 updates per request")
                .contains("games         3 (bench-game-0001 ... bench-game-0003)")
                .contains("warmup        0 s", "duration      1 s")
                .contains("data dir      " + dataDir.toAbsolutePath() + " (kept)")
                .contains("processors    " + Runtime.getRuntime().availableProcessors() + " available to the JVM")
                .contains("JVM           ", Runtime.version().toString())
                .containsPattern("throughput    [\\d,]+ updates/s, [\\d,.]+ requests/s")
                .containsPattern("p50 [\\d.]+  p90 [\\d.]+  p99 [\\d.]+  p99\\.9 [\\d.]+  max [\\d.]+");
        long updates = figure(report, "acknowledged  ([\\d,]+) updates in");
        long requests = figure(report, "updates in ([\\d,]+) requests");
        long inAll = figure(report, "in all        ([\\d,]+) updates acknowledged");
        assertThat(updates).isPositive().isEqualTo(requests * 10);
        assertThat(inAll).isGreaterThanOrEqualTo(updates);
        assertThat(figure(report, "warmup and the window's edges included\\), ([\\d,]+) duplicates"))
                .isZero();

        try (EmbeddedStorage storage = EmbeddedStorage.open(dataDir, Clock.systemUTC(), Duration.ofDays(30))) {
            OddsStore store = storage.oddsStore();
            long stored = 0;
            for (String game : List.of("bench-game-0001", "bench-game-0002", "bench-game-0003")) {
                stored += store.changesAfter(game, 0, Integer.MAX_VALUE).size();
            }
            assertThat(stored).isEqualTo(inAll);
            List<CapturedChange> history =
                    store.history(new HistoryQuery("bench-game-0001", Optional.empty(), 0, Long.MAX_VALUE, 5));
            assertThat(history).extracting(CapturedChange::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(history).allSatisfy(change -> {
                assertThat(change.gameId()).isEqualTo("bench-game-0001");
                assertThat(change.market()).isIn("spread", "moneyline", "total");
                assertThat(change.update().providerId()).startsWith("bench-");
            });
        }
    }

    @Test
    void deletesItsTemporaryDataDir_whenNoneIsGiven() {
        CommandLineTest.Run run = CommandLineTest.run(tiny());

        assertThat(run.exitCode()).as(run.err()).isZero();
        Matcher dataDir = Pattern.compile("data dir      (.+) \\(temporary, deleted afterwards\\)")
                .matcher(run.out());
        assertThat(dataDir.find()).as(run.out()).isTrue();
        assertThat(Path.of(dataDir.group(1))).doesNotExist();
    }

    static Stream<Arguments> invalidOptions() {
        return Stream.of(
                Arguments.of(
                        List.of("--batch", "0"),
                        "--batch must be between 1 and 1000 (the server's default --max-batch), was 0"),
                Arguments.of(
                        List.of("--batch", "1001"),
                        "--batch must be between 1 and 1000 (the server's default --max-batch), was 1001"),
                Arguments.of(List.of("--writers", "0"), "--writers must be between 1 and 1000, was 0"),
                Arguments.of(List.of("--games", "0"), "--games must be at least 1, was 0"),
                Arguments.of(List.of("--warmup", "-1"), "--warmup must be 0 or more seconds, was -1"),
                Arguments.of(List.of("--duration", "0"), "--duration must be at least 1 second, was 0"));
    }

    @ParameterizedTest
    @MethodSource("invalidOptions")
    void refusesToRun_whenAnOptionIsOutOfRange(List<String> option, String message) {
        CommandLineTest.Run run = CommandLineTest.run(
                Stream.concat(Stream.of("bench", "store"), option.stream()).toArray(String[]::new));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith(message + System.lineSeparator()).contains("Usage: sportsfeeds bench store");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void refusesToRunAndLeavesTheFilesAlone_whenTheDataDirIsNotEmpty() throws IOException {
        Path dataDir = Files.createDirectory(tempDir.resolve("taken"));
        Path file = Files.writeString(dataDir.resolve("notes.txt"), "keep me");

        CommandLineTest.Run run = CommandLineTest.run(tiny("--data-dir", dataDir.toString()));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("--data-dir must be empty or not exist (the bench writes a new store and keeps it), was "
                        + dataDir + ", which is not empty");
        assertThat(run.out()).isEmpty();
        try (Stream<Path> entries = Files.list(dataDir)) {
            assertThat(entries).containsExactly(file);
        }
        assertThat(file).hasContent("keep me");
    }

    @Test
    void refusesToRun_whenTheDataDirIsAFile() throws IOException {
        Path file = Files.writeString(tempDir.resolve("a-file"), "");

        CommandLineTest.Run run = CommandLineTest.run(tiny("--data-dir", file.toString()));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("--data-dir must be a directory that is empty or does not exist, was the file " + file);
    }

    @Test
    void failsWithTheMissingSubcommand_whenBenchIsRunAlone() {
        CommandLineTest.Run run = CommandLineTest.run("bench");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Missing required subcommand").contains("store");
    }
}
