package io.sportsfeeds.app.local.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Connection churn against a running server: many WebSocket connections opened and dropped without
 * a close frame, some that never read, while a few measured subscribers receive a steady stream.
 * It reports the server's heap after a full GC, RSS and file descriptors before and after each
 * round (a leak shows as growth from round to round), how the stalled connections ended, and the
 * measured subscribers' latency unloaded and under churn.
 */
@Command(
        name = "churn",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Drives a running sportsfeeds with WebSocket connection churn and prints a report.",
            "",
            "A publisher PUTs /feeds at --requests-per-second, each request one update of the measured game and"
                    + " --updates-per-request - 1 of 1,000 other games (two markets each), every update dated with"
                    + " its send time. --measured subscribers subscribe to the measured game: their latency (send"
                    + " to receipt, milliseconds) is taken unloaded first, then during the churn. Each of --rounds"
                    + " opens --connections connections (subscribed to a game nobody writes) and --stalled ones that"
                    + " receive every game but never read, replaces --churn-per-second of the connections each"
                    + " second by dropping the socket without a close frame (half with a reset) for --duration,"
                    + " then drops them all. The server's heap after a full GC (jcmd GC.run and GC.heap_info, so"
                    + " the server must be a JVM of this user on this machine), RSS, open file descriptors and"
                    + " WebSocket connections (GET /metrics) are read before the first round and after each.",
            "",
            "Each client may hold 200 connections: the bench registers clients of its own (PUT /clients, with"
                    + " --admin-key, or none against a server started with --no-auth) and opens 100 connections on"
                    + " each. Needs a file descriptor per connection in both processes: see ulimit -n.",
            ""
        })
