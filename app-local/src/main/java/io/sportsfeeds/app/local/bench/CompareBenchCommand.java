package io.sportsfeeds.app.local.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Runs one workload against sportsfeeds and against the peer, NATS JetStream over WebSocket, and"
                    + " prints both figures side by side with their ratio (ours / nats).",
            "",
            "Starts sportsfeeds (serve, from this jar, on a new data directory, authentication on: the bench signs in with the provider key and client-001's secret its first start printed) and nats-server (JetStream on"
                    + " file storage in a temporary directory, WebSocket listener without TLS), each on free loopback"
                    + " ports as a child process, one after the other: the same workload as bench system runs against"
                    + " each, then it is stopped and its directory deleted. NATS publishes are acknowledged by"
                    + " JetStream (in batches of --batch, as a PUT /feeds is); its subscribers are WebSocket clients"
                    + " subscribed to every game's subject. --rates runs a rising ladder of rates and reports the"
                    + " highest that each system kept up with and delivered in full with p99 under 1 s. --idle-connections measures"
                    + " RSS per idle connection instead of a load.",
            ""
        })
final class CompareBenchCommand implements Callable<Integer> {
    /** The ladder's bar: every update received, p99 publish to receipt under this. */
    static final double LADDER_P99_MS = 1_000;

    @Option(
            names = "--rates",
            split = ",",
            paramLabel = "<rate>",
            showDefaultValue = Visibility.NEVER,
            description =
                    "A ladder of rates (updates/s) to run in turn instead of --rate; a system stops climbing after its first miss.")
    List<Double> rates;

    @Option(
            names = "--idle-connections",
            showDefaultValue = Visibility.NEVER,
            description =
                    "Instead of a load, open this many idle WebSockets to each and report the server's RSS per connection.")
    Integer idleConnections;

    @Option(
            names = "--nats-server",
            description =
                    "The nats-server executable: a path or a name on the PATH (Debian: apt-get install nats-server).")
    String natsServer = "nats-server";

    @Option(
            names = "--only",
            description = "Run one side only: sportsfeeds or nats (a comparison then has one column).")
    String only;

    @Option(
            names = "--java-option",
            paramLabel = "<option>",
            description = "A JVM option for the sportsfeeds server (repeatable), after the options of jvm.options that"
                    + " the README's start command uses.")
    List<String> javaOptions = new ArrayList<>();

    @Option(names = "--json", description = "Also write every run and the comparison as JSON to this file.")
    Path json;

    @Option(
            names = "--html",
            description =
                    "Also write a self-contained HTML page: the tables and, per run, throughput and latency per second.")
    Path html;

    @Mixin
    WorkloadOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Double> ladder = rates == null || rates.isEmpty() ? List.of(options.rate) : List.copyOf(rates);
        for (double rate : ladder) {
            options.workload(rate); // every rung checked before anything starts
        }
        if (idleConnections != null) {
            options.require(idleConnections >= 1, "--idle-connections must be at least 1, was " + idleConnections);
        }
        options.require(
                only == null || only.equals("sportsfeeds") || only.equals("nats"),
                "--only must be sportsfeeds or nats, was " + only);
        boolean runOurs = only == null || only.equals("sportsfeeds");
        boolean runPeer = only == null || only.equals("nats");
        if (runPeer && !ChildServer.natsAvailable(natsServer)) {
            err.println(
                    "nats-server was not found (" + natsServer
                            + "); install it (Debian: apt-get install nats-server) or give --nats-server PATH, or run --only sportsfeeds");
            err.flush();
            return 1;
        }
        Map<String, Object> machine = PushReport.machine();
        String commandLine =
                ReportedCommand.of(spec.commandLine().getParseResult().originalArgs());
        Instant startedAt = Instant.now();
        out.println("sportsfeeds bench compare, " + startedAt.truncatedTo(ChronoUnit.SECONDS));
        out.println("  machine  " + machine);
        out.flush();
        List<PushBench.Result> ours = new ArrayList<>();
        List<PushBench.Result> peer = new ArrayList<>();
        List<IdleBench.Result> idle = new ArrayList<>();
        try {
            if (runOurs) {
                try (ChildServer server = ChildServer.sportsfeeds(javaOptions)) {
                    out.printf(
                            "started sportsfeeds (pid %d) at %s: %s%n", server.pid(), server.httpUrl(), server.command);
                    ChildServer.Credentials credentials = server.madeCredentials();
                    Target target = new SportsfeedsTarget(
                            server.httpUrl(),
                            SportsfeedsTarget.webSocketUrl(server.httpUrl(), "client-001", credentials.clientSecret()),
                            credentials.providerKey(),
                            credentials.adminKey(),
                            Clock.systemUTC(),
                            OptionalLong.of(server.pid()));
                    runAll(target, ladder, ours, idle, out);
                }
            }
            if (runPeer) {
                try (ChildServer server = ChildServer.nats(natsServer)) {
                    out.printf(
                            "started nats-server (pid %d) at nats://127.0.0.1:%d, %s%n",
                            server.pid(), server.port, server.webSocketUrl());
                    Target target = new NatsTarget(
                            "127.0.0.1",
                            server.port,
                            server.webSocketUrl(),
                            Clock.systemUTC(),
                            OptionalLong.of(server.pid()));
                    runAll(target, ladder, peer, idle, out);
                }
            }
        } catch (IOException failed) {
            err.println("the bench stopped: " + failed.getMessage());
            err.flush();
            return 1;
        }
        List<HtmlPlot.Table> tables = new ArrayList<>();
        List<Map<String, Object>> comparisons = new ArrayList<>();
        for (int i = 0; i < Math.max(ours.size(), peer.size()); i++) {
            PushBench.Result a = i < ours.size() ? ours.get(i) : null;
            PushBench.Result b = i < peer.size() ? peer.get(i) : null;
            PushBench.Result any = a != null ? a : b;
            String title = "side by side: " + any.workload().describe();
            List<PushReport.Figure> figures =
                    PushReport.figures(a != null ? a : missing(b), b != null ? b : missing(a));
            PushReport.printComparison(out, title, figures);
            tables.add(new HtmlPlot.Table(title, figures));
            Map<String, Object> comparison = new LinkedHashMap<>();
            comparison.put("workload", any.workload());
            comparison.put("figures", figures);
            comparisons.add(comparison);
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("command", commandLine);
        document.put("startedAt", startedAt.toString());
        document.put("finishedAt", Instant.now().toString());
        document.put("machine", machine);
        if (!idle.isEmpty()) {
            out.println();
            out.println("RSS per idle WebSocket connection");
            idle.forEach(result -> PushReport.printIdle(out, result));
            document.put("idle", idle);
        }
        if (ladder.size() > 1) {
            Map<String, Object> highest = new LinkedHashMap<>();
            highest.put("sportsfeeds", highestPassing(ours));
            highest.put("nats", highestPassing(peer));
            document.put(
                    "ladderBar",
                    "95% of the rate acknowledged, every update received, no errors, p99 publish to receipt < "
                            + (long) LADDER_P99_MS + " ms");
            document.put("ladderHighest", highest);
            out.println();
            out.println("ladder: highest rate kept up with (95% acknowledged), every update received, p99 < 1 s");
            printHighest(out, "sportsfeeds", ours);
            printHighest(out, "nats", peer);
        }
        List<PushBench.Result> runs = new ArrayList<>(ours);
        runs.addAll(peer);
        document.put("runs", runs);
        document.put("comparisons", comparisons);
        try {
            if (json != null) {
                PushReport.writeJson(json, document);
            }
            if (html != null) {
                HtmlPlot.write(html, "sportsfeeds vs NATS JetStream", commandLine, machine, runs, tables, idle);
            }
        } catch (IOException failed) {
            err.println("cannot write the result: " + failed.getMessage());
            err.flush();
            return 1;
        }
        out.flush();
        return 0;
    }

