package io.sportsfeeds.app.local.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The push bench: publishers post batches of updates to a {@link Target} at a set rate (or as fast
 * as acknowledgements come), WebSocket subscribers receive them, and every delivery is matched to
 * its publish by the number in its summary. Each second a line of progress is printed and a row
 * of the timeline kept; the figures of the result are those of the measured window (after the
 * warmup, before publishing stops), except the counts of what was lost, which cover the whole
 * run once the subscribers had time to drain.
 */
final class PushBench {
    private static final double[] PERCENTILES = {50, 90, 99, 99.9};
    /** Upgrades in flight at once while subscribers connect: a server's accept queue is finite. */
    private static final int CONCURRENT_HANDSHAKES = 128;

    /**
     * What to run.
     *
     * @param rate updates per second in all publishers together; 0 for as fast as acknowledgements come
     * @param drain how long to wait after publishing stopped for the last deliveries
     */
    record Workload(
            int publishers,
            int batch,
            double rate,
            int subscribers,
            int games,
            long warmupSeconds,
            long durationSeconds,
            long drainSeconds) {
        Workload {
            if (warmupSeconds < 0 || durationSeconds < 1 || drainSeconds < 0) {
                throw new IllegalArgumentException(
                        "warmup and drain must be 0 or more seconds, duration at least 1; were " + warmupSeconds + ", "
                                + drainSeconds + ", " + durationSeconds);
            }
            if (publishers < 1
                    || batch < 1
                    || subscribers < 0
                    || games < publishers
                    || rate < 0
                    || Double.isNaN(rate)) {
                throw new IllegalArgumentException(
                        "publishers and batch must be positive, subscribers not negative, games at least publishers (each game has one"
                                + " publisher), rate 0 or more; were publishers "
                                + publishers + ", batch " + batch + ", subscribers " + subscribers + ", games " + games
                                + ", rate " + rate);
            }
        }

        String describe() {
            return String.format(
                    Locale.ROOT,
                    "%d publisher%s x batches of %d, %s, %d subscriber%s, %d games, warmup %d s, measured %d s",
                    publishers,
                    publishers == 1 ? "" : "s",
                    batch,
                    rate == 0
                            ? "as fast as acknowledged (each publisher awaits each batch)"
                            : String.format(Locale.ROOT, "%,.0f updates/s", rate),
                    subscribers,
                    subscribers == 1 ? "" : "s",
                    games,
                    warmupSeconds,
                    durationSeconds);
        }
    }

    /** Latency percentiles in milliseconds. */
    record Percentiles(long count, double p50, double p90, double p99, double p999, double max) {
        static Percentiles of(Histogram histogram) {
            if (histogram.getTotalCount() == 0) {
                return new Percentiles(0, 0, 0, 0, 0, 0);
            }
            double[] values = new double[PERCENTILES.length];
            for (int i = 0; i < PERCENTILES.length; i++) {
                values[i] = histogram.getValueAtPercentile(PERCENTILES[i]) / 1e6;
            }
            return new Percentiles(
                    histogram.getTotalCount(),
                    values[0],
                    values[1],
                    values[2],
                    values[3],
                    histogram.getMaxValue() / 1e6);
        }

        String line() {
            return count == 0
                    ? "none"
                    : String.format(
                            Locale.ROOT,
                            "p50 %s  p90 %s  p99 %s  p99.9 %s  max %s",
                            ms(p50),
                            ms(p90),
                            ms(p99),
                            ms(p999),
                            ms(max));
        }

        static String ms(double millis) {
            return millis >= 100
                    ? String.format(Locale.ROOT, "%,.0f", millis)
                    : String.format(Locale.ROOT, "%.2f", millis);
        }
    }

    /** One second of a run. {@code phase} is warmup, measured or drain; latencies are publish to receipt, ms. */
    record Second(
            int second,
            String phase,
            long acknowledged,
            long delivered,
            double p50,
            double p90,
            double p99,
            double max,
            Double serverCores,
            Long serverRssKib,
            Double benchCores) {}