public final class ChurnBench implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int CONNECTIONS_PER_CLIENT = 100;
    static final int OTHER_GAMES = 1_000;
    /** Stalled sockets get a small receive buffer, so the server's writes to them wait soon. */
    static final int STALLED_RECEIVE_BUFFER = 4_096;

    static final Pattern METRIC = Pattern.compile("(?m)^(sportsfeeds_websocket_[a-z_]+)\\s+([0-9.eE+-]+)$");

    @Option(names = "--url", description = "Base URL of the running server.")
    URI url = URI.create("http://127.0.0.1:7070");

    @Option(names = "--api-key", description = "A provider key, sent as x-api-key with every PUT /feeds.")
    String apiKey;

    @Option(
            names = "--admin-key",
            description = "An admin key, to register the bench's clients (PUT /clients); none with --no-auth.")
    String adminKey;

    @Option(
            names = "--server-pid",
            showDefaultValue = Visibility.NEVER,
            description = "The server's process id. Default: the process of this machine listening on --url's port.")
    Long serverPid;

    @Option(names = "--connections", description = "Connections open during the churn.")
    int connections = 10_000;

    @Option(names = "--stalled", description = "Connections that receive every game and never read.")
    int stalled = 100;

    @Option(names = "--measured", description = "Subscribers whose latency is measured.")
    int measured = 10;

    @Option(names = "--requests-per-second", description = "PUT /feeds requests a second.")
    int requestsPerSecond = 100;

    @Option(names = "--updates-per-request", description = "Updates per request, one of them of the measured game.")
    int updatesPerRequest = 5;

    @Option(
            names = "--summary-length",
            description = "Characters of summary in the other games' updates (at most 1,024): bigger frames fill a"
                    + " stalled connection's buffers sooner.")
    int summaryLength = 1_000;

    @Option(names = "--baseline", description = "How long the unloaded latency is measured.")
    Duration baseline = Duration.ofSeconds(10);

    @Option(names = "--duration", description = "How long each round churns.")
    Duration duration = Duration.ofSeconds(60);

    @Option(names = "--churn-per-second", description = "Connections dropped and replaced a second.")
    int churnPerSecond = 250;

    @Option(names = "--rounds", description = "Rounds of churn; the heap after each shows whether it grows.")
    int rounds = 2;

    @Option(names = "--io-threads", description = "The bench's selector threads.")
    int ioThreads = 2;

    @Spec
    CommandSpec spec;

    /** What a run does; see the command's options. */
    public record Settings(
            URI url,
            String apiKey,
            String adminKey,
            long serverPid,
            int connections,
            int stalled,
            int measured,
            int requestsPerSecond,
            int updatesPerRequest,
            int summaryLength,
            Duration baseline,
            Duration duration,
            int churnPerSecond,
            int rounds,
            int ioThreads) {}

    /**
     * The server as read between phases.
     *
     * @param heapUsedKib heap used after a full GC, -1 when it could not be read
     * @param webSocketConnections the server's gauge of open WebSocket connections
     */
    public record ServerSample(long heapUsedKib, long rssKib, long fileDescriptors, long webSocketConnections) {}

    /**
     * Measured latency from send to receipt, in milliseconds, over a phase in which the publisher had
     * {@code published} requests acknowledged (each one update of the measured game).
     */
    public record Latency(long frames, long p50, long p99, long max, long published, double seconds) {
        static Latency of(Histogram histogram, long published, long nanos) {
            return new Latency(
                    histogram.getTotalCount(),
                    histogram.getValueAtPercentile(50),
                    histogram.getValueAtPercentile(99),
                    histogram.getMaxValue(),
                    published,
                    nanos / 1e9);
        }
    }

    /**
     * One round of churn.
     *
     * @param loaded the server with every connection of the round open
     * @param after the server once the round's connections were dropped and it counted them gone
     * @param stalledEnds how the stalled connections ended, by what their socket showed once read again
     * @param deepestQueue the most frames the server held for one connection, sampled each second
     */
    public record Round(
            int number,
            long opened,
            long dropped,
            long refused,
            ServerSample loaded,
            ServerSample after,
            Map<String, Integer> stalledEnds,
            long deepestQueue,
            Latency underChurn) {}

    /**
     * A run.
     *
     * @param measuredOutOfOrder frames of the measured game that were not the next seq of their subscriber
     */
    public record Result(
            ServerSample before,
            Latency unloaded,
            List<Round> rounds,
            long measuredOutOfOrder,
            long measuredConflated,
            long measuredClosed,
            long publishErrors) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (connections < 0 || stalled < 0 || measured < 1 || rounds < 1 || updatesPerRequest < 1) {
            throw new ParameterException(
                    spec.commandLine(),
                    "need --connections >= 0, --stalled >= 0, --measured >= 1, --rounds >= 1, --updates-per-request >= 1");
        }
        OptionalLong pid = serverPid != null
                ? OptionalLong.of(serverPid)
                : ProcessStats.listeningOn(url.getPort() > 0 ? url.getPort() : 80);
        if (pid.isEmpty()) {
            throw new ParameterException(
                    spec.commandLine(), "no process of this machine listens on " + url + ": give --server-pid");
        }
        out.println("sportsfeeds bench churn, " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
        out.println("  command  "
                + ReportedCommand.of(spec.commandLine().getParseResult().originalArgs()));
        out.println("  server   " + url + ", pid " + pid.getAsLong());
        out.println("  machine  " + PushReport.machine() + ", open files limit of this process "
                + ProcessStats.openFilesLimit(ProcessHandle.current().pid()) + ", of the server "
                + ProcessStats.openFilesLimit(pid.getAsLong()));
        out.flush();
        Result result = run(
                new Settings(
                        url,
                        apiKey,
                        adminKey,
                        pid.getAsLong(),
                        connections,
                        stalled,
                        measured,
                        requestsPerSecond,
                        updatesPerRequest,
                        summaryLength,
                        baseline,
                        duration,
                        churnPerSecond,
                        rounds,
                        ioThreads),
                out);
        print(out, result);
        return 0;
    }

    /** Runs the bench against the server of {@code settings}, printing progress to {@code out}. */
    public static Result run(Settings settings, PrintWriter out) throws IOException, InterruptedException {
        String tag = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        ChurnRun run = new ChurnRun(settings, tag, out);
        try {
            return run.go();
        } finally {
            run.close();
        }
    }

    static boolean startsWith(byte[] b, int offset, int length, String prefix) {
        if (length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (b[offset + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(byte[] b, int offset, int length, byte[] needle) {
        outer:
        for (int i = offset; i <= offset + length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (b[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The non-negative integer after {@code field} in the frame, or -1. */
    static long number(byte[] b, int offset, int length, String field) {
        int at = indexOf(b, offset, length, field.getBytes(StandardCharsets.US_ASCII));
        if (at < 0) {
            return -1;
        }
        long value = 0;
        for (int i = at + field.length(); i < offset + length && b[i] >= '0' && b[i] <= '9'; i++) {
            value = value * 10 + (b[i] - '0');
        }
        return value;
    }

    static String describe(ServerSample s) {
        return (s.heapUsedKib() >= 0 ? "heap after GC " + mib(s.heapUsedKib()) + ", " : "") + "RSS "
                + mib(s.rssKib()) + ", " + s.fileDescriptors() + " fds, " + s.webSocketConnections()
                + " WebSocket connections";
    }

    static String describe(Latency l) {
        return l.frames() + " frames, p50 " + l.p50() + " ms, p99 " + l.p99() + " ms, max " + l.max() + " ms ("
                + l.published() + " updates of the measured game published in " + String.format("%.0f", l.seconds())
                + " s)";
    }

    private static String mib(long kib) {
        return String.format("%.1f MiB", kib / 1024.0);
    }

    public static void print(PrintWriter out, Result r) {
        out.println();
        out.println("server before         " + describe(r.before()));
        for (Round round : r.rounds()) {
            out.println("round " + round.number() + " loaded        " + describe(round.loaded()));
            out.println("round " + round.number() + " after         " + describe(round.after()));
            out.println("round " + round.number() + " connections   " + round.opened() + " opened, " + round.dropped()
                    + " dropped without a close frame, " + round.refused() + " failed to open");
            out.println("round " + round.number() + " stalled ends  " + round.stalledEnds()
                    + "; deepest server queue seen " + round.deepestQueue() + " frames");
            out.println("round " + round.number() + " latency       " + describe(round.underChurn()));
        }
        out.println("unloaded latency      " + describe(r.unloaded()));
        out.println("measured subscribers  " + r.measuredOutOfOrder() + " frames out of seq order, "
                + r.measuredConflated() + " conflated, " + r.measuredClosed() + " closed; " + r.publishErrors()
                + " publish errors");
        out.flush();
    }
}
