package io.sportsfeeds.app.local.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * One run of {@link ChurnBench}: its connections, publisher, measured and stalled subscribers, and
 * the rounds of churn with the server's readings between them.
 */
final class ChurnRun implements AutoCloseable {
    private final ChurnBench.Settings settings;
    private final String tag;
    private final PrintWriter out;
    private final String measuredGame;
    private final String idleGame;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final WebSocketSwarm swarm;
    private final ChurnServer server;
    private final ChurnPublisher feeds;
    private final SplittableRandom random = new SplittableRandom(1);
    private final List<URI> clientUrls = new ArrayList<>();
    private final Recorder latency = new Recorder(3);
    private final LongAdder outOfOrder = new LongAdder();
    private final LongAdder conflated = new LongAdder();
    private final LongAdder measuredClosed = new LongAdder();
    private final List<SwarmConnection> measuredConnections = new ArrayList<>();
    private Thread publisher;
    /** The round drops its connections: one that opens now is dropped at once. */
    private volatile boolean dropping;

    ChurnRun(ChurnBench.Settings settings, String tag, PrintWriter out) {
        this.settings = settings;
        this.tag = tag;
        this.out = out;
        this.measuredGame = "game-churn-" + tag;
        this.idleGame = "game-churn-" + tag + "-idle";
        this.swarm = new WebSocketSwarm(settings.ioThreads());
        this.server = new ChurnServer(settings, http);
        this.feeds = new ChurnPublisher(settings, http, measuredGame);
    }

    ChurnBench.Result go() throws IOException, InterruptedException {
        int perRound = settings.connections() + settings.stalled();
        server.registerClients(tag, settings.measured() + perRound, clientUrls);
        for (int i = 0; i < settings.measured(); i++) {
            measuredConnections.add(swarm.connect(clientUrls.get(0), Map.of(), new Measured(), 4_096)
                    .whenComplete((c, failed) -> {
                        if (c != null) {
                            c.sendText(subscribe(measuredGame));
                        }
                    })
                    .join());
        }
        publisher = Thread.ofPlatform().name("churn-publisher").daemon().start(feeds::run);
        progress("measured subscribers connected; warming up 3 s");
        TimeUnit.SECONDS.sleep(3);
        ChurnBench.ServerSample before = server.sample(true);
        progress("before: " + ChurnBench.describe(before));
        latency.getIntervalHistogram();
        long publishedBefore = feeds.acknowledged();
        long baselineStarted = System.nanoTime();
        TimeUnit.MILLISECONDS.sleep(settings.baseline().toMillis());
        ChurnBench.Latency unloaded = ChurnBench.Latency.of(
                latency.getIntervalHistogram(),
                feeds.acknowledged() - publishedBefore,
                System.nanoTime() - baselineStarted);
        progress("unloaded latency: " + ChurnBench.describe(unloaded));
        List<ChurnBench.Round> done = new ArrayList<>();
        for (int round = 1; round <= settings.rounds(); round++) {
            done.add(round(round));
        }
        feeds.stop();
        publisher.join(10_000);
        return new ChurnBench.Result(
                before, unloaded, done, outOfOrder.sum(), conflated.sum(), measuredClosed.sum(), feeds.errors());
    }

    /** The server's count of connections it closed for falling behind. */
    private static final String SLOW_CONSUMERS = "sportsfeeds_websocket_slow_consumers_total";

    /** How long after the churn the stalled connections may take to be closed as slow consumers. */
    private static final int STALLED_PATIENCE_SECONDS = 60;

    /** How long after the loaded reading's forced full GC the churn's latency starts being measured. */
    private static final int SETTLE_AFTER_FORCED_GC_SECONDS = 3;

