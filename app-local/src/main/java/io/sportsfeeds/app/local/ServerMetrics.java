package io.sportsfeeds.app.local;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.usecase.PublishChanges;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The server's metrics, served in the Prometheus text format at {@code /metrics}: ingest rate and
 * latency (per request and per append), commit latency and group size, change-to-push delay, publish batches, WebSocket
 * connections and their queue depth, errors by status. Metric names start with {@code
 * sportsfeeds_}; histograms are Prometheus histograms, so percentiles can be computed over any
 * window by the scraper.
 */
final class ServerMetrics {
    /** The methods of RFC 9110 and PATCH: the others are counted together, as {@code other}. */
    private static final Set<String> STANDARD_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

    static final String PATH = "/metrics";
    private static final Duration MIN_EXPECTED = Duration.ofMillis(1).dividedBy(10);
    private static final Duration MAX_EXPECTED = Duration.ofSeconds(30);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Clock clock;
    private final Timer appendLatency;
    private final Counter stored;
    private final Counter duplicates;
    private final Timer pushDelay;
    private final DistributionSummary publishBatch;
    private final Counter framesDelivered;
    private final Counter gone;
    private final Counter retried;
    private final Counter lost;
    private final Timer commitLatency;
    private final DistributionSummary commitGroup;
    /** Per method, route and status: built once, as a meter lookup per request costs more than the request's timing. */
    private final ConcurrentHashMap<String, Timer> requestTimers = new ConcurrentHashMap<>();

    ServerMetrics(Clock clock) {
        this.clock = clock;
        appendLatency = histogram(Timer.builder("sportsfeeds.store.append")
                .description("Time to store an append durably (group commit wait included)"));
        stored = Counter.builder("sportsfeeds.ingest.updates")
                .tag("outcome", "stored")
                .register(registry);
        duplicates = Counter.builder("sportsfeeds.ingest.updates")
                .tag("outcome", "duplicate")
                .register(registry);
        pushDelay = histogram(Timer.builder("sportsfeeds.push.delay")
                .description("From a change's store time to its frames handed to every receiver's connection"));
        publishBatch = DistributionSummary.builder("sportsfeeds.publish.batch.changes")
                .description("Changes per batch handed to the publisher")
                .publishPercentileHistogram()
                .register(registry);
        framesDelivered = Counter.builder("sportsfeeds.push.frames")
                .description("Frames queued for connections")
                .register(registry);
        gone = Counter.builder("sportsfeeds.push.connections.gone")
                .description("Connections found gone while pushing")
                .register(registry);
        retried = Counter.builder("sportsfeeds.publish.retried.changes")
                .description("Changes answered for retry")
                .register(registry);
        lost = Counter.builder("sportsfeeds.publish.lost.changes")
                .description("Changes a gap needed that the store no longer held")
                .register(registry);
        commitLatency = histogram(Timer.builder("sportsfeeds.store.commit")
                .description("Time of one group commit's synced write (fsync included)"));
        commitGroup = DistributionSummary.builder("sportsfeeds.store.commit.updates")
                .description("Updates per group commit (one synced write)")
                .publishPercentileHistogram()
                .register(registry);
    }

    /** A group commit of the embedded store: its size and its synced write's time. */
    void committed(int updates, long writeNanos) {
        commitLatency.record(writeNanos, TimeUnit.NANOSECONDS);
        commitGroup.record(updates);
    }

    private Timer histogram(Timer.Builder builder) {
        return builder.publishPercentileHistogram()
                .minimumExpectedValue(MIN_EXPECTED)
                .maximumExpectedValue(MAX_EXPECTED)
                .register(registry);
    }

    /** Times an HTTP request by method, route and status (ingest rate and latency, errors). */
    void request(String method, String route, int status, long nanos) {
        // A tag value per method anyone may make up would let any caller grow the page without bound.
        String tagged = STANDARD_METHODS.contains(method) ? method : "other";
        requestTimers
                .computeIfAbsent(
                        tagged + ' ' + route + ' ' + status,
                        key -> Timer.builder("sportsfeeds.http.requests")
                                .tag("method", tagged)
                                .tag("route", route)
                                .tag("status", Integer.toString(status))
                                .publishPercentileHistogram()
                                .minimumExpectedValue(MIN_EXPECTED)
                                .maximumExpectedValue(MAX_EXPECTED)
                                .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    void appended(List<AppendOutcome> outcomes, long nanos) {
        appendLatency.record(Duration.ofNanos(nanos));
        long duplicated = outcomes.stream().filter(AppendOutcome::duplicate).count();
        duplicates.increment(duplicated);
        stored.increment(outcomes.size() - duplicated);
    }

    void published(List<CapturedChange> batch, PublishChanges.Report report) {
        publishBatch.record(batch.size());
        framesDelivered.increment(report.framesDelivered());
        gone.increment(report.gone().size());
        retried.increment(report.retry().size());
        lost.increment(report.lost());
        Instant now = clock.instant();
        for (CapturedChange change : batch) {
            pushDelay.record(Duration.between(change.storedAt(), now));
        }
    }

    /** Reads a value of the gateway on each scrape. */
    <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(description).register(registry);
    }

    /** Reads a count of the gateway on each scrape (exposed with the suffix {@code _total}). */
    <T> void counter(String name, String description, T source, ToDoubleFunction<T> count) {
        FunctionCounter.builder(name, source, count).description(description).register(registry);
    }

    /** The Prometheus text exposition of every metric. */
    String scrape() {
        return registry.scrape();
    }
}