    private void runAll(
            Target target,
            List<Double> ladder,
            List<PushBench.Result> results,
            List<IdleBench.Result> idle,
            PrintWriter out)
            throws IOException, InterruptedException {
        if (idleConnections != null) {
            idle.add(IdleBench.run(target, idleConnections, options.ioThreads, out));
            return;
        }
        for (double rate : ladder) {
            PushBench.Result result = PushBench.run(target, options.workload(rate), options.ioThreads, out);
            PushReport.print(out, result);
            results.add(result);
            if (ladder.size() > 1 && !passes(result)) {
                out.printf(
                        Locale.ROOT,
                        "%s missed the bar at %,.0f updates/s: not climbing further%n",
                        target.name(),
                        rate);
                break;
            }
        }
    }

    /**
     * The ladder's bar: the publishers kept up with the rate (95% of it acknowledged: a publisher
     * slowed by its acknowledgements would otherwise pass at a lower rate than asked), every update
     * received, no errors, p99 publish to receipt under 1 s.
     */
    static boolean passes(PushBench.Result result) {
        return result.complete()
                && result.acknowledgedPerSecond() >= 0.95 * result.workload().rate()
                && result.fromPublish().p99() < LADDER_P99_MS;
    }

    private static Map<String, Object> highestPassing(List<PushBench.Result> results) {
        Map<String, Object> best = new LinkedHashMap<>();
        for (PushBench.Result result : results) {
            if (passes(result)) {
                best.put("rate", result.workload().rate());
                best.put("deliveredPerSecond", result.deliveredPerSecond());
                best.put("p99Ms", result.fromPublish().p99());
            }
        }
        return best;
    }

    private static void printHighest(PrintWriter out, String name, List<PushBench.Result> results) {
        Map<String, Object> best = highestPassing(results);
        if (best.isEmpty()) {
            out.printf("  %-12s none of the rates run passed%n", name);
        } else {
            out.printf(
                    Locale.ROOT,
                    "  %-12s %,.0f updates/s -> %,.0f deliveries/s, p99 %s ms%n",
                    name,
                    (Double) best.get("rate"),
                    (Double) best.get("deliveredPerSecond"),
                    PushBench.Percentiles.ms((Double) best.get("p99Ms")));
        }
    }

    /** A stand-in for the side that did not run (with --only, or past a ladder's miss): every figure unknown. */
    private static PushBench.Result missing(PushBench.Result other) {
        PushBench.Percentiles none =
                new PushBench.Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        return new PushBench.Result(
                "-",
                "-",
                other.workload(),
                0,
                Double.NaN,
                Double.NaN,
                none,
                0,
                Double.NaN,
                none,
                none,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                null,
                0,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of());
    }
}