    /**
     * What a run measured.
     *
     * @param acknowledgedInAll updates acknowledged in the whole run
     * @param expectedDeliveries acknowledgedInAll times the subscribers
     * @param notReceived acknowledged updates that some subscriber never received
     * @param repeats deliveries of an update a subscriber had already received
     * @param gaps seqs missing between two frames a subscriber received of a game
     * @param seqBackwards frames whose seq was not above the last of its game
     * @param pairsWithGaps (subscriber, game) pairs with at least one gap
     * @param beforeAcknowledgement deliveries that arrived before their publish was acknowledged
     * @param serverCores the server's CPU time over the window divided by the window
     * @param benchCores the same for this process
     * @param subscriberThreadsCores the CPU time of the subscribers' selector threads over the window, divided by it
     * @param deliveriesPerRead deliveries in the window per socket read of the subscribers that returned data
     * @param serverSide what the server's own metrics say of the window, when it serves them (else null)
     */
    record Result(
            String target,
            String where,
            Workload workload,
            long acknowledgedInWindow,
            double acknowledgedPerSecond,
            double requestsPerSecond,
            Percentiles perRequest,
            long deliveredInWindow,
            double deliveredPerSecond,
            Percentiles fromPublish,
            Percentiles fromAcknowledgement,
            long acknowledgedInAll,
            long expectedDeliveries,
            long notReceived,
            long repeats,
            long gaps,
            long seqBackwards,
            long pairsWithGaps,
            long beforeAcknowledgement,
            long publishErrors,
            String firstPublishError,
            long subscribersClosed,
            String firstClose,
            Double serverCores,
            Double serverMicrosPerDelivery,
            Long serverRssKib,
            Double benchCores,
            Double benchMicrosPerDelivery,
            Double subscriberThreadsCores,
            Double deliveriesPerRead,
            ServerSideFigures serverSide,
            List<Second> timeline) {
        /** Every acknowledged update reached every subscriber once, in order, and none failed. */
        boolean complete() {
            return notReceived == 0
                    && repeats == 0
                    && gaps == 0
                    && seqBackwards == 0
                    && publishErrors == 0
                    && subscribersClosed == 0;
        }
    }

    private PushBench() {}

    static Result run(Target target, Workload workload, int ioThreads, PrintWriter out)
            throws IOException, InterruptedException {
        String runTag = "r" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        target.prepare(runTag, workload.subscribers());
        Ledger ledger = new Ledger();
        Tally tally = new Tally();
        List<Subscriber> subscribers = new ArrayList<>(workload.subscribers());
        List<WebSocketSwarm.Connection> connections = new ArrayList<>();
        try (WebSocketSwarm swarm = new WebSocketSwarm(ioThreads)) {
            out.printf(Locale.ROOT, "%s: connecting %,d subscribers ...%n", target.name(), workload.subscribers());
            out.flush();
            for (int i = 0; i < workload.subscribers(); i++) {
                subscribers.add(new Subscriber(i, workload.games(), tally, ledger, runTag));
            }
            connections.addAll(openAll(target, swarm, subscribers, runTag));
            long closedBeforeStart = tally.subscribersClosed.sum();
            List<Target.Publisher> publishers = new ArrayList<>();
            try {
                for (int p = 0; p < workload.publishers(); p++) {
                    publishers.add(target.openPublisher(p, runTag));
                }
                return measure(target, workload, swarm, ledger, tally, subscribers, publishers, closedBeforeStart, out);
            } finally {
                for (Target.Publisher publisher : publishers) {
                    publisher.close();
                }
                for (WebSocketSwarm.Connection connection : connections) {
                    connection.close();
                }
            }
        }
    }

    /** Opens a subscriber per entry, a bounded number at a time, and waits until each is ready. */
    static List<WebSocketSwarm.Connection> openAll(
            Target target, WebSocketSwarm swarm, List<Subscriber> subscribers, String runTag)
            throws IOException, InterruptedException {
        Semaphore handshakes = new Semaphore(CONCURRENT_HANDSHAKES);
        List<CompletableFuture<WebSocketSwarm.Connection>> opening = new ArrayList<>();
        for (Subscriber subscriber : subscribers) {
            handshakes.acquire();
            CompletableFuture<WebSocketSwarm.Connection> ready = target.subscribe(swarm, subscriber, runTag);
            ready.whenComplete((connection, failed) -> handshakes.release());
            opening.add(ready);
        }
        List<WebSocketSwarm.Connection> open = new ArrayList<>();
        for (CompletableFuture<WebSocketSwarm.Connection> ready : opening) {
            try {
                open.add(ready.get(60, TimeUnit.SECONDS));
            } catch (ExecutionException failed) {
                for (WebSocketSwarm.Connection connection : open) {
                    connection.close();
                }
                throw new IOException(
                        "subscriber " + open.size() + " could not connect: "
                                + failed.getCause().getMessage(),
                        failed.getCause());
            } catch (TimeoutException late) {
                throw new IOException("subscriber " + open.size() + " was not ready within 60 s", late);
            }
        }
        return open;
    }

