package io.sportsfeeds.app.local.bench;

import io.sportsfeeds.app.local.bench.PushBench.Percentiles;
import io.sportsfeeds.app.local.bench.PushBench.Result;
import io.sportsfeeds.app.local.bench.PushBench.Second;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The measured window of a push run (after the warmup, before publishing stops): what was
 * counted in its seconds, the snapshots taken at its start and end, and the run's {@link Result}
 * assembled from them and from what the subscribers counted over the whole run. Fed by one thread.
 */
final class MeasuredWindow {
    private final Histogram fromPublish = new Histogram(Tally.SIGNIFICANT_DIGITS);
    private final Histogram fromAcknowledgement = new Histogram(Tally.SIGNIFICANT_DIGITS);
    private final Histogram perRequest = new Histogram(Tally.SIGNIFICANT_DIGITS);
    private long acknowledged;
    private long delivered;
    private long requests;
    private long maxRssKib = -1;

    private Optional<ProcessStats.Sample> serverAtStart = Optional.empty();
    private Optional<ProcessStats.Sample> serverAtEnd = Optional.empty();
    private long benchAtStart;
    private long benchAtEnd;
    private long ioAtStart;
    private long ioAtEnd;
    private long readsAtStart;
    private long readsAtEnd;
    private Optional<String> metricsAtStart;
    private Optional<String> metricsAtEnd = Optional.empty();

    /**
     * @param ioNow the subscribers' selector threads' CPU time before the first second
     * @param metricsNow the server's metrics before the first second when there is no warmup, else empty
     */
    MeasuredWindow(long ioNow, Optional<String> metricsNow) {
        this.ioAtStart = ioNow;
        this.ioAtEnd = ioNow;
        this.metricsAtStart = metricsNow;
    }

    /** The window starts now, at the end of the warmup's last second. */
    void start(Optional<String> metrics, Optional<ProcessStats.Sample> server, long bench, long io, long reads) {
        metricsAtStart = metrics;
        serverAtStart = server;
        benchAtStart = bench;
        ioAtStart = io;
        readsAtStart = reads;
    }

    /**
     * Without a warmup the window started before the first second, when these were sampled; the
     * selector threads' time and the metrics were taken then too, by the constructor.
     */
    void startedBefore(Optional<ProcessStats.Sample> server, long bench) {
        serverAtStart = server;
        benchAtStart = bench;
    }

    /** One measured second: its latencies (as {@link Tally#interval()} gives them) and counts. */
    void add(
            Histogram[] interval,
            long acknowledged,
            long delivered,
            long requests,
            Optional<ProcessStats.Sample> server) {
        fromPublish.add(interval[0]);
        fromAcknowledgement.add(interval[1]);
        perRequest.add(interval[2]);
        this.acknowledged += acknowledged;
        this.delivered += delivered;
        this.requests += requests;
        if (server.isPresent()) {
            maxRssKib = Math.max(maxRssKib, server.get().rssKib());
        }
    }

    /** The window ends now, at the end of its last second. */
    void end(Optional<String> metrics, Optional<ProcessStats.Sample> server, long bench, long io, long reads) {
        metricsAtEnd = metrics;
        serverAtEnd = server;
        benchAtEnd = bench;
        ioAtEnd = io;
        readsAtEnd = reads;
    }

    /**
     * The run's result, once its publishers have stopped.
     *
     * @param numbers the update numbers the publishers took: every update sent
     * @param closedBeforeStart subscribers closed while connecting, not counted as failures of the run
     */
    Result result(
            Target target,
            PushBench.Workload workload,
            List<Subscriber> subscribers,
            Tally tally,
            AtomicLong numbers,
            long closedBeforeStart,
            List<Second> timeline) {
        long acknowledgedInAll = tally.acknowledged.sum();
        long updates = numbers.get();
        long notReceived = 0;
        long repeats = 0;
        long gaps = 0;
        long superseded = 0;
        long backwards = 0;
        long pairs = 0;
        String firstClose = null;
        for (Subscriber subscriber : subscribers) {
            notReceived += subscriber.notReceived(updates);
            repeats += subscriber.repeats;
            gaps += subscriber.gaps;
            superseded += subscriber.superseded;
            backwards += subscriber.seqBackwards;
            pairs += subscriber.gamesWithGaps;
            if (firstClose == null && subscriber.closedWhy != null) {
                firstClose = "subscriber " + subscriber.index + ": " + subscriber.closedWhy;
            }
        }
        double seconds = workload.durationSeconds();
        Double serverCores = null;
        Double serverMicros = null;
        if (serverAtStart.isPresent() && serverAtEnd.isPresent()) {
            long cpu = serverAtEnd.get().cpuNanos() - serverAtStart.get().cpuNanos();
            serverCores = cpu / 1e9 / seconds;
            serverMicros = delivered == 0 ? null : cpu / 1e3 / delivered;
        }
        long benchCpu = benchAtEnd - benchAtStart;
        long reads = readsAtEnd - readsAtStart;
        return new Result(
                target.name(),
                target.describe(),
                workload,
                acknowledged,
                acknowledged / seconds,
                requests / seconds,
                Percentiles.of(perRequest),
                delivered,
                delivered / seconds,
                Percentiles.of(fromPublish),
                Percentiles.of(fromAcknowledgement),
                acknowledgedInAll,
                acknowledgedInAll * subscribers.size(),
                notReceived,
                repeats,
                gaps,
                superseded,
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
                delivered == 0 ? null : benchCpu / 1e3 / delivered,
                ioAtStart < 0 || ioAtEnd < 0 ? null : (ioAtEnd - ioAtStart) / 1e9 / seconds,
                reads == 0 ? null : delivered / (double) reads,
                metricsAtStart.isPresent() && metricsAtEnd.isPresent()
                        ? ServerSideFigures.between(metricsAtStart.get(), metricsAtEnd.get())
                        : null,
                List.copyOf(timeline));
    }
}
