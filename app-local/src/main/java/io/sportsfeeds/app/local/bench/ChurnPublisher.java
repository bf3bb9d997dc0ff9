package io.sportsfeeds.app.local.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The publisher of a {@link ChurnRun}: PUTs /feeds at the settings' rate, the measured game's
 * update first in each request, and counts what the server acknowledged and refused.
 */
final class ChurnPublisher {
    private final ChurnBench.Settings settings;
    private final HttpClient http;
    private final String measuredGame;
    private final LongAdder publishErrors = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final AtomicReference<String> firstPublishError = new AtomicReference<>();
    private final AtomicBoolean publishing = new AtomicBoolean(true);

    ChurnPublisher(ChurnBench.Settings settings, HttpClient http, String measuredGame) {
        this.settings = settings;
        this.http = http;
        this.measuredGame = measuredGame;
    }

    /** Requests the server acknowledged so far. */
    long acknowledged() {
        return acknowledged.sum();
    }

    /** Requests that failed so far. */
    long errors() {
        return publishErrors.sum();
    }

    /** Makes {@link #run} return before its next request. */
    void stop() {
        publishing.set(false);
    }

    /** PUTs /feeds at the settings' rate until told to stop; counts failures, never stops on one. */
    void run() {
        long interval = TimeUnit.SECONDS.toNanos(1) / Math.max(1, settings.requestsPerSecond());
        long next = System.nanoTime();
        long request = 0;
        URI feeds = URI.create(settings.url() + "/feeds");
        int summary = Math.min(1_024, settings.summaryLength());
        String padding = summary <= 0 ? "" : ",\"summary\":\"" + "x".repeat(summary) + "\"";
        while (publishing.get()) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
            next = Math.max(next + interval, System.nanoTime() - interval);
            long sentAt = System.currentTimeMillis();
            StringBuilder body = new StringBuilder("{\"odds\":[");
            body.append(update(measuredGame, "spread", sentAt, request, ""));
            for (int i = 1; i < settings.updatesPerRequest(); i++) {
                long k = request * settings.updatesPerRequest() + i;
                body.append(',')
                        .append(update(
                                measuredGame + "-" + (k % ChurnBench.OTHER_GAMES),
                                (k / ChurnBench.OTHER_GAMES) % 2 == 0 ? "spread" : "total",
                                sentAt,
                                k,
                                padding));
            }
            body.append("]}");
            request++;
            HttpRequest.Builder put = HttpRequest.newBuilder(feeds)
                    .timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body.toString()));
            if (settings.apiKey() != null) {
                put.header("x-api-key", settings.apiKey());
            }
            try {
                HttpResponse<String> response = http.send(put.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    acknowledged.increment();
                } else {
                    publishErrors.increment();
                    firstPublishError.compareAndSet(null, response.statusCode() + " " + response.body());
                }
            } catch (IOException e) {
                publishErrors.increment();
                firstPublishError.compareAndSet(null, e.toString());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static String update(String game, String market, long sentAtMillis, long n, String more) {
        return "{\"gameId\":\"" + game + "\",\"type\":\"" + market + "\",\"home\":" + (n % 15) + ",\"away\":"
                + -(n % 15) + ",\"homeOdds\":" + (-100 - n % 100) + ",\"awayOdds\":" + (100 + n % 100)
                + ",\"date\":" + sentAtMillis + more + "}";
    }
}