    private static Result measure(
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
            Target.Publisher publisher = publishers.get(p);
            int index = p;
            threads.add(Thread.ofPlatform()
                    .name("bench-publisher-" + p)
                    .start(() -> publish(publisher, index, workload, ledger, tally, numbers, start, stopPublishing)));
        }
        out.printf(Locale.ROOT, "%s: %s%n", target.name(), workload.describe());
        out.flush();
        Optional<Long> pid =
                target.serverPid().isPresent() ? Optional.of(target.serverPid().getAsLong()) : Optional.empty();
        List<Second> timeline = new ArrayList<>();
        Histogram windowFromPublish = new Histogram(Tally.SIGNIFICANT_DIGITS);
        Histogram windowFromAck = new Histogram(Tally.SIGNIFICANT_DIGITS);
        Histogram windowPerRequest = new Histogram(Tally.SIGNIFICANT_DIGITS);
        tally.interval(); // drops what connecting recorded
        long lastAcknowledged = 0;
        long lastDelivered = 0;
        long lastRequests = 0;
        long windowAcknowledged = 0;
        long windowDelivered = 0;
        long windowRequests = 0;
        Optional<ProcessStats.Sample> lastServer = pid.flatMap(ProcessStats::sample);
        long lastBench = benchCpuNanos();
        Optional<ProcessStats.Sample> serverAtWindowStart = Optional.empty();
        Optional<ProcessStats.Sample> serverAtWindowEnd = Optional.empty();
        long benchAtWindowStart = 0;
        long benchAtWindowEnd = 0;
        long ioAtWindowStart = swarm.threadsCpuNanos();
        long ioAtWindowEnd = ioAtWindowStart;
        long readsAtWindowStart = 0;
        long readsAtWindowEnd = 0;
        long maxRssKib = -1;
        long drainSeconds = workload.drainSeconds();
        Optional<String> metricsAtWindowStart = warmup == 0 ? target.metricsText() : Optional.empty();
        Optional<String> metricsAtWindowEnd = Optional.empty();
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
            long bench = benchCpuNanos();
            String phase = second <= warmup ? "warmup" : second <= warmup + measured ? "measured" : "drain";
            if (second == warmup) {
                metricsAtWindowStart = target.metricsText();
                serverAtWindowStart = server;
                benchAtWindowStart = bench;
                ioAtWindowStart = swarm.threadsCpuNanos();
                readsAtWindowStart = swarm.reads.sum();
            }
            if (warmup == 0 && second == 1) {
                serverAtWindowStart = lastServer;
                benchAtWindowStart = lastBench;
            }
            if (phase.equals("measured")) {
                windowFromPublish.add(interval[0]);
                windowFromAck.add(interval[1]);
                windowPerRequest.add(interval[2]);
                windowAcknowledged += acknowledged - lastAcknowledged;
                windowDelivered += delivered - lastDelivered;
                windowRequests += requests - lastRequests;
                if (server.isPresent()) {
                    maxRssKib = Math.max(maxRssKib, server.get().rssKib());
                }
            }
            if (second == warmup + measured) {
                metricsAtWindowEnd = target.metricsText();
                serverAtWindowEnd = server;
                benchAtWindowEnd = bench;
                ioAtWindowEnd = swarm.threadsCpuNanos();
                readsAtWindowEnd = swarm.reads.sum();
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
            out.printf(
                    Locale.ROOT,
                    "%4ds %-8s acked %,9d/s  delivered %,10d/s  p50 %8s ms  p99 %8s ms  outstanding %,d  errors %,d%s  bench %.2f cores%n",
                    second,
                    phase,
                    row.acknowledged(),
                    row.delivered(),
                    Percentiles.ms(row.p50()),
                    Percentiles.ms(row.p99()),
                    Math.max(0, expected - distinct),
                    tally.publishErrors.sum() + tally.subscribersClosed.sum() - closedBeforeStart,
                    serverCores == null
                            ? ""
                            : String.format(
                                    Locale.ROOT,
                                    "  server %.2f cores %,d MiB",
                                    serverCores,
                                    server.get().rssKib() / 1024),
                    row.benchCores());
            out.flush();
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
        long acknowledgedInAll = tally.acknowledged.sum();
        long updates = numbers.get();
        long notReceived = 0;
        long repeats = 0;
        long gaps = 0;
        long backwards = 0;
        long pairs = 0;
        String firstClose = null;
        for (Subscriber subscriber : subscribers) {
            notReceived += subscriber.notReceived(updates);
            repeats += subscriber.repeats;
            gaps += subscriber.gaps;
            backwards += subscriber.seqBackwards;
            pairs += subscriber.gamesWithGaps;
            if (firstClose == null && subscriber.closedWhy != null) {
                firstClose = "subscriber " + subscriber.index + ": " + subscriber.closedWhy;
            }
        }
        double seconds = measured;
        Double serverCores = null;
        Double serverMicros = null;
        if (serverAtWindowStart.isPresent() && serverAtWindowEnd.isPresent()) {
            long cpu = serverAtWindowEnd.get().cpuNanos()
                    - serverAtWindowStart.get().cpuNanos();
            serverCores = cpu / 1e9 / seconds;
            serverMicros = windowDelivered == 0 ? null : cpu / 1e3 / windowDelivered;
        }
        long benchCpu = benchAtWindowEnd - benchAtWindowStart;
        long reads = readsAtWindowEnd - readsAtWindowStart;
        return new Result(
                target.name(),
                target.describe(),
                workload,
                windowAcknowledged,
                windowAcknowledged / seconds,
                windowRequests / seconds,
                Percentiles.of(windowPerRequest),
                windowDelivered,
                windowDelivered / seconds,
                Percentiles.of(windowFromPublish),
                Percentiles.of(windowFromAck),
                acknowledgedInAll,
                acknowledgedInAll * subscribers.size(),
                notReceived,
                repeats,
                gaps,
                backwards,
                pairs,
                tally.beforeAcknowledgement.sum(),
                tally.publishErrors.sum(),
                tally.firstError.get(),
                tally.subscribersClosed.sum() - closedBeforeStart,
                firstClose,
                serverCores,
                serverMicros,
                maxRssKib < 0 ? null : maxRssKib,
                benchCpu / 1e9 / seconds,
                windowDelivered == 0 ? null : benchCpu / 1e3 / windowDelivered,
                ioAtWindowStart < 0 || ioAtWindowEnd < 0 ? null : (ioAtWindowEnd - ioAtWindowStart) / 1e9 / seconds,
                reads == 0 ? null : windowDelivered / (double) reads,
                metricsAtWindowStart.isPresent() && metricsAtWindowEnd.isPresent()
                        ? ServerSideFigures.between(metricsAtWindowStart.get(), metricsAtWindowEnd.get())
                        : null,
                List.copyOf(timeline));
    }

