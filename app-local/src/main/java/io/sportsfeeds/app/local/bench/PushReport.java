package io.sportsfeeds.app.local.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The push bench's reports: plain text, the comparison table, the JSON result and the HTML plot. */
final class PushReport {
    private PushReport() {}

    /** A figure of a side-by-side run: sportsfeeds' value, the peer's, and which way is better. */
    record Figure(String name, Double ours, Double peer, boolean higherIsBetter) {
        Double ratio() {
            return ours == null || peer == null || peer == 0 ? null : ours / peer;
        }
    }

    static void print(PrintWriter out, PushBench.Result r) {
        PushBench.Workload w = r.workload();
        out.println();
        out.printf(Locale.ROOT, "results of %s, %d s measured (warmup excluded)%n", r.where(), w.durationSeconds());
        out.printf(Locale.ROOT, "  workload             %s%n", w.describe());
        out.printf(
                Locale.ROOT,
                "  acknowledged         %,.0f updates/s (%,.1f requests/s)%n",
                r.acknowledgedPerSecond(),
                r.requestsPerSecond());
        out.printf(
                Locale.ROOT,
                "  per request, ms      %s (sent to acknowledged)%n",
                r.perRequest().line());
        out.printf(Locale.ROOT, "  delivered            %,.0f messages/s%n", r.deliveredPerSecond());
        out.printf(
                Locale.ROOT, "  publish -> receipt   %s ms%n", r.fromPublish().line());
        out.printf(
                Locale.ROOT,
                "  ack -> receipt       %s ms (%,d frames came before their acknowledgement, counted as 0)%n",
                r.fromAcknowledgement().line(),
                r.beforeAcknowledgement());
        out.printf(
                Locale.ROOT,
                "  whole run            %,d updates acknowledged, %,d deliveries expected, %,d not received%n",
                r.acknowledgedInAll(),
                r.expectedDeliveries(),
                r.notReceived());
        out.printf(
                Locale.ROOT,
                "  order per (subscriber, game): %,d seqs missing (%,d of them superseded, before a frame marked conflated) in %,d pairs, %,d frames not after the last seq, %,d repeated updates%n",
                r.gaps(),
                r.superseded(),
                r.pairsWithGaps(),
                r.seqBackwards(),
                r.repeats());
        out.printf(
                Locale.ROOT,
                "  errors               %,d updates not acknowledged%s; %,d subscribers closed%s%n",
                r.publishErrors(),
                r.firstPublishError() == null ? "" : " (first: " + r.firstPublishError() + ")",
                r.subscribersClosed(),
                r.firstClose() == null ? "" : " (first: " + r.firstClose() + ")");
        if (r.serverCores() != null) {
            out.printf(
                    Locale.ROOT,
                    "  server               %.2f cores, %s per delivery, RSS up to %,d MiB%n",
                    r.serverCores(),
                    r.serverMicrosPerDelivery() == null
                            ? "-"
                            : String.format(Locale.ROOT, "%.2f µs", r.serverMicrosPerDelivery()),
                    r.serverRssKib() == null ? 0 : r.serverRssKib() / 1024);
        } else {
            out.println(
                    "  server               CPU and RSS unknown (no --server-pid, and no process of this machine listens on the port)");
        }
        ServerSideFigures side = r.serverSide();
        if (side != null) {
            out.printf(
                    Locale.ROOT,
                    "  server's /metrics    %,d group commits, %s updates each, synced write mean %s ms p99 %s ms;"
                            + " store -> queued p50 %s ms p99 %s ms; %,d conflations, deepest queue %,d at the end%n",
                    side.commits(),
                    side.updatesPerCommit() == null ? "-" : String.format(Locale.ROOT, "%.1f", side.updatesPerCommit()),
                    msOrDash(side.commitMillisMean()),
                    msOrDash(side.commitMillisP99()),
                    msOrDash(side.pushDelayMillisP50()),
                    msOrDash(side.pushDelayMillisP99()),
                    side.conflations(),
                    side.deepestQueueAtEnd());
        }
        out.printf(
                Locale.ROOT,
                "  bench (this process) %.2f cores%s%s%n",
                r.benchCores(),
                r.benchMicrosPerDelivery() == null
                        ? ""
                        : String.format(Locale.ROOT, ", %.2f µs per delivery", r.benchMicrosPerDelivery()),
                r.benchCores() < 1 ? " (below one core)" : " (ABOVE one core: the bench may limit what it measures)");
        if (r.subscriberThreadsCores() != null && r.deliveriesPerRead() != null) {
            out.printf(
                    Locale.ROOT,
                    "  bench subscribers    %.2f cores on their selector threads, %.1f deliveries per socket read%n",
                    r.subscriberThreadsCores(),
                    r.deliveriesPerRead());
        }
        out.println(
                r.complete()
                        ? "  verdict              every acknowledged update reached every subscriber once, in order"
                        : "  verdict              INCOMPLETE: see not received, order and errors above");
        out.flush();
    }

