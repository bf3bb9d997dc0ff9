package io.sportsfeeds.app.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Connection churn against a running server: many WebSocket connections opened and dropped without
 * a close frame, some that never read, while a few measured subscribers receive a steady stream.
 * It reports the server's heap after a full GC, RSS and file descriptors before and after each
 * round (a leak shows as growth from round to round), how the stalled connections ended, and the
 * measured subscribers' latency unloaded and under churn.
 */
@Command(
        name = "churn",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Drives a running sportsfeeds with WebSocket connection churn and prints a report.",
            "",
            "A publisher PUTs /feeds at --requests-per-second, each request one update of the measured game and"
                    + " --updates-per-request - 1 of 1,000 other games (two markets each), every update dated with"
                    + " its send time. --measured subscribers subscribe to the measured game: their latency (send"
                    + " to receipt, milliseconds) is taken unloaded first, then during the churn. Each of --rounds"
                    + " opens --connections connections (subscribed to a game nobody writes) and --stalled ones that"
                    + " receive every game but never read, replaces --churn-per-second of the connections each"
                    + " second by dropping the socket without a close frame (half with a reset) for --duration,"
                    + " then drops them all. The server's heap after a full GC (jcmd GC.run and GC.heap_info, so"
                    + " the server must be a JVM of this user on this machine), RSS, open file descriptors and"
                    + " WebSocket connections (GET /metrics) are read before the first round and after each.",
            "",
            "Each client may hold 200 connections: the bench registers clients of its own (PUT /clients, with"
                    + " --admin-key, or none against a server started with --no-auth) and opens 100 connections on"
                    + " each. Needs a file descriptor per connection in both processes: see ulimit -n.",
            ""
        })
