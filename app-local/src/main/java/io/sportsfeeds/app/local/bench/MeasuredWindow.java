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

    /** What is read at either edge of the window. */
    record Edge(
            Optional<String> metrics,
            Optional<ProcessStats.Sample> server,
            long benchCpuNanos,
            long selectorCpuNanos,
            long reads) {}

    private Edge atStart;
    private Edge atEnd;

    /**
     * @param beforeFirstSecond what was read before the run's first second: the window's start
     *     when there is no warmup; else only the selector threads' time is kept, for a run that ends
     *     before its window does
     */
    MeasuredWindow(Edge beforeFirstSecond) {
        this.atStart = beforeFirstSecond;
        this.atEnd = new Edge(Optional.empty(), Optional.empty(), 0, beforeFirstSecond.selectorCpuNanos(), 0);
    }

    /** The window starts now, at the end of the warmup's last second. */
    void start(Edge now) {
        atStart = now;
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
    void end(Edge now) {
        atEnd = now;
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
        if (atStart.server().isPresent() && atEnd.server().isPresent()) {
            long cpu = atEnd.server().get().cpuNanos() - atStart.server().get().cpuNanos();
            serverCores = cpu / 1e9 / seconds;
            serverMicros = delivered == 0 ? null : cpu / 1e3 / delivered;
        }
        long benchCpu = atEnd.benchCpuNanos() - atStart.benchCpuNanos();
        long reads = atEnd.reads() - atStart.reads();
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
                atStart.selectorCpuNanos() < 0 || atEnd.selectorCpuNanos() < 0
                        ? null
                        : (atEnd.selectorCpuNanos() - atStart.selectorCpuNanos()) / 1e9 / seconds,
                reads == 0 ? null : delivered / (double) reads,
                atStart.metrics().isPresent() && atEnd.metrics().isPresent()
                        ? ServerSideFigures.between(
                                atStart.metrics().get(), atEnd.metrics().get())
                        : null,
                List.copyOf(timeline));
    }
}
