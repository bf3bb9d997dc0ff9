package io.sportsfeeds.app.local.bench;

import io.sportsfeeds.app.local.bench.PushBench.Percentiles;
import io.sportsfeeds.app.local.bench.PushBench.Result;
import io.sportsfeeds.app.local.bench.PushBench.Second;
import io.sportsfeeds.app.local.bench.PushBench.Workload;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The clock of a push run, once its subscribers and publishers are connected: starts the
 * publishers' loops, then each second samples the counts and the processes, prints a line of
 * progress, keeps a row of the timeline and feeds the {@link MeasuredWindow}; stops once the
 * subscribers have drained what was acknowledged, or the drain time is over.
 */
final class PushRun {
    private PushRun() {}

    /** @param closedBeforeStart subscribers closed while connecting, not counted as errors of the run */
    static Result measure(
            Target target,
            Workload workload,
            WebSocketSwarm swarm,
            Ledger ledger,
            Tally tally,
            List<Subscriber> subscribers,
            List<Target.Publisher> publishers,
            long closedBeforeStart,
            PrintWriter out)
            throws InterruptedException {
        int warmup = (int) workload.warmupSeconds();
        int measured = (int) workload.durationSeconds();
        long start = System.nanoTime();
        long stopPublishing = start + (warmup + measured) * 1_000_000_000L;
        AtomicLong numbers = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < publishers.size(); p++) {
            threads.add(Thread.ofPlatform()
                    .name("bench-publisher-" + p)
                    .start(new PublishLoop(
                            publishers.get(p), p, workload, ledger, tally, numbers, start, stopPublishing)));
        }
        out.printf(Locale.ROOT, "%s: %s%n", target.name(), workload.describe());
        out.flush();
        Optional<Long> pid =
                target.serverPid().isPresent() ? Optional.of(target.serverPid().getAsLong()) : Optional.empty();
        List<Second> timeline = new ArrayList<>();
        tally.interval(); // drops what connecting recorded
        long lastAcknowledged = 0;
        long lastDelivered = 0;
        long lastRequests = 0;
        Optional<ProcessStats.Sample> lastServer = pid.flatMap(ProcessStats::sample);
        long lastBench = PushBench.benchCpuNanos();
        MeasuredWindow window = new MeasuredWindow(new MeasuredWindow.Edge(
                warmup == 0 ? target.metricsText() : Optional.empty(),
                warmup == 0 ? lastServer : Optional.empty(),
                warmup == 0 ? lastBench : 0,
                swarm.threadsCpuNanos(),
                0));
        long drainSeconds = workload.drainSeconds();
        for (int second = 1; ; second++) {
            long tick = start + second * 1_000_000_000L;
            long wait = tick - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            Histogram[] interval = tally.interval();
            long acknowledged = tally.acknowledged.sum();
            long delivered = tally.deliveries.sum();
            long requests = tally.requests.sum();
            Optional<ProcessStats.Sample> server = pid.flatMap(ProcessStats::sample);
            long bench = PushBench.benchCpuNanos();
            String phase = second <= warmup ? "warmup" : second <= warmup + measured ? "measured" : "drain";
            if (second == warmup) {
                window.start(new MeasuredWindow.Edge(
                        target.metricsText(), server, bench, swarm.threadsCpuNanos(), swarm.reads.sum()));
            }
            if (phase.equals("measured")) {
                window.add(
                        interval,
                        acknowledged - lastAcknowledged,
                        delivered - lastDelivered,
                        requests - lastRequests,
                        server);
            }
            if (second == warmup + measured) {
                window.end(new MeasuredWindow.Edge(
                        target.metricsText(), server, bench, swarm.threadsCpuNanos(), swarm.reads.sum()));
            }
            Double serverCores = server.isPresent() && lastServer.isPresent()
                    ? (server.get().cpuNanos() - lastServer.get().cpuNanos()) / 1e9
                    : null;
            Percentiles latency = Percentiles.of(interval[0]);
            Second row = new Second(
                    second,
                    phase,
                    acknowledged - lastAcknowledged,
                    delivered - lastDelivered,
                    latency.p50(),
                    latency.p90(),
                    latency.p99(),
                    latency.max(),
                    serverCores,
                    server.map(ProcessStats.Sample::rssKib).orElse(null),
                    (bench - lastBench) / 1e9);
            timeline.add(row);
            long distinct = tally.distinctDeliveries.sum();
            long expected = acknowledged * subscribers.size();
            printProgress(
                    out,
                    row,
                    Math.max(0, expected - distinct),
                    tally.publishErrors.sum() + tally.subscribersClosed.sum() - closedBeforeStart,
                    server);
            lastAcknowledged = acknowledged;
            lastDelivered = delivered;
            lastRequests = requests;
            lastServer = server;
            lastBench = bench;
            if (second >= warmup + measured) {
                boolean published = threads.stream().noneMatch(Thread::isAlive);
                boolean drained = published && distinct >= tally.acknowledged.sum() * subscribers.size();
                if (drained || second >= warmup + measured + drainSeconds) {
                    break;
                }
            }
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return window.result(target, workload, subscribers, tally, numbers, closedBeforeStart, timeline);
    }

    /** The second's line; the server's figures only when it was sampled this second and the last. */
    private static void printProgress(
            PrintWriter out, Second row, long outstanding, long errors, Optional<ProcessStats.Sample> server) {
        out.printf(
                Locale.ROOT,
                "%4ds %-8s acked %,9d/s  delivered %,10d/s  p50 %8s ms  p99 %8s ms  outstanding %,d  errors %,d%s  bench %.2f cores%n",
                row.second(),
                row.phase(),
                row.acknowledged(),
                row.delivered(),
                Percentiles.ms(row.p50()),
                Percentiles.ms(row.p99()),
                outstanding,
                errors,
                row.serverCores() == null
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "  server %.2f cores %,d MiB",
                                row.serverCores(),
                                server.get().rssKib() / 1024),
                row.benchCores());
        out.flush();
    }
}
