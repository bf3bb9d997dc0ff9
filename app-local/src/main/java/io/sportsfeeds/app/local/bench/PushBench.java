package io.sportsfeeds.app.local.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * The push bench: publishers post batches of updates to a {@link Target} at a set rate (or as fast
 * as acknowledgements come), WebSocket subscribers receive them, and every delivery is matched to
 * its publish by the number in its summary. Each second a line of progress is printed and a row
 * of the timeline kept; the figures of the result are those of the measured window (after the
 * warmup, before publishing stops), except the counts of what was lost, which cover the whole
 * run once the subscribers had time to drain.
 *
 * <p>This class connects the run and holds its vocabulary; each second of it is {@link PushRun}'s,
 * each publisher's loop {@link PublishLoop}'s, the window's figures and the result {@link
 * MeasuredWindow}'s.
 */
final class PushBench {
    private static final double[] PERCENTILES = {50, 90, 99, 99.9};
    /** Upgrades in flight at once while subscribers connect: a server's accept queue is finite. */
    private static final int CONCURRENT_HANDSHAKES = 128;
    /**
     * An upgrade answered 429 (Too Many Requests) is tried again, after a pause that doubles from
     * {@link #FIRST_THROTTLED_PAUSE}, up to this many times: a deployed stack's API Gateway accepts
     * only so many new connections a second (500 by default, for the whole account and region).
     */
    static final int THROTTLED_RETRIES = 7;

    static final Duration FIRST_THROTTLED_PAUSE = Duration.ofMillis(200);

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
     * @param superseded of the gaps, the seqs skipped just before a frame the server marked conflated:
     *     updates its queue for a subscriber that fell behind replaced with a newer one of their game and
     *     market (docs/PROTOCOL.md), not lost ones
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
            long superseded,
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
        List<SwarmConnection> connections = new ArrayList<>();
        try (WebSocketSwarm swarm = new WebSocketSwarm(ioThreads)) {
            out.printf(Locale.ROOT, "%s: connecting %,d subscribers ...%n", target.name(), workload.subscribers());
            out.flush();
            for (int i = 0; i < workload.subscribers(); i++) {
                subscribers.add(new Subscriber(i, workload.games(), tally, ledger, runTag));
            }
            connections.addAll(openAll(target, swarm, subscribers, runTag));
            long throttled = tally.upgradesThrottled.sum();
            if (throttled > 0) {
                out.printf(
                        Locale.ROOT,
                        "%s: %,d upgrades were answered 429 (Too Many Requests) and tried again after a pause%n",
                        target.name(),
                        throttled);
                out.flush();
            }
            long closedBeforeStart = tally.subscribersClosed.sum();
            List<Target.Publisher> publishers = new ArrayList<>();
            try {
                for (int p = 0; p < workload.publishers(); p++) {
                    publishers.add(target.openPublisher(p, runTag));
                }
                return PushRun.measure(
                        target, workload, swarm, ledger, tally, subscribers, publishers, closedBeforeStart, out);
            } finally {
                for (Target.Publisher publisher : publishers) {
                    publisher.close();
                }
                for (SwarmConnection connection : connections) {
                    connection.close();
                }
            }
        }
    }

    /** Opens a subscriber per entry, a bounded number at a time, and waits until each is ready. */
    static List<SwarmConnection> openAll(
            Target target, WebSocketSwarm swarm, List<Subscriber> subscribers, String runTag)
            throws IOException, InterruptedException {
        Semaphore handshakes = new Semaphore(CONCURRENT_HANDSHAKES);
        List<CompletableFuture<SwarmConnection>> opening = new ArrayList<>();
        for (Subscriber subscriber : subscribers) {
            handshakes.acquire();
            CompletableFuture<SwarmConnection> ready = subscribe(target, swarm, subscriber, runTag, 0);
            ready.whenComplete((connection, failed) -> handshakes.release());
            opening.add(ready);
        }
        List<SwarmConnection> open = new ArrayList<>();
        for (CompletableFuture<SwarmConnection> ready : opening) {
            try {
                open.add(ready.get(60, TimeUnit.SECONDS));
            } catch (ExecutionException failed) {
                for (SwarmConnection connection : open) {
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

    /** Subscribes, and again after a pause while the upgrade is answered 429 and retries are left. */
    private static CompletableFuture<SwarmConnection> subscribe(
            Target target, WebSocketSwarm swarm, Subscriber subscriber, String runTag, int retried) {
        return target.subscribe(swarm, subscriber, runTag)
                .handle((connection, failed) -> {
                    if (failed == null) {
                        return CompletableFuture.completedFuture(connection);
                    }
                    Throwable cause = failed instanceof CompletionException ? failed.getCause() : failed;
                    if (cause instanceof UpgradeRefused refused
                            && refused.status() == 429
                            && retried < THROTTLED_RETRIES) {
                        subscriber.throttled();
                        Executor later = CompletableFuture.delayedExecutor(
                                FIRST_THROTTLED_PAUSE.toMillis() << retried, TimeUnit.MILLISECONDS);
                        return CompletableFuture.runAsync(() -> {}, later)
                                .thenCompose(paused -> subscribe(target, swarm, subscriber, runTag, retried + 1));
                    }
                    return CompletableFuture.<SwarmConnection>failedFuture(cause);
                })
                .thenCompose(next -> next);
    }

    /** This process's CPU time so far, or 0 when the JVM does not tell. */
    static long benchCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? Math.max(0, os.getProcessCpuTime())
                : 0;
    }
}