    private ChurnBench.Round round(int number) throws IOException, InterruptedException {
        int n = settings.connections();
        SwarmConnection[] slots = new SwarmConnection[n];
        LongAdder opened = new LongAdder();
        LongAdder refused = new LongAdder();
        Map<String, Integer> stalledEnds = new ConcurrentHashMap<>();
        List<SwarmConnection> stalledConnections = new ArrayList<>();
        dropping = false;
        long slowBefore = server.metrics().getOrDefault(SLOW_CONSUMERS, -1L);
        long started = System.nanoTime();
        // Open in waves, so the server's accept queue and this machine's ephemeral ports keep up.
        for (int from = 0; from < n; from += 500) {
            List<CompletableFuture<?>> wave = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + 500); i++) {
                wave.add(open(slots, i, opened, refused));
            }
            CompletableFuture.allOf(wave.toArray(CompletableFuture[]::new))
                    .exceptionally(e -> null)
                    .join();
        }
        for (int i = 0; i < settings.stalled(); i++) {
            URI uri = clientUrls.get((n + settings.measured() + i) / ChurnBench.CONNECTIONS_PER_CLIENT);
            try {
                SwarmConnection connection = swarm.connect(
                                uri, Map.of(), new Stalled(stalledEnds), 4_096, ChurnBench.STALLED_RECEIVE_BUFFER, null)
                        .get(30, TimeUnit.SECONDS);
                connection.stopReading();
                stalledConnections.add(connection);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                refused.increment();
            }
        }
        ChurnBench.ServerSample loaded = server.sample(true);
        progress("round " + number + ": " + opened.sum() + " connections and " + stalledConnections.size()
                + " stalled opened in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)
                + " ms (" + refused.sum() + " failed); " + ChurnBench.describe(loaded));
        // The reading's full GC stops the server for as long as its heap of 10,000 connections takes
        // (~0.7 s): frames it held up would land in the churn's latency, though the bench caused them.
        TimeUnit.SECONDS.sleep(SETTLE_AFTER_FORCED_GC_SECONDS);
        latency.getIntervalHistogram();
        long publishedBefore = feeds.acknowledged();
        long churnStarted = System.nanoTime();
        long dropped = 0;
        long deepest = 0;
        long end = System.nanoTime() + settings.duration().toNanos();
        long nextSecond = System.nanoTime();
        int perTick = Math.max(1, settings.churnPerSecond() / 10);
        while (System.nanoTime() < end) {
            for (int k = 0; k < perTick && n > 0; k++) {
                int i = random.nextInt(n);
                SwarmConnection old;
                synchronized (slots) {
                    old = slots[i];
                    slots[i] = null;
                }
                if (old != null) {
                    old.abort(dropped % 2 == 0);
                    dropped++;
                }
                open(slots, i, opened, refused);
            }
            if (System.nanoTime() >= nextSecond) {
                deepest = Math.max(deepest, server.metrics().getOrDefault("sportsfeeds_websocket_queue_deepest", 0L));
                nextSecond += TimeUnit.SECONDS.toNanos(5);
                progress("round " + number + ": " + dropped + " dropped, " + opened.sum() + " opened, server "
                        + ChurnBench.describe(server.sample(false)));
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        ChurnBench.Latency underChurn = ChurnBench.Latency.of(
                latency.getIntervalHistogram(),
                feeds.acknowledged() - publishedBefore,
                System.nanoTime() - churnStarted);
        deepest = Math.max(deepest, server.metrics().getOrDefault("sportsfeeds_websocket_queue_deepest", 0L));
        awaitSlowConsumerCloses(number, slowBefore, stalledConnections.size());
        // Read the stalled sockets again: what the server did with them shows (its close, or a dropped socket).
        stalledConnections.forEach(SwarmConnection::resumeReading);
        long stalledDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (stalledEnds.values().stream().mapToInt(Integer::intValue).sum() < stalledConnections.size()
                && System.nanoTime() < stalledDeadline) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        int stillOpen = stalledConnections.size()
                - stalledEnds.values().stream().mapToInt(Integer::intValue).sum();
        if (stillOpen > 0) {
            stalledEnds.put("still open", stillOpen);
        }
        synchronized (slots) {
            dropping = true;
            for (int i = 0; i < n; i++) {
                if (slots[i] != null) {
                    slots[i].abort(false);
                    slots[i] = null;
                    dropped++;
                }
            }
        }
        stalledConnections.forEach(c -> c.abort(false));
        long expected = settings.measured();
        long closeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (server.metrics().getOrDefault("sportsfeeds_websocket_connections", -1L) > expected
                && System.nanoTime() < closeDeadline) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        ChurnBench.ServerSample after = server.sample(true);
        progress("round " + number + " done: " + ChurnBench.describe(after) + "; stalled connections ended: "
                + stalledEnds);
        return new ChurnBench.Round(
                number,
                opened.sum(),
                dropped,
                refused.sum(),
                loaded,
                after,
                new TreeMap<>(stalledEnds),
                deepest,
                underChurn);
    }

    /**
     * Waits, up to {@link #STALLED_PATIENCE_SECONDS}, until the server has closed as many slow
     * consumers this round as there are stalled connections: on a busy machine the publisher may
     * not have filled their queues within the churn's duration, and reading them again earlier
     * would find them still open for want of frames, not for a fault of the server. A server that
     * does not count them ({@code slowBefore} negative) is not waited for.
     */
    private void awaitSlowConsumerCloses(int number, long slowBefore, int stalled)
            throws IOException, InterruptedException {
        if (slowBefore < 0) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STALLED_PATIENCE_SECONDS);
        long closed = 0;
        while (System.nanoTime() < deadline) {
            closed = server.metrics().getOrDefault(SLOW_CONSUMERS, slowBefore) - slowBefore;
            if (closed >= stalled) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        progress("round " + number + ": the server closed " + closed + " slow consumers in " + STALLED_PATIENCE_SECONDS
                + " s more, of " + stalled + " stalled connections");
    }

    private CompletableFuture<?> open(SwarmConnection[] slots, int slot, LongAdder opened, LongAdder refused) {
        URI uri = clientUrls.get((settings.measured() + slot) / ChurnBench.CONNECTIONS_PER_CLIENT);
        return swarm.connect(uri, Map.of(), (connection, b, offset, length, last) -> {}, 1_024)
                .whenComplete((connection, failed) -> {
                    if (failed != null) {
                        refused.increment();
                        return;
                    }
                    opened.increment();
                    connection.sendText(subscribe(idleGame));
                    synchronized (slots) {
                        if (slots[slot] == null && !dropping) {
                            slots[slot] = connection;
                        } else {
                            connection.abort(false); // the slot was refilled meanwhile, or the round ends
                        }
                    }
                });
    }

    private String subscribe(String game) {
        return "{\"action\":\"subscribe\",\"games\":[\"" + game + "\"]}";
    }

    private void progress(String line) {
        out.println("  " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "  " + line);
        out.flush();
    }

    @Override
    public void close() {
        feeds.stop();
        if (publisher != null) {
            publisher.interrupt();
        }
        measuredConnections.forEach(SwarmConnection::close);
        swarm.close();
        http.close();
    }

    /** A measured subscriber: latency of each frame of the measured game, and its seq order. */
    private final class Measured implements WebSocketSwarm.Listener {
        private long lastSeq;
        private final byte[] game = ("\"gameId\":\"" + measuredGame + "\"").getBytes(StandardCharsets.UTF_8);

        @Override
        public void onData(SwarmConnection connection, byte[] b, int offset, int length, boolean last) {
            long now = System.currentTimeMillis();
            if (!ChurnBench.startsWith(b, offset, length, "{\"kind\":\"odds\"")
                    || ChurnBench.indexOf(b, offset, length, game) < 0) {
                return; // snapshots, acknowledgements, heartbeats; other games before the subscribe took effect
            }
            long seq = ChurnBench.number(b, offset, length, "\"seq\":");
            long date = ChurnBench.number(b, offset, length, "\"date\":");
            if (ChurnBench.indexOf(b, offset, length, "\"conflated\":true".getBytes(StandardCharsets.UTF_8)) >= 0) {
                conflated.increment();
            }
            if (lastSeq != 0 && seq != lastSeq + 1) {
                outOfOrder.increment();
            }
            lastSeq = Math.max(lastSeq, seq);
            latency.recordValue(Math.max(0, now - date));
        }

        @Override
        public void onClosed(SwarmConnection connection, String why) {
            measuredClosed.increment();
        }
    }

    /** A stalled connection: it records how it ended once read again. */
    private static final class Stalled implements WebSocketSwarm.Listener {
        private final Map<String, Integer> ends;

        Stalled(Map<String, Integer> ends) {
            this.ends = ends;
        }

        @Override
        public void onData(SwarmConnection connection, byte[] b, int offset, int length, boolean last) {}

        @Override
        public void onClosed(SwarmConnection connection, String why) {
            if (why.startsWith("aborted by the bench")) {
                return; // the round's end: counted as still open
            }
            String kind = why.contains("1008") && why.contains("slow consumer")
                    ? "closed 1008 slow consumer"
                    : "socket dropped by the server";
            ends.merge(kind, 1, Integer::sum);
        }
    }
}
