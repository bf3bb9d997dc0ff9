package io.sportsfeeds.app.local;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Posts random odds updates for the sample games to a running server",
            "(POST /feeds), printing updates sent, accepted, duplicates, errors",
            "and the rate each second."
        })
final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--url", description = "Base URL of the running server.")
    URI url = URI.create("http://127.0.0.1:7070");

    @Option(
            names = "--api-key",
            paramLabel = "KEY",
            description = "A providers' key (sent as header x-api-key); leave it out for a server under --no-auth.")
    String apiKey;

    @Option(names = "--games", description = "How many games get updates: the sample games first, then made-up ones.")
    int games = 5;

    @Option(names = "--rate", description = "Updates per second.")
    double rate = 10;

    @Option(names = "--batch", description = "Updates per request.")
    int batch = 1;

    @Option(names = "--duration", description = "Seconds to run (unless --count is given).")
    long durationSeconds = 10;

    @Option(names = "--count", description = "Updates to send in all; overrides --duration.")
    Long count;

    @Option(
            names = "--concurrency",
            description = "Requests in flight at most. Each is acknowledged only once synced to disk, so one at a time "
                    + "cannot reach rates above a few hundred requests a second.")
    int concurrency = 32;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        requirePositive("--games", games);
        requirePositive("--rate", rate);
        requirePositive("--batch", batch);
        requirePositive("--duration", durationSeconds);
        requirePositive("--concurrency", concurrency);
        if (count != null) {
            requirePositive("--count", count);
        }
        PrintWriter out = spec.commandLine().getOut();
        RestClient client = RestClient.ofUrlOption(spec, url, apiKey);
        OddsGenerator generator =
                new OddsGenerator(OddsGenerator.games(Samples.load(), games), new SecureRandom(), Clock.systemUTC());
        Progress progress = new Progress(spec.commandLine().getErr());
        Semaphore inFlight = new Semaphore(concurrency);
        long sent = 0;
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(durationSeconds).toNanos();
        long nextReport = start + 1_000_000_000L;
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            // A refused key stops the run: every further request would be refused the same way.
            while (!progress.refused() && (count == null ? System.nanoTime() < end : sent < count)) {
                int size = count == null ? batch : (int) Math.min(batch, count - sent);
                // Paced against the start, not the previous request, so slow answers do not lower the rate.
                long due = start + (long) (sent / rate * 1e9);
                if (count == null && due >= end) {
                    break; // at a low rate the next request would fall after the end
                }
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    // In steps of at most a second, so progress is printed each second even at low rates.
                    Thread.sleep(Duration.ofNanos(Math.min(wait, 1_000_000_000L)));
                    nextReport = reportWhenDue(out, progress, start, nextReport);
                }
                // When every permit is out the server is slower than the rate: the printed rate shows it.
                inFlight.acquire();
                if (progress.refused()) { // while this waited, an answer refused the key
                    inFlight.release();
                    break;
                }
                Map<String, Object> document = generator.batch(size);
                sent += size;
                progress.sent(size);
                requests.execute(() -> {
                    try {
                        post(client, document, size, progress);
                    } finally {
                        inFlight.release();
                    }
                });
                nextReport = reportWhenDue(out, progress, start, nextReport);
            }
        } // closing waits for the requests in flight
        out.println(progress.line(System.nanoTime() - start) + " (done)");
        out.flush();
        return progress.errors() == 0 ? 0 : 1;
    }

    /** Prints a progress line when its second has come; returns when the next one is due. */
    private static long reportWhenDue(PrintWriter out, Progress progress, long start, long nextReport) {
        if (System.nanoTime() < nextReport) {
            return nextReport;
        }
        out.println(progress.line(System.nanoTime() - start));
        out.flush();
        return nextReport + 1_000_000_000L;
    }

    private void requirePositive(String option, long value) {
        if (value < 1) {
            throw new ParameterException(spec.commandLine(), option + " must be positive, was " + value);
        }
    }

    private void requirePositive(String option, double value) {
        if (!(value > 0)) { // NaN too
            throw new ParameterException(spec.commandLine(), option + " must be positive, was " + value);
        }
    }

    private static void post(RestClient client, Map<String, Object> document, int size, Progress progress) {
        try {
            RestClient.Answer answer = client.send("POST", "/feeds", document);
            if (answer.ok()) {
                progress.answered(
                        answer.body().path("accepted").asLong(),
                        answer.body().path("duplicates").asLong());
            } else {
                progress.fail(size, "POST /feeds answered " + answer.status() + ": " + answer.body());
                if (answer.status() == 401 || answer.status() == 403) {
                    progress.refuse();
                }
            }
        } catch (IOException | RuntimeException failed) {
            progress.fail(size, "POST " + client.baseUrl() + "/feeds failed: " + failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            progress.fail(size, "POST " + client.baseUrl() + "/feeds interrupted");
        }
    }

    /** Counters of a run, updated by the requests in flight; the first error is printed in full, later ones only counted. */
    private static final class Progress {
        private final PrintWriter err;
        private long sent;
        private long accepted;
        private long duplicates;
        private long errors;
        private boolean refused;

        Progress(PrintWriter err) {
            this.err = err;
        }

        synchronized void sent(int size) {
            sent += size;
        }

        synchronized void answered(long newlyAccepted, long newDuplicates) {
            accepted += newlyAccepted;
            duplicates += newDuplicates;
        }

        synchronized void fail(int size, String why) {
            if (errors == 0) {
                err.println(why);
                err.flush();
            }
            errors += size;
        }

        synchronized long errors() {
            return errors;
        }

        /** The server refused the key: the run stops sending. */
        synchronized void refuse() {
            refused = true;
        }

        synchronized boolean refused() {
            return refused;
        }

        synchronized String line(long elapsedNanos) {
            double seconds = elapsedNanos / 1e9;
            return String.format(
                    "%5.1fs sent=%d accepted=%d duplicates=%d errors=%d rate=%.1f/s",
                    seconds, sent, accepted, duplicates, errors, seconds > 0 ? sent / seconds : 0.0);
        }
    }
}
