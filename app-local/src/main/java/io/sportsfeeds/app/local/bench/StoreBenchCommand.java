package io.sportsfeeds.app.local.bench;

import io.sportsfeeds.adapters.local.EmbeddedStorage;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.usecase.IngestFeeds;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "store",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Measures durable ingest into the embedded store, below HTTP.",
            "",
            "Concurrent writers each decode a JSON body of distinct odds updates as POST /feeds does and"
                    + " ingest it (validation, then an append synced to disk before it returns), then send the next."
                    + " Prints the configuration, the machine, acknowledged updates/s and requests/s over the"
                    + " measured window (warmup excluded) and the latency percentiles per request.",
            ""
        })
final class StoreBenchCommand implements Callable<Integer> {
    private static final double[] PERCENTILES = {50, 90, 99, 99.9};
    private static final int MAX_WRITERS = 1_000;

    @Option(
            names = "--writers",
            description = "Concurrent writer threads (1 to " + MAX_WRITERS
                    + "); each sends its next request when the previous one is acknowledged.")
    int writers = 8;

    @Option(
            names = "--batch",
            description = "Updates per request (1 to the server's default --max-batch, " + IngestFeeds.DEFAULT_MAX_BATCH
                    + ").")
    int batch = 100;

    @Option(names = "--games", description = "Distinct games the updates are spread over (bench-game-0001, ...).")
    int games = 64;

    @Option(names = "--warmup", paramLabel = "<seconds>", description = "Seconds run first and not measured.")
    long warmupSeconds = 2;

    @Option(names = "--duration", paramLabel = "<seconds>", description = "Seconds measured after the warmup.")
    long durationSeconds = 10;