public final class ChurnBench implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CONNECTIONS_PER_CLIENT = 100;
    private static final int OTHER_GAMES = 1_000;
    /** Stalled sockets get a small receive buffer, so the server's writes to them wait soon. */
    private static final int STALLED_RECEIVE_BUFFER = 4_096;

    private static final Pattern METRIC = Pattern.compile("(?m)^(sportsfeeds_websocket_[a-z_]+)\\s+([0-9.eE+-]+)$");

    @Option(names = "--url", description = "Base URL of the running server.")
    URI url = URI.create("http://127.0.0.1:7070");

    @Option(names = "--api-key", description = "A provider key, sent as x-api-key with every PUT /feeds.")
    String apiKey;

    @Option(
            names = "--admin-key",
            description = "An admin key, to register the bench's clients (PUT /clients); none with --no-auth.")
    String adminKey;

    @Option(
            names = "--server-pid",
            showDefaultValue = Visibility.NEVER,
            description = "The server's process id. Default: the process of this machine listening on --url's port.")
    Long serverPid;

    @Option(names = "--connections", description = "Connections open during the churn.")
    int connections = 10_000;

    @Option(names = "--stalled", description = "Connections that receive every game and never read.")
    int stalled = 100;

    @Option(names = "--measured", description = "Subscribers whose latency is measured.")
    int measured = 10;

    @Option(names = "--requests-per-second", description = "PUT /feeds requests a second.")
    int requestsPerSecond = 100;

    @Option(names = "--updates-per-request", description = "Updates per request, one of them of the measured game.")
    int updatesPerRequest = 5;

    @Option(
            names = "--summary-length",
            description = "Characters of summary in the other games' updates (at most 1,024): bigger frames fill a"
                    + " stalled connection's buffers sooner.")
    int summaryLength = 1_000;

    @Option(names = "--baseline", description = "How long the unloaded latency is measured.")
    Duration baseline = Duration.ofSeconds(10);

    @Option(names = "--duration", description = "How long each round churns.")
    Duration duration = Duration.ofSeconds(60);

    @Option(names = "--churn-per-second", description = "Connections dropped and replaced a second.")
    int churnPerSecond = 250;

    @Option(names = "--rounds", description = "Rounds of churn; the heap after each shows whether it grows.")
    int rounds = 2;

    @Option(names = "--io-threads", description = "The bench's selector threads.")
    int ioThreads = 2;

    @Spec
    CommandSpec spec;

    /** What a run does; see the command's options. */
    public record Settings(
            URI url,
            String apiKey,
            String adminKey,
            long serverPid,
            int connections,
            int stalled,
            int measured,
            int requestsPerSecond,
            int updatesPerRequest,
            int summaryLength,
            Duration baseline,
            Duration duration,
            int churnPerSecond,
            int rounds,
            int ioThreads) {}

    /**
     * The server as read between phases.
     *
     * @param heapUsedKib heap used after a full GC, -1 when it could not be read
     * @param webSocketConnections the server's gauge of open WebSocket connections
     */
    public record ServerSample(long heapUsedKib, long rssKib, long fileDescriptors, long webSocketConnections) {}

    /**
     * Measured latency from send to receipt, in milliseconds, over a phase in which the publisher had
     * {@code published} requests acknowledged (each one update of the measured game).
     */
    public record Latency(long frames, long p50, long p99, long max, long published, double seconds) {
        static Latency of(Histogram histogram, long published, long nanos) {
            return new Latency(
                    histogram.getTotalCount(),
                    histogram.getValueAtPercentile(50),
                    histogram.getValueAtPercentile(99),
                    histogram.getMaxValue(),
                    published,
                    nanos / 1e9);
        }
    }

    /**
     * One round of churn.
     *
     * @param loaded the server with every connection of the round open
     * @param after the server once the round's connections were dropped and it counted them gone
     * @param stalledEnds how the stalled connections ended, by what their socket showed once read again
     * @param deepestQueue the most frames the server held for one connection, sampled each second
     */
    public record Round(
            int number,
            long opened,
            long dropped,
            long refused,
            ServerSample loaded,
            ServerSample after,
            Map<String, Integer> stalledEnds,
            long deepestQueue,
            Latency underChurn) {}

    /**
     * A run.
     *
     * @param measuredOutOfOrder frames of the measured game that were not the next seq of their subscriber
     */
    public record Result(
            ServerSample before,
            Latency unloaded,
            List<Round> rounds,
            long measuredOutOfOrder,
            long measuredConflated,
            long measuredClosed,
            long publishErrors) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (connections < 0 || stalled < 0 || measured < 1 || rounds < 1 || updatesPerRequest < 1) {
            throw new ParameterException(
                    spec.commandLine(),
                    "need --connections >= 0, --stalled >= 0, --measured >= 1, --rounds >= 1, --updates-per-request >= 1");
        }
        OptionalLong pid = serverPid != null
                ? OptionalLong.of(serverPid)
                : ProcessStats.listeningOn(url.getPort() > 0 ? url.getPort() : 80);
        if (pid.isEmpty()) {
            throw new ParameterException(
                    spec.commandLine(), "no process of this machine listens on " + url + ": give --server-pid");
        }
        out.println("sportsfeeds bench churn, " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
        out.println("  command  java -jar app-local.jar "
                + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        out.println("  server   " + url + ", pid " + pid.getAsLong());
        out.println("  machine  " + PushReport.machine() + ", open files limit of this process "
                + ProcessStats.openFilesLimit(ProcessHandle.current().pid()) + ", of the server "
                + ProcessStats.openFilesLimit(pid.getAsLong()));
        out.flush();
        Result result = run(
                new Settings(
                        url,
                        apiKey,
                        adminKey,
                        pid.getAsLong(),
                        connections,
                        stalled,
                        measured,
                        requestsPerSecond,
                        updatesPerRequest,
                        summaryLength,
                        baseline,
                        duration,
                        churnPerSecond,
                        rounds,
                        ioThreads),
                out);
        print(out, result);
        return 0;
    }

    /** Runs the bench against the server of {@code settings}, printing progress to {@code out}. */
    public static Result run(Settings settings, PrintWriter out) throws IOException, InterruptedException {
        String tag = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        Run run = new Run(settings, tag, out);
        try {
            return run.go();
        } finally {
            run.close();
        }
    }

    /** The state of one run. */
    private static final class Run implements AutoCloseable {
        private final Settings settings;
        private final String tag;
        private final PrintWriter out;
        private final String measuredGame;
        private final String idleGame;
        private final HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final WebSocketSwarm swarm;
        private final SplittableRandom random = new SplittableRandom(1);
        private final List<URI> clientUrls = new ArrayList<>();
        private final Recorder latency = new Recorder(3);
        private final LongAdder outOfOrder = new LongAdder();
        private final LongAdder conflated = new LongAdder();
        private final LongAdder measuredClosed = new LongAdder();
        private final LongAdder publishErrors = new LongAdder();
        private final LongAdder acknowledged = new LongAdder();
        private final AtomicReference<String> firstPublishError = new AtomicReference<>();
        private final AtomicBoolean publishing = new AtomicBoolean(true);
        private final List<WebSocketSwarm.Connection> measuredConnections = new ArrayList<>();
        private Thread publisher;
        /** The round drops its connections: one that opens now is dropped at once. */
        private volatile boolean dropping;

        Run(Settings settings, String tag, PrintWriter out) {
            this.settings = settings;
            this.tag = tag;
            this.out = out;
            this.measuredGame = "game-churn-" + tag;
            this.idleGame = "game-churn-" + tag + "-idle";
            this.swarm = new WebSocketSwarm(settings.ioThreads());
        }

        Result go() throws IOException, InterruptedException {
            int perRound = settings.connections() + settings.stalled();
            registerClients(settings.measured() + perRound);
            for (int i = 0; i < settings.measured(); i++) {
                measuredConnections.add(swarm.connect(clientUrls.get(0), Map.of(), new Measured(), 4_096)
                        .whenComplete((c, failed) -> {
                            if (c != null) {
                                c.sendText(subscribe(measuredGame));
                            }
                        })
                        .join());
            }
            publisher = Thread.ofPlatform().name("churn-publisher").daemon().start(this::publish);
            progress("measured subscribers connected; warming up 3 s");
            TimeUnit.SECONDS.sleep(3);
            ServerSample before = sample(true);
            progress("before: " + describe(before));
            latency.getIntervalHistogram();
            long publishedBefore = acknowledged.sum();
            long baselineStarted = System.nanoTime();
            TimeUnit.MILLISECONDS.sleep(settings.baseline().toMillis());
            Latency unloaded = Latency.of(
                    latency.getIntervalHistogram(),
                    acknowledged.sum() - publishedBefore,
                    System.nanoTime() - baselineStarted);
            progress("unloaded latency: " + describe(unloaded));
            List<Round> done = new ArrayList<>();
            for (int round = 1; round <= settings.rounds(); round++) {
                done.add(round(round));
            }
            publishing.set(false);
            publisher.join(10_000);
            return new Result(
                    before,
                    unloaded,
                    done,
                    outOfOrder.sum(),
                    conflated.sum(),
                    measuredClosed.sum(),
                    publishErrors.sum());
        }

        /** How long after the loaded reading's forced full GC the churn's latency starts being measured. */
        private static final int SETTLE_AFTER_FORCED_GC_SECONDS = 3;

        private Round round(int number) throws IOException, InterruptedException {
            int n = settings.connections();
            WebSocketSwarm.Connection[] slots = new WebSocketSwarm.Connection[n];
            LongAdder opened = new LongAdder();
            LongAdder refused = new LongAdder();
            Map<String, Integer> stalledEnds = new ConcurrentHashMap<>();
            List<WebSocketSwarm.Connection> stalledConnections = new ArrayList<>();
            dropping = false;
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
                URI uri = clientUrls.get((n + settings.measured() + i) / CONNECTIONS_PER_CLIENT);
                try {
                    WebSocketSwarm.Connection connection = swarm.connect(
                                    uri, Map.of(), new Stalled(stalledEnds), 4_096, STALLED_RECEIVE_BUFFER)
                            .get(30, TimeUnit.SECONDS);
                    connection.stopReading();
                    stalledConnections.add(connection);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    refused.increment();
                }
            }
            ServerSample loaded = sample(true);
            progress("round " + number + ": " + opened.sum() + " connections and " + stalledConnections.size()
                    + " stalled opened in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)
                    + " ms (" + refused.sum() + " failed); " + describe(loaded));
            // The reading's full GC stops the server for as long as its heap of 10,000 connections takes
            // (~0.7 s): frames it held up would land in the churn's latency, though the bench caused them.
            TimeUnit.SECONDS.sleep(SETTLE_AFTER_FORCED_GC_SECONDS);
            latency.getIntervalHistogram();
            long publishedBefore = acknowledged.sum();
            long churnStarted = System.nanoTime();
            long dropped = 0;
            long deepest = 0;
            long end = System.nanoTime() + settings.duration().toNanos();
            long nextSecond = System.nanoTime();
            int perTick = Math.max(1, settings.churnPerSecond() / 10);
            while (System.nanoTime() < end) {
                for (int k = 0; k < perTick && n > 0; k++) {
                    int i = random.nextInt(n);
                    WebSocketSwarm.Connection old;
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
                    deepest = Math.max(deepest, metrics().getOrDefault("sportsfeeds_websocket_queue_deepest", 0L));
                    nextSecond += TimeUnit.SECONDS.toNanos(5);
                    progress("round " + number + ": " + dropped + " dropped, " + opened.sum() + " opened, server "
                            + describe(sample(false)));
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
            Latency underChurn = Latency.of(
                    latency.getIntervalHistogram(),
                    acknowledged.sum() - publishedBefore,
                    System.nanoTime() - churnStarted);
            deepest = Math.max(deepest, metrics().getOrDefault("sportsfeeds_websocket_queue_deepest", 0L));
            // Read the stalled sockets again: what the server did with them shows (its close, or a dropped socket).
            stalledConnections.forEach(WebSocketSwarm.Connection::resumeReading);
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
            while (metrics().getOrDefault("sportsfeeds_websocket_connections", -1L) > expected
                    && System.nanoTime() < closeDeadline) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
            ServerSample after = sample(true);
            progress("round " + number + " done: " + describe(after) + "; stalled connections ended: " + stalledEnds);
            return new Round(
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

        private CompletableFuture<?> open(
                WebSocketSwarm.Connection[] slots, int slot, LongAdder opened, LongAdder refused) {
            URI uri = clientUrls.get((settings.measured() + slot) / CONNECTIONS_PER_CLIENT);
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

        /** Registers the bench's clients, {@value #CONNECTIONS_PER_CLIENT} connections each. */
        private void registerClients(int connections) throws IOException, InterruptedException {
            int count = connections / CONNECTIONS_PER_CLIENT + 1;
            StringBuilder body = new StringBuilder("{\"clients\":[");
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                String id = String.format("churn-%s-%04d", tag, i);
                ids.add(id);
                body.append(i > 1 ? "," : "")
                        .append("{\"clientId\":\"")
                        .append(id)
                        .append("\",\"name\":\"sportsfeeds churn bench\",\"active\":true}");
            }
            body.append("]}");
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.url() + "/clients"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body.toString()));
            if (settings.adminKey() != null) {
                request.header("x-api-key", settings.adminKey());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("PUT /clients (registering " + count + " bench clients) answered "
                        + response.statusCode() + ": " + response.body());
            }
            JsonNode secrets = JSON.readTree(response.body()).path("secrets");
            for (String id : ids) {
                clientUrls.add(SportsfeedsTarget.webSocketUrl(
                        settings.url(),
                        id,
                        secrets.path(id).isTextual() ? secrets.path(id).asText() : null));
            }
        }

        /** PUTs /feeds at the settings' rate until told to stop; counts failures, never stops on one. */
        private void publish() {
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
                                    measuredGame + "-" + (k % OTHER_GAMES),
                                    (k / OTHER_GAMES) % 2 == 0 ? "spread" : "total",
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

        /** The server's counters, heap after a full GC (when asked: it pauses the server), RSS and descriptors. */
        private ServerSample sample(boolean withHeap) throws IOException, InterruptedException {
            long pid = settings.serverPid();
            long heap = withHeap ? ProcessStats.heapAfterFullGc(pid) : -1;
            long rss = ProcessStats.sample(pid).map(ProcessStats.Sample::rssKib).orElse(-1L);
            return new ServerSample(
                    heap,
                    rss,
                    ProcessStats.fileDescriptors(pid),
                    metrics().getOrDefault("sportsfeeds_websocket_connections", -1L));
        }

        private Map<String, Long> metrics() throws IOException, InterruptedException {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(settings.url() + "/metrics"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            Map<String, Long> values = new TreeMap<>();
            Matcher matcher = METRIC.matcher(response.body());
            while (matcher.find()) {
                values.put(matcher.group(1), (long) Double.parseDouble(matcher.group(2)));
            }
            return values;
        }

        private void progress(String line) {
            out.println("  " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "  " + line);
            out.flush();
        }

        @Override
        public void close() {
            publishing.set(false);
            if (publisher != null) {
                publisher.interrupt();
            }
            measuredConnections.forEach(WebSocketSwarm.Connection::close);
            swarm.close();
            http.close();
        }

        /** A measured subscriber: latency of each frame of the measured game, and its seq order. */
        private final class Measured implements WebSocketSwarm.Listener {
            private long lastSeq;
            private final byte[] game = ("\"gameId\":\"" + measuredGame + "\"").getBytes(StandardCharsets.UTF_8);

            @Override
            public void onData(WebSocketSwarm.Connection connection, byte[] b, int offset, int length, boolean last) {
                long now = System.currentTimeMillis();
                if (!startsWith(b, offset, length, "{\"kind\":\"odds\"") || indexOf(b, offset, length, game) < 0) {
                    return; // snapshots, acknowledgements, heartbeats; other games before the subscribe took effect
                }
                long seq = number(b, offset, length, "\"seq\":");
                long date = number(b, offset, length, "\"date\":");
                if (indexOf(b, offset, length, "\"conflated\":true".getBytes(StandardCharsets.UTF_8)) >= 0) {
                    conflated.increment();
                }
                if (lastSeq != 0 && seq != lastSeq + 1) {
                    outOfOrder.increment();
                }
                lastSeq = Math.max(lastSeq, seq);
                latency.recordValue(Math.max(0, now - date));
            }

            @Override
            public void onClosed(WebSocketSwarm.Connection connection, String why) {
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
            public void onData(WebSocketSwarm.Connection connection, byte[] b, int offset, int length, boolean last) {}

            @Override
            public void onClosed(WebSocketSwarm.Connection connection, String why) {
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

    private static boolean startsWith(byte[] b, int offset, int length, String prefix) {
        if (length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (b[offset + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, int offset, int length, byte[] needle) {
        outer:
        for (int i = offset; i <= offset + length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (b[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The non-negative integer after {@code field} in the frame, or -1. */
    private static long number(byte[] b, int offset, int length, String field) {
        int at = indexOf(b, offset, length, field.getBytes(StandardCharsets.US_ASCII));
        if (at < 0) {
            return -1;
        }
        long value = 0;
        for (int i = at + field.length(); i < offset + length && b[i] >= '0' && b[i] <= '9'; i++) {
            value = value * 10 + (b[i] - '0');
        }
        return value;
    }

    private static String describe(ServerSample s) {
        return (s.heapUsedKib() >= 0 ? "heap after GC " + mib(s.heapUsedKib()) + ", " : "") + "RSS "
                + mib(s.rssKib()) + ", " + s.fileDescriptors() + " fds, " + s.webSocketConnections()
                + " WebSocket connections";
    }

    private static String describe(Latency l) {
        return l.frames() + " frames, p50 " + l.p50() + " ms, p99 " + l.p99() + " ms, max " + l.max() + " ms ("
                + l.published() + " updates of the measured game published in " + String.format("%.0f", l.seconds())
                + " s)";
    }

    private static String mib(long kib) {
        return String.format("%.1f MiB", kib / 1024.0);
    }

    public static void print(PrintWriter out, Result r) {
        out.println();
        out.println("server before         " + describe(r.before()));
        for (Round round : r.rounds()) {
            out.println("round " + round.number() + " loaded        " + describe(round.loaded()));
            out.println("round " + round.number() + " after         " + describe(round.after()));
            out.println("round " + round.number() + " connections   " + round.opened() + " opened, " + round.dropped()
                    + " dropped without a close frame, " + round.refused() + " failed to open");
            out.println("round " + round.number() + " stalled ends  " + round.stalledEnds()
                    + "; deepest server queue seen " + round.deepestQueue() + " frames");
            out.println("round " + round.number() + " latency       " + describe(round.underChurn()));
        }
        out.println("unloaded latency      " + describe(r.unloaded()));
        out.println("measured subscribers  " + r.measuredOutOfOrder() + " frames out of seq order, "
                + r.measuredConflated() + " conflated, " + r.measuredClosed() + " closed; " + r.publishErrors()
                + " publish errors");
        out.flush();
    }
}
