package io.sportsfeeds.app.local.bench;

import io.sportsfeeds.api.json.Json;
import io.sportsfeeds.core.usecase.IngestFeeds;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop writers that ingest request bodies as the server does, below HTTP: each decodes a
 * JSON body into maps (api's {@link Json#readObject}, as {@code POST /feeds} does) and hands it
 * to {@link IngestFeeds#ingest}, which validates it and appends it to the store, synced before it
 * returns; then it sends the next. A request counts in the measured window when its
 * acknowledgement falls in it, so what was sent during the warmup or is still in flight at the
 * end does not.
 */
final class StoreBench {
    /** Latencies are recorded in nanoseconds with 3 significant digits (0.1% resolution). */
    private static final int SIGNIFICANT_DIGITS = 3;

    record Settings(int writers, int batch, int games, Duration warmup, Duration duration) {}

    /**
     * What the writers did.
     *
     * @param requests requests acknowledged in the measured window
     * @param updates updates acknowledged in the measured window
     * @param latencyNanos the window's requests, from sending the body to its acknowledgement
     * @param updatesInAll updates acknowledged in the whole run, warmup and the window's edges included
     * @param duplicatesInAll of those, how many the store reported as repeats of an earlier update
     * @param cpuNanos the CPU time this process used during the measured window, when the JVM tells
     */
    record Result(
            long requests,
            long updates,
            Histogram latencyNanos,
            long updatesInAll,
            long duplicatesInAll,
            OptionalLong cpuNanos) {}

    private StoreBench() {}

    /**
     * Runs {@code settings.writers()} platform threads for the warmup and the measured window.
     *
     * @throws RuntimeException the first failure of any writer (the store's, say), after every
     *     writer has stopped; the others' are suppressed in it
     */
    static Result run(IngestFeeds ingest, Settings settings, Clock clock) throws InterruptedException {
        long start = System.nanoTime();
        long windowStart = start + settings.warmup().toNanos();
        long windowEnd = windowStart + settings.duration().toNanos();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch ended = new CountDownLatch(settings.writers());
        List<Writer> writers = new ArrayList<>(settings.writers());
        List<Thread> threads = new ArrayList<>(settings.writers());
        for (int i = 1; i <= settings.writers(); i++) {
            // Seeded by the writer's number, so a run's choice of games can be repeated.
            RequestBodies bodies = new RequestBodies(i, settings.batch(), settings.games(), new Random(i), clock);
            Writer writer = new Writer(ingest, bodies, windowStart, windowEnd, failure, ended);
            writers.add(writer);
            threads.add(Thread.ofPlatform().name("bench-writer-" + i).start(writer::run));
        }
        // The CPU time read at both ends of the window tells whether the run was bound by the
        // processors or by the disk. Writers end early only when one failed.
        OptionalLong cpuNanos = OptionalLong.empty();
        if (!ended.await(windowStart - System.nanoTime(), TimeUnit.NANOSECONDS)) {
            long atStart = processCpuNanos();
            if (!ended.await(windowEnd - System.nanoTime(), TimeUnit.NANOSECONDS) && atStart >= 0) {
                long atEnd = processCpuNanos();
                cpuNanos = atEnd >= 0 ? OptionalLong.of(atEnd - atStart) : OptionalLong.empty();
            }
        }
        for (Thread thread : threads) {
            thread.join();
        }
        // Writers keep only these two kinds.
        if (failure.get() instanceof RuntimeException e) {
            throw e;
        }
        if (failure.get() instanceof Error e) {
            throw e;
        }
        Histogram latency = new Histogram(SIGNIFICANT_DIGITS);
        long requests = 0;
        long updates = 0;
        long updatesInAll = 0;
        long duplicatesInAll = 0;
        // join() makes each writer's fields visible here.
        for (Writer writer : writers) {
            latency.add(writer.latency);
            requests += writer.requests;
            updates += writer.updates;
            updatesInAll += writer.updatesInAll;
            duplicatesInAll += writer.duplicatesInAll;
        }
        return new Result(requests, updates, latency, updatesInAll, duplicatesInAll, cpuNanos);
    }

    /** The CPU time of this process so far, or -1 when the JVM does not tell. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : -1;
    }

    /** One writer thread's loop and its own counters, read once it has ended. */
    private static final class Writer {
        private final IngestFeeds ingest;
        private final RequestBodies bodies;
        private final long windowStart;
        private final long windowEnd;
        private final AtomicReference<Throwable> failure;
        private final CountDownLatch ended;
        final Histogram latency = new Histogram(SIGNIFICANT_DIGITS);
        long requests;
        long updates;
        long updatesInAll;
        long duplicatesInAll;

        Writer(
                IngestFeeds ingest,
                RequestBodies bodies,
                long windowStart,
                long windowEnd,
                AtomicReference<Throwable> failure,
                CountDownLatch ended) {
            this.ingest = ingest;
            this.bodies = bodies;
            this.windowStart = windowStart;
            this.windowEnd = windowEnd;
            this.failure = failure;
            this.ended = ended;
        }

        void run() {
            try {
                while (failure.get() == null) {
                    byte[] body = bodies.next();
                    long sent = System.nanoTime();
                    IngestFeeds.Report report = ingest.ingest(Json.readObject(body, "body"));
                    long acknowledged = System.nanoTime();
                    int size = report.outcomes().size();
                    updatesInAll += size;
                    duplicatesInAll += report.duplicates();
                    if (acknowledged - windowEnd >= 0) {
                        return;
                    }
                    if (acknowledged - windowStart >= 0) {
                        requests++;
                        updates += size;
                        latency.recordValue(acknowledged - sent);
                    }
                }
            } catch (RuntimeException | Error e) {
                // The others stop at their next request; the first failure is what the run reports.
                if (!failure.compareAndSet(null, e)) {
                    failure.get().addSuppressed(e);
                }
            } finally {
                ended.countDown();
            }
        }
    }
}