    @Option(
            names = "--data-dir",
            showDefaultValue = Visibility.NEVER,
            description = {
                "Where the store is created; it must be empty or not exist, and is kept afterwards.",
                "Default: a new temporary directory, deleted afterwards."
            })
    Path dataDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Clock clock = Clock.systemUTC();
        boolean temporary = dataDir == null;
        Path dir;
        try {
            dir = temporary ? Files.createTempDirectory("sportsfeeds-bench-") : dataDir;
        } catch (IOException e) {
            err.println("cannot create a temporary data directory: " + e);
            return 1;
        }
        StoreBench.Settings settings = new StoreBench.Settings(
                writers, batch, games, Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(durationSeconds));
        printHeader(out, settings, dir, temporary, clock);
        try {
            StoreBench.Result result;
            // The bench's odds are dated now, so no retention drops any during a run.
            try (EmbeddedStorage storage = EmbeddedStorage.open(dir, clock, Duration.ofDays(30))) {
                result = StoreBench.run(
                        new IngestFeeds(storage.oddsStore(), IngestFeeds.DEFAULT_MAX_BATCH), settings, clock);
            } catch (StoreUnavailableException unavailable) {
                err.println("the store in " + dir.toAbsolutePath() + " failed, so the bench stopped: "
                        + unavailable.getMessage());
                return 1;
            }
            printResult(out, settings, result);
            if (result.duplicatesInAll() != 0) {
                err.println(result.duplicatesInAll()
                        + " updates were reported as duplicates; every generated update should be distinct");
                return 1;
            }
            return 0;
        } finally {
            if (temporary) {
                deleteTree(dir, err);
            }
        }
    }

    private void validate() {
        require(
                writers >= 1 && writers <= MAX_WRITERS,
                "--writers must be between 1 and " + MAX_WRITERS + ", was " + writers);
        require(
                batch >= 1 && batch <= IngestFeeds.DEFAULT_MAX_BATCH,
                "--batch must be between 1 and " + IngestFeeds.DEFAULT_MAX_BATCH
                        + " (the server's default --max-batch), was " + batch);
        require(games >= 1, "--games must be at least 1, was " + games);
        require(warmupSeconds >= 0, "--warmup must be 0 or more seconds, was " + warmupSeconds);
        require(durationSeconds >= 1, "--duration must be at least 1 second, was " + durationSeconds);
        if (dataDir != null && Files.exists(dataDir)) {
            require(
                    Files.isDirectory(dataDir),
                    "--data-dir must be a directory that is empty or does not exist, was the file " + dataDir);
            try (Stream<Path> entries = Files.list(dataDir)) {
                require(
                        entries.findAny().isEmpty(),
                        "--data-dir must be empty or not exist (the bench writes a new store and keeps it), was "
                                + dataDir + ", which is not empty");
            } catch (IOException e) {
                throw new ParameterException(
                        spec.commandLine(), "--data-dir " + dataDir + " cannot be listed: " + e, e, null, null);
            }
        }
    }

    private void require(boolean valid, String message) {
        if (!valid) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }

    private static void printHeader(
            PrintWriter out, StoreBench.Settings settings, Path dir, boolean temporary, Clock clock) {
        Runtime runtime = Runtime.getRuntime();
        String collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(", "));
        out.println("sportsfeeds bench store, " + clock.instant().truncatedTo(ChronoUnit.SECONDS));
        out.println();
        out.println("measures  per request: decoding a JSON body of distinct updates into maps (as POST /feeds does),");
        out.println("          then IngestFeeds.ingest: validation and the append to the embedded store, synced to");
        out.println("          disk before it returns (group commit). Not measured: HTTP and the response; the");
        out.println("          writers make each body before its clock starts. Closed loop: a writer sends its");
        out.println("          next request once the previous one is acknowledged.");
        out.println();
        out.println("configuration");
        out.printf(Locale.ROOT, "  writers       %d (platform threads)%n", settings.writers());
        out.printf(
                Locale.ROOT,
                "  batch         %d %s per request%n",
                settings.batch(),
                settings.batch() == 1 ? "update" : "updates");
        out.printf(
                Locale.ROOT,
                "  games         %d (%s ... %s)%n",
                settings.games(),
                RequestBodies.gameId(1),
                RequestBodies.gameId(settings.games()));
        out.printf(
                Locale.ROOT,
                "  warmup        %d s (not measured)%n",
                settings.warmup().toSeconds());
        out.printf(Locale.ROOT, "  duration      %d s%n", settings.duration().toSeconds());
        out.printf(
                "  data dir      %s (%s)%n",
                dir.toAbsolutePath(), temporary ? "temporary, deleted afterwards" : "kept");
        out.println("machine");
        out.printf(Locale.ROOT, "  processors    %d available to the JVM%n", runtime.availableProcessors());
        out.printf(
                Locale.ROOT,
                "  JVM           %s %s (%s), max heap %d MiB, %s%n",
                System.getProperty("java.vm.name"),
                Runtime.version(),
                System.getProperty("java.vm.vendor"),
                runtime.maxMemory() / (1024 * 1024),
                collectors);
        out.printf(
                "  OS            %s %s %s%n",
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"));
        out.println();
        out.printf(
                Locale.ROOT,
                "running %d s of warmup, then %d s measured ...%n",
                settings.warmup().toSeconds(),
                settings.duration().toSeconds());
        out.flush();
    }

    private static void printResult(PrintWriter out, StoreBench.Settings settings, StoreBench.Result result) {
        double seconds = settings.duration().toNanos() / 1e9;
        Histogram latency = result.latencyNanos();
        out.println();
        out.printf(
                Locale.ROOT,
                "results over the %d s measured window%n",
                settings.duration().toSeconds());
        out.printf(Locale.ROOT, "  acknowledged  %,d updates in %,d requests%n", result.updates(), result.requests());
        out.printf(
                Locale.ROOT,
                "  throughput    %,.0f updates/s, %,.1f requests/s%n",
                result.updates() / seconds,
                result.requests() / seconds);
        result.cpuNanos()
                .ifPresent(cpu -> out.printf(
                        Locale.ROOT,
                        "  CPU           %.2f of %d processors busy (this process)%n",
                        cpu / (double) settings.duration().toNanos(),
                        Runtime.getRuntime().availableProcessors()));
        out.println("  latency per request, body sent to acknowledged, in ms:");
        if (latency.getTotalCount() == 0) {
            out.println("                no request was acknowledged in the window");
        } else {
            StringBuilder line = new StringBuilder("               ");
            for (double percentile : PERCENTILES) {
                line.append(String.format(
                        Locale.ROOT, " p%s %.3f ", trim(percentile), millis(latency.getValueAtPercentile(percentile))));
            }
            line.append(String.format(Locale.ROOT, " max %.3f", millis(latency.getMaxValue())));
            out.println(line);
        }
        out.printf(
                Locale.ROOT,
                "  in all        %,d updates acknowledged (warmup and the window's edges included), %,d duplicates%n",
                result.updatesInAll(),
                result.duplicatesInAll());
        out.flush();
    }

    private static String trim(double percentile) {
        return percentile == Math.rint(percentile) ? Long.toString((long) percentile) : Double.toString(percentile);
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    /** Deletes the temporary data directory; a failure is reported, since it leaves files behind. */
    private static void deleteTree(Path dir, PrintWriter err) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            err.println("could not delete the temporary data directory " + dir.toAbsolutePath() + ": " + e);
            err.flush();
        }
    }
}
