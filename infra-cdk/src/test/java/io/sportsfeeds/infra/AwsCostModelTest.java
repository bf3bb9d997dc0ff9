package io.sportsfeeds.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/AWS-COST.md against scripts/aws-cost-model.py, which recomputes its tables: every table row
 * the script prints must be in the page, cell for cell (whitespace and the Markdown pipes aside).
 * The lines of figures the script prints after its tables are not compared. It needs python3: CI
 * installs it (.ci/run) and there its absence fails the test; elsewhere the test is skipped with
 * the reason.
 */
class AwsCostModelTest {
    private static final Path SCRIPT = Path.of("scripts", "aws-cost-model.py");
    private static final Path PAGE = Path.of("docs", "AWS-COST.md");

    @TempDir
    Path tempDir;

    static boolean python3OnPath() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "python3")));
    }

    /** The repository's root: the nearest folder, from this module's up, that holds .ci/run. */
    static Path repositoryRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(".ci").resolve("run"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no folder holding .ci/run at or above " + start);
    }

    /** The cells of each Markdown table row of {@code text}, trimmed, runs of whitespace made one space. */
    static List<List<String>> tableRows(String text) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : text.lines().map(String::strip).toList()) {
            if (line.startsWith("|") && line.endsWith("|") && line.length() > 1) {
                rows.add(Arrays.stream(line.substring(1, line.length() - 1).split("\\|", -1))
                        .map(cell -> cell.strip().replaceAll("\\s+", " "))
                        .toList());
            }
        }
        return rows;
    }

    @Test
    void pageHoldsEveryTableRowTheScriptPrints_whenPython3IsInstalled() throws IOException, InterruptedException {
        if (!python3OnPath()) {
            assertThat(System.getenv("CI"))
                    .as("python3 must be installed in CI (.ci/run installs it)")
                    .isNotEqualTo("true");
            assumeThat(false)
                    .as("python3 is not on the PATH (apt-get install python3): docs/AWS-COST.md is not"
                            + " checked against scripts/aws-cost-model.py here")
                    .isTrue();
        }
        Path root = repositoryRoot();
        Path errors = tempDir.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder("python3", SCRIPT.toString())
                .directory(root.toFile())
                .redirectError(errors.toFile());
        builder.environment().put("PYTHONIOENCODING", "utf-8"); // the tables hold ×, µ and ⌈⌉ whatever the locale
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("python3 " + SCRIPT + " still running after 60 s")
                .isTrue();
        assertThat(process.exitValue())
                .as("python3 " + SCRIPT + " exit status; its standard error:\n" + Files.readString(errors))
                .isZero();

        List<List<String>> printed = tableRows(out);
        List<List<String>> page = tableRows(Files.readString(root.resolve(PAGE)));
        Map<String, List<String>> pageByLabel = new LinkedHashMap<>();
        page.forEach(row -> pageByLabel.putIfAbsent(row.getFirst(), row));
        List<String> missing = new ArrayList<>();
        for (List<String> row : printed) {
            if (!page.contains(row)) {
                missing.add("printed " + row + "\n  page    "
                        + pageByLabel.getOrDefault(row.getFirst(), List.of("(no row with this label)")));
            }
        }

        assertThat(printed).as("table rows printed by " + SCRIPT + ":\n" + out).isNotEmpty();
        assertThat(missing)
                .as("table rows printed by " + SCRIPT + " that " + PAGE + " does not hold cell for cell")
                .isEmpty();
    }
}