    static void printIdle(PrintWriter out, IdleBench.Result idle) {
        out.printf(
                Locale.ROOT,
                "  %-12s %,d idle connections: RSS %,d -> %,d KiB, %.1f KiB per connection%s (opened in %.1f s)%n",
                idle.target(),
                idle.connections(),
                idle.rssBeforeKib(),
                idle.rssAfterKib(),
                idle.kibPerConnection(),
                Double.isNaN(idle.kibPerConnectionAfterGc())
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "; after a full GC %,d -> %,d KiB, %.1f KiB per connection",
                                idle.rssBeforeKibAfterGc(),
                                idle.rssAfterKibAfterGc(),
                                idle.kibPerConnectionAfterGc()),
                idle.openSeconds());
        out.flush();
    }

    /** The figures compared, one row each. */
    static List<Figure> figures(PushBench.Result ours, PushBench.Result peer) {
        List<Figure> figures = new ArrayList<>();
        add(figures, "acknowledged updates/s", ours, peer, PushBench.Result::acknowledgedPerSecond, true);
        add(figures, "per request p99 (ms)", ours, peer, r -> r.perRequest().p99(), false);
        if (ours.workload().subscribers() > 0) {
            add(figures, "delivered messages/s", ours, peer, PushBench.Result::deliveredPerSecond, true);
            add(
                    figures,
                    "publish -> receipt p50 (ms)",
                    ours,
                    peer,
                    r -> r.fromPublish().p50(),
                    false);
            add(
                    figures,
                    "publish -> receipt p90 (ms)",
                    ours,
                    peer,
                    r -> r.fromPublish().p90(),
                    false);
            add(
                    figures,
                    "publish -> receipt p99 (ms)",
                    ours,
                    peer,
                    r -> r.fromPublish().p99(),
                    false);
            add(
                    figures,
                    "publish -> receipt p99.9 (ms)",
                    ours,
                    peer,
                    r -> r.fromPublish().p999(),
                    false);
            add(
                    figures,
                    "publish -> receipt max (ms)",
                    ours,
                    peer,
                    r -> r.fromPublish().max(),
                    false);
            add(
                    figures,
                    "ack -> receipt p99 (ms)",
                    ours,
                    peer,
                    r -> r.fromAcknowledgement().p99(),
                    false);
            add(figures, "not received", ours, peer, r -> (double) r.notReceived(), false);
            add(
                    figures,
                    "seq gaps + repeats",
                    ours,
                    peer,
                    r -> (double) (r.gaps() + r.seqBackwards() + r.repeats()),
                    false);
            add(figures, "server µs per delivery", ours, peer, PushBench.Result::serverMicrosPerDelivery, false);
        }
        add(figures, "errors", ours, peer, r -> (double) (r.publishErrors() + r.subscribersClosed()), false);
        add(figures, "server cores", ours, peer, PushBench.Result::serverCores, false);
        add(
                figures,
                "server RSS (MiB)",
                ours,
                peer,
                r -> r.serverRssKib() == null ? null : r.serverRssKib() / 1024.0,
                false);
        add(figures, "bench cores", ours, peer, PushBench.Result::benchCores, false);
        if (ours.workload().subscribers() > 0) {
            add(figures, "bench subscriber threads cores", ours, peer, PushBench.Result::subscriberThreadsCores, false);
            add(figures, "deliveries per socket read", ours, peer, PushBench.Result::deliveriesPerRead, true);
        }
        return figures;
    }

    private static void add(
            List<Figure> figures,
            String name,
            PushBench.Result ours,
            PushBench.Result peer,
            Function<PushBench.Result, Double> value,
            boolean higherIsBetter) {
        // A side that did not run (target "-") has no figures, not zeros.
        figures.add(new Figure(
                name,
                ours.target().equals("-") ? null : known(value.apply(ours)),
                peer.target().equals("-") ? null : known(value.apply(peer)),
                higherIsBetter));
    }

    private static Double known(Double value) {
        return value == null || value.isNaN() ? null : value;
    }

    static void printComparison(PrintWriter out, String title, List<Figure> figures) {
        out.println();
        out.println(title);
        out.printf(Locale.ROOT, "  %-32s %14s %14s %10s%n", "figure", "sportsfeeds", "nats", "ours/nats");
        for (Figure figure : figures) {
            out.printf(
                    Locale.ROOT,
                    "  %-32s %14s %14s %10s%n",
                    figure.name(),
                    number(figure.ours()),
                    number(figure.peer()),
                    figure.ratio() == null ? "-" : String.format(Locale.ROOT, "%.2f", figure.ratio()));
        }
        out.flush();
    }

    static String number(Double value) {
        if (value == null) {
            return "-";
        }
        double magnitude = Math.abs(value);
        return magnitude >= 100 || value == Math.rint(value)
                ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, magnitude >= 1 ? "%.2f" : "%.3f", value);
    }

    /** The machine, for the JSON result and the HTML page. */
    static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("processors", Runtime.getRuntime().availableProcessors());
        machine.put(
                "jvm",
                System.getProperty("java.vm.name") + " " + Runtime.version() + " ("
                        + System.getProperty("java.vm.vendor") + ")");
        machine.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        machine.put(
                "loadAverageAtStart",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            machine.put("memoryMiB", os.getTotalMemorySize() / (1024 * 1024));
        }
        return machine;
    }

    static void writeJson(Path file, Map<String, Object> document) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        json.writeValue(file.toFile(), document);
    }

    private static String msOrDash(Double millis) {
        return millis == null ? "-" : PushBench.Percentiles.ms(millis);
    }
}