    /**
     * One publisher's loop: batches of its own games (game g belongs to publisher g mod P, so each
     * game's updates leave in order from one connection), each sent when due and awaited.
     */
    private static void publish(
            Target.Publisher publisher,
            int index,
            Workload workload,
            Ledger ledger,
            Tally tally,
            AtomicLong numbers,
            long start,
            long stopPublishing) {
        int owned = 0;
        for (int g = index; g < workload.games(); g += workload.publishers()) {
            owned++;
        }
        long[] gameSeqs = new long[owned];
        int turn = 0;
        // Each publisher sends its share of the rate; their batches are spread over each interval.
        long interval =
                workload.rate() == 0 ? 0 : (long) (workload.batch() * workload.publishers() / workload.rate() * 1e9);
        long due = start + interval * index / workload.publishers();
        List<BenchUpdate> batch = new ArrayList<>(workload.batch());
        while (true) {
            if (interval > 0) {
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                due += interval;
            }
            long sent = System.nanoTime();
            if (sent - stopPublishing >= 0) {
                return;
            }
            batch.clear();
            long first = numbers.getAndAdd(workload.batch());
            for (int i = 0; i < workload.batch(); i++) {
                int slot = turn++ % owned;
                int game = index + slot * workload.publishers();
                batch.add(new BenchUpdate(first + i, game, ++gameSeqs[slot]));
                ledger.sent(first + i, sent);
            }
            try {
                publisher.publish(batch);
                long acknowledged = System.nanoTime();
                for (int i = 0; i < batch.size(); i++) {
                    ledger.acknowledged(first + i, acknowledged);
                }
                tally.acknowledged(batch.size(), acknowledged - sent);
            } catch (IOException | RuntimeException failed) {
                tally.publishFailed(batch.size(), failed.getMessage());
                if (interval == 0) {
                    // As fast as possible would spin on a refusing server: pause a little between failures.
                    try {
                        TimeUnit.MILLISECONDS.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** This process's CPU time so far, or 0 when the JVM does not tell. */
    static long benchCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? Math.max(0, os.getProcessCpuTime())
                : 0;
    }
}
