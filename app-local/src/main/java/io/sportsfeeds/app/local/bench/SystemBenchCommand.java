package io.sportsfeeds.app.local.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "system",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Drives a running sportsfeeds (local or deployed) end to end and prints a report.",
            "",
            "Publishers PUT /feeds batches of distinct updates at --rate (or as fast as acknowledged) while"
                    + " --subscribers WebSockets receive them. Every update carries its number in its summary, so"
                    + " each frame is matched to its publish: latency from the publish being sent and from its"
                    + " acknowledgement to the frame's receipt (HdrHistogram), updates not received, seq gaps and"
                    + " repeats per (subscriber, game), errors, the server's CPU and RSS (from /proc) and the bench's"
                    + " own CPU. Progress is printed each second; the figures are those of the measured window."
                    + " With --idle-connections it measures the server's RSS per idle WebSocket instead.",
            ""
        })
final class SystemBenchCommand implements Callable<Integer> {
    @Option(names = "--url", description = "Base URL of the running server.")
    URI url = URI.create("http://127.0.0.1:7070");

    @Option(
            names = "--ws-url",
            showDefaultValue = Visibility.NEVER,
            description = "The subscribers' WebSocket URL. Default: --url's host and port, /ws?client=<--client>.")
    URI webSocketUrl;

    @Option(names = "--client", description = "The analysts' client id the subscribers connect as.")
    String client = "client-001";

    @Option(
            names = "--api-key",
            description =
                    "A provider key, sent as x-api-key with every PUT /feeds (the server prints the one it made on its first start).")
    String apiKey;

    @Option(
            names = "--client-secret",
            description =
                    "The --client's secret, sent as &secret= on the derived WebSocket URL (the server prints the sample clients' on its first start).")
    String clientSecret;

    @Option(
            names = "--admin-key",
            description =
                    "An admin key: with it, runs of more than 100 subscribers register clients of their own (PUT /clients), 100 subscribers each, since the server lets a client hold 200 connections.")
    String adminKey;

    @Option(
            names = "--server-pid",
            showDefaultValue = Visibility.NEVER,
            description =
                    "The server's process id, for its CPU and RSS. Default: when --url's host is this machine's loopback, the process listening on its port, if any.")
    Long serverPid;

    @Option(
            names = "--idle-connections",
            showDefaultValue = Visibility.NEVER,
            description =
                    "Instead of a load, open this many idle WebSockets and report the server's RSS per connection.")
    Integer idleConnections;

    @Option(
            names = "--cacert",
            paramLabel = "PEM",
            showDefaultValue = Visibility.NEVER,
            description =
                    "For https:// and wss:// URLs: trust only the certificates in this PEM file (a private authority's, or a"
                            + " server's own self-signed one). Default: the JDK's trusted authorities. The server's name is"
                            + " checked against its certificate either way.")
    Path caCertificates;

    @Option(names = "--json", description = "Also write the result as JSON to this file.")
    Path json;

    @Option(
            names = "--html",
            description = "Also write a self-contained HTML page plotting throughput and latency per second.")
    Path html;

    @Mixin
    WorkloadOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (url.getScheme() == null || !url.getScheme().matches("(?i)https?") || url.getHost() == null) {
            throw new ParameterException(
                    spec.commandLine(), "--url must be an http:// or https:// URL with a host, was " + url);
        }
        PushBench.Workload workload = options.workload(options.rate);
        if (idleConnections != null) {
            options.require(idleConnections >= 1, "--idle-connections must be at least 1, was " + idleConnections);
        }
        URI ws = webSocketUrl != null ? webSocketUrl : SportsfeedsTarget.webSocketUrl(url, client, clientSecret);
        if (ws.getScheme() == null || !ws.getScheme().matches("(?i)wss?") || ws.getHost() == null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "the subscribers' URL must be ws:// or wss:// with a host, was " + ws
                            + (webSocketUrl == null ? " (derived from --url; give --ws-url)" : ""));
        }
        SSLContext tls;
        try {
            tls = caCertificates == null ? null : BenchTls.trusting(caCertificates);
        } catch (IOException unreadable) {
            throw new ParameterException(spec.commandLine(), "--cacert: " + unreadable.getMessage());
        }
        OptionalLong pid = serverPid != null
                ? OptionalLong.of(serverPid)
                : onThisMachine(url)
                        ? ProcessStats.listeningOn(
                                url.getPort() > 0
                                        ? url.getPort()
                                        : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80)
                        : OptionalLong.empty();
        Target target = new SportsfeedsTarget(url, ws, apiKey, adminKey, Clock.systemUTC(), pid, tls);
        Map<String, Object> machine = PushReport.machine();
        out.println("sportsfeeds bench system, " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
        out.println("  target   " + target.describe()
                + (pid.isPresent() ? ", server pid " + pid.getAsLong() : ", server pid unknown"));
        out.println("  machine  " + machine);
        out.flush();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put(
                "command",
                ReportedCommand.of(spec.commandLine().getParseResult().originalArgs()));
        document.put("startedAt", Instant.now().toString());
        document.put("machine", machine);
        try {
            if (idleConnections != null) {
                IdleBench.Result idle = IdleBench.run(target, idleConnections, options.ioThreads, out);
                PushReport.printIdle(out, idle);
                document.put("idle", List.of(idle));
                write(document, List.of(), List.of(idle));
                return 0;
            }
            PushBench.Result result = PushBench.run(target, workload, options.ioThreads, out);
            PushReport.print(out, result);
            document.put("runs", List.of(result));
            write(document, List.of(result), List.of());
            return result.complete() ? 0 : 1;
        } catch (IOException failed) {
            err.println("the bench stopped: " + failed.getMessage());
            err.flush();
            return 1;
        }
    }

    /** Whether {@code url} names this machine's loopback (a deployed stack's process is not here to read). */
    private static boolean onThisMachine(URI url) {
        String host = url.getHost();
        return host.equalsIgnoreCase("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    private void write(Map<String, Object> document, List<PushBench.Result> results, List<IdleBench.Result> idle)
            throws IOException {
        if (json != null) {
            PushReport.writeJson(json, document);
        }
        if (html != null) {
            HtmlPlot.write(
                    html,
                    "sportsfeeds bench system",
                    (String) document.get("command"),
                    PushReport.machine(),
                    results,
                    List.of(),
                    idle);
        }
    }
}
