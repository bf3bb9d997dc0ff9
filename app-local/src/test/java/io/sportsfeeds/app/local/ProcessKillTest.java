package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sportsfeeds.core.fakes.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the server process with SIGKILL during sustained concurrent ingest, several rounds on one
 * data directory, and checks through the REST API after each restart what providers were told.
 *
 * <p>Why this level: the promise ("stored") is made by the server process, in its 200 answer to
 * {@code PUT /feeds}, so it is tested there: real HTTP acknowledgements from a real server process.
 * SIGKILL is the harshest end a process can meet: no shutdown hook, no close of the store, nothing
 * still buffered in the JVM or in RocksDB's memory gets written; only what reached the kernel
 * survives. Closing the store in-process, or injecting failures, cannot show that (the
 * writer-child {@code CrashTest} in adapters-local shows it below HTTP). What a process kill cannot
 * show is power loss: the kernel's page cache outlives the process, so unsynced writes survive it
 * too. That is what the synced write-ahead log is for (every acknowledgement waits for its fsync),
 * and this test cannot tell a synced log from an unsynced one.
 *
 * <p>Analysts are checked the same way: besides one connection that receives every game as the
 * original sample did, {@value #RESUMERS} resumers subscribe to every game. Each round they
 * reconnect while the writers write (after a seeded number of acknowledgements) and resume with
 * the store's epoch and the last seq they hold per game; every odds frame, replayed or live, must
 * be the next seq of its game, and after the last restart each holds exactly the stored updates,
 * once each, field for field. So every acknowledged update reached every resumer once, in order,
 * and nothing of a request left without an answer was seen unless all of it was stored.
 *
 * <p>Batch sizes, prices, when to kill and when to reconnect come from one seed, printed on failure; rerun with
 * {@code -Dsportsfeeds.seed=N} (the timing still differs from run to run).
 */
class ProcessKillTest {
    private static final int ROUNDS = 3;
    private static final int WRITERS = 4;
    private static final int GAMES_PER_WRITER = 2;
    private static final List<String> MARKETS = List.of("spread", "total");
    private static final int MAX_UPDATES_PER_REQUEST = 16;
    /** A round's kill comes after a random number of acknowledged requests between these two. */
    private static final int MIN_ACKS_BEFORE_KILL = 50;
    /** Few enough that the test stays short on a loaded machine and every history fits one read. */
    private static final int MAX_ACKS_BEFORE_KILL = 250;

    /** Analysts that subscribe to every game and resume after each restart with the last seq they hold per game. */
    private static final int RESUMERS = 3;

    private static final int HISTORY_LIMIT = 10_000;
    /** An update's {@code date} is this plus its token, in epoch milliseconds. */
    private static final long BASE_DATE_MILLIS = 1_764_617_400_000L;
    /** For each step that waits (a start, a round's acknowledgements), generous for a loaded 2-core machine. */
    private static final Duration STEP_DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path tempDir;

    private final List<ServerProcess> servers = new ArrayList<>();
    private final Map<Long, Sent> sentByToken = new ConcurrentHashMap<>();
    /** For the figures: requests without an answer at a kill, by what the restart showed. */
    private int inFlightFoundStored;

    private int inFlightFoundAbsent;
    private final List<Long> startMillis = new ArrayList<>();
    private final List<Long> verifyMillis = new ArrayList<>();
    private final List<Resumer> resumers = new ArrayList<>();
    /** The store's epoch, learnt from the first acknowledgement of a subscribe; the same across restarts. */
    private String epoch;

    @AfterEach
    void killServers() {
        resumers.forEach(Resumer::detach);
        for (ServerProcess server : servers) {
            server.close();
        }
    }

    /**
     * One update as sent. Its token is unique in the test and is its {@code date} past {@link
     * #BASE_DATE_MILLIS}, so a stored row names the update it holds.
     */
    private record Sent(
            long token,
            String gameId,
            String market,
            double home,
            double homeOdds,
            double awayOdds,
            String providerId) {
        long date() {
            return BASE_DATE_MILLIS + token;
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("summary", summary());
            json.put("gameId", gameId);
            json.put("type", market);
            json.put("home", home);
            json.put("away", -home);
            json.put("homeOdds", homeOdds);
            json.put("awayOdds", awayOdds);
            json.put("date", date());
            if (providerId != null) {
                json.put("id", providerId);
            }
            return json;
        }

        String summary() {
            return "Home @ Away " + gameId;
        }
    }

    /** One {@code PUT /feeds} body, and the results of the server's 200 answer once one came. */
    private static final class Request {
        final List<Sent> updates;
        List<JsonNode> results;
        /** Sent again after a restart, having had no answer before. */
        boolean retried;
        /** For a request without an answer: whether the last restart found its updates stored. */
        boolean foundStored;

        Request(List<Sent> updates) {
            this.updates = updates;
        }

        boolean acknowledged() {
            return results != null;
        }
    }

    /** What one round of ingest did, for the checks after the restart and for the figures. */
    private record Round(
            int number, int acknowledgedRequests, List<JsonNode> frames, String connectionEnd, long millis) {}

    @Test
    @Timeout(
            value = 120,
            unit = TimeUnit.SECONDS) // for a hung run only: a run takes 7-20 s, longer when the machine is badly
    // overloaded
    void keepsEveryAcknowledgedUpdateAndNothingHalfStored_whenTheServerProcessIsKilledDuringIngest() throws Exception {
        long seed = Long.getLong("sportsfeeds.seed", ThreadLocalRandom.current().nextLong());
        Random random = new Random(seed);
        Path dataDir = tempDir.resolve("data");
        List<Writer> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            writers.add(new Writer(w, new Random(random.nextLong())));
        }
        List<String> games =
                writers.stream().flatMap(w -> w.games.stream()).sorted().toList();
        for (int r = 0; r < RESUMERS; r++) {
            resumers.add(new Resumer(r, games));
        }
        long started = System.nanoTime();
        List<Round> rounds = new ArrayList<>();
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                ServerProcess server = start(dataDir, round);
                Map<String, List<JsonNode>> stored =
                        verify(server, writers, rounds.isEmpty() ? null : rounds.getLast());
                if (round == 1) {
                    epoch = learnEpoch(server, games.getFirst());
                }
                rounds.add(ingestUntilKilled(server, writers, stored, random, round));
            }
            ServerProcess last = start(dataDir, ROUNDS + 1);
            Map<String, List<JsonNode>> stored = verify(last, writers, rounds.getLast());
            // Once more, with nothing being written: each resumer must then hold exactly what is stored.
            for (Resumer resumer : resumers) {
                resumer.attach(last);
                resumer.awaitSubscribed(ROUNDS + 1);
                resumer.detach();
                resumer.checkHoldsExactly(stored);
            }
        } catch (Exception | AssertionError e) {
            throw new AssertionError(
                    "failed with seed " + seed + " (rerun with -Dsportsfeeds.seed=" + seed
                            + "); the last server's output:\n"
                            + (servers.isEmpty()
                                    ? "(none started)"
                                    : servers.getLast().outputTail()),
                    e);
        }

        List<Request> acknowledged = writers.stream()
                .flatMap(w -> w.requests.stream())
                .filter(Request::acknowledged)
                .toList();
        System.out.printf(
                "ProcessKillTest: seed %d; %d SIGKILLs after %s acknowledged requests; %d requests with %d updates acknowledged,"
                        + " all found; without an answer at a kill: %d stored whole, %d absent; %d frames pushed (connections ended: %s);"
                        + " %d resumers attached %d times (during ingest in each round, then once after the last restart), each holding all %d stored updates once, in seq order"
                        + " (%d replayed on resume or received before it took effect, %d live; %d dropped: received"
                        + " before the subscribe took effect, not the next seq); %d ms in all, starts %s ms, rounds %s ms, checks %s ms%n",
                seed,
                rounds.size(),
                rounds.stream().map(Round::acknowledgedRequests).toList(),
                acknowledged.size(),
                acknowledged.stream().mapToInt(r -> r.updates.size()).sum(),
                inFlightFoundStored,
                inFlightFoundAbsent,
                rounds.stream().mapToInt(r -> r.frames().size()).sum(),
                rounds.stream().map(Round::connectionEnd).distinct().toList(),
                resumers.size(),
                resumers.stream().mapToInt(r -> r.attachments).sum(),
                resumers.getFirst().held(),
                resumers.stream().mapToLong(r -> r.replayed).sum(),
                resumers.stream().mapToLong(r -> r.live).sum(),
                resumers.stream().mapToLong(r -> r.beforeSubscribe).sum(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                startMillis,
                rounds.stream().map(Round::millis).toList(),
                verifyMillis);
    }

    private ServerProcess start(Path dataDir, int number) throws IOException, InterruptedException {
        long begun = System.nanoTime();
        // Durability does not depend on who may write: the original sample's unauthenticated way, on loopback.
        ServerProcess server = ServerProcess.start(
                dataDir,
                tempDir.resolve("serve-" + number + ".log"),
                STEP_DEADLINE,
                "--no-auth",
                "--heartbeat",
                "PT10M");
        servers.add(server);
        startMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begun));
        return server;
    }

    /**
     * Runs the writers against {@code server} with an analyst connected, until a random number of
     * requests was acknowledged, then kills the server while a request is on its way.
     *
     * @param stored each game's history when the round began
     */
    private Round ingestUntilKilled(
            ServerProcess server, List<Writer> writers, Map<String, List<JsonNode>> stored, Random random, int number)
            throws Exception {
        int killAfter = MIN_ACKS_BEFORE_KILL + random.nextInt(MAX_ACKS_BEFORE_KILL - MIN_ACKS_BEFORE_KILL + 1);
        // Each resumer reconnects while the writers write, after its own seeded number of acknowledgements.
        Map<Resumer, Integer> attachAfter = new HashMap<>();
        for (Resumer resumer : resumers) {
            attachAfter.put(resumer, random.nextInt(killAfter / 2));
        }
        long begun = System.nanoTime();
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger unanswered = new AtomicInteger();
        AtomicBoolean killing = new AtomicBoolean();
        List<JsonNode> frames = new ArrayList<>();
        String connectionEnd;
        try (HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
                ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
                WsClient analyst = WsClient.connect(server.webSocketUrl("client-001"))) {
            List<Future<Void>> running = new ArrayList<>();
            try {
                for (Writer writer : writers) {
                    running.add(pool.submit(
                            () -> writer.run(http, server.url("/feeds"), acknowledged, unanswered, killing)));
                }
                long deadline = System.nanoTime() + STEP_DEADLINE.toNanos();
                // Frames too, so that every round has a subscriber receiving; and every resumer subscribed.
                while (acknowledged.get() < killAfter
                        || frames.isEmpty()
                        || resumers.stream().anyMatch(r -> !r.subscribed)) {
                    drainFrames(analyst, frames, Duration.ofMillis(10));
                    for (Resumer resumer : resumers) {
                        if (resumer.socket == null && acknowledged.get() >= attachAfter.get(resumer)) {
                            resumer.attach(server);
                        }
                        resumer.drain(number);
                    }
                    for (Future<Void> writer : running) {
                        if (writer.isDone()) {
                            writer.get(); // a writer ends before the kill only by failing: this throws why
                        }
                    }
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("round " + number + ": " + acknowledged.get() + " of " + killAfter
                                + " acknowledged requests and " + frames.size() + " pushed frames within "
                                + STEP_DEADLINE);
                    }
                }
                // Not at the moment an answer arrived, but while a request is on its way: its batch is
                // then either stored whole and answered never, or not stored at all.
                Await.until(
                        STEP_DEADLINE,
                        () -> unanswered.get() > 0,
                        () -> "round " + number + ": no request on its way to kill the server under");
                killing.set(true);
                assertThat(server.kill())
                        .as("round %d: exit status of serve (128 + SIGKILL)", number)
                        .isEqualTo(137);
            } finally {
                killing.set(true);
                server.close();
            }
            for (Future<Void> writer : running) {
                writer.get(STEP_DEADLINE.toSeconds(), TimeUnit.SECONDS);
            }
            connectionEnd = awaitEnd(analyst, number);
            drainFrames(analyst, frames, Duration.ZERO);
            for (Resumer resumer : resumers) {
                awaitEnd(resumer.socket, number);
                resumer.drain(number);
                resumer.detach();
            }
        }
        checkPushedInOrder(frames, stored, number);
        return new Round(
                number,
                acknowledged.get(),
                frames,
                connectionEnd,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begun));
    }

    /** How the analyst's connection ended once its server was killed; the frames it got before are queued by then. */
    private static String awaitEnd(WsClient analyst, int number) throws InterruptedException {
        try {
            return analyst.closed().get(10, TimeUnit.SECONDS).strip();
        } catch (ExecutionException failed) {
            return failed.getCause().getClass().getSimpleName();
        } catch (TimeoutException e) {
            throw new AssertionError(
                    "round " + number + ": the analyst's connection did not end within 10 s of the kill", e);
        }
    }

    private static void drainFrames(WsClient analyst, List<JsonNode> frames, Duration firstWait)
            throws InterruptedException {
        for (String frame = analyst.poll(firstWait); frame != null; frame = analyst.poll(Duration.ZERO)) {
            frames.add(Http.json(frame));
        }
    }

    /**
     * A connection receives every new update of every game, in seq order: per game, a round's
     * frames continue right after what was stored when it began, without gaps or repeats (the kill
     * may cut the tail).
     */
    private static void checkPushedInOrder(List<JsonNode> frames, Map<String, List<JsonNode>> stored, int number) {
        Map<String, Long> lastSeq = new HashMap<>();
        for (JsonNode frame : frames) {
            assertThat(frame.path("kind").asText())
                    .as("round %d: frame %s", number, frame)
                    .isEqualTo("odds");
            String game = frame.path("gameId").asText();
            assertThat(stored)
                    .as("round %d: frame of a game no writer sent: %s", number, frame)
                    .containsKey(game);
            long expected = lastSeq.getOrDefault(game, (long) stored.get(game).size()) + 1;
            assertThat(frame.path("seq").asLong())
                    .as("round %d: seq of the next frame of %s", number, game)
                    .isEqualTo(expected);
            lastSeq.put(game, expected);
        }
    }

    /**
     * Reads every game back through the REST API and checks it against what was sent and
     * acknowledged, and against what the round before pushed. Returns each game's history.
     */
    private Map<String, List<JsonNode>> verify(ServerProcess server, List<Writer> writers, Round previous) {
        long begun = System.nanoTime();
        Map<String, List<JsonNode>> histories = new TreeMap<>();
        for (Writer writer : writers) {
            Map<Long, Long> seqByToken = new HashMap<>();
            for (String game : writer.games) {
                List<JsonNode> rows = history(server, game);
                histories.put(game, rows);
                assertThat(rows)
                        .extracting(row -> row.path("seq").asLong())
                        .as("seqs of %s are gap-free from 1", game)
                        .containsExactlyElementsOf(
                                LongStream.rangeClosed(1, rows.size()).boxed().toList());
                for (JsonNode row : rows) {
                    long token = row.path("date").asLong() - BASE_DATE_MILLIS;
                    Sent sent = sentByToken.get(token);
                    assertThat(sent)
                            .as("%s: row %s holds an update this test sent", game, row)
                            .isNotNull();
                    assertThat(row.path("gameId").asText()).as("%s", row).isEqualTo(sent.gameId());
                    assertThat(row.path("market").asText()).as("%s", row).isEqualTo(sent.market());
                    assertThat(row.path("home").asDouble()).as("%s", row).isEqualTo(sent.home());
                    assertThat(row.path("away").asDouble()).as("%s", row).isEqualTo(-sent.home());
                    assertThat(row.path("homeOdds").asDouble()).as("%s", row).isEqualTo(sent.homeOdds());
                    assertThat(row.path("awayOdds").asDouble()).as("%s", row).isEqualTo(sent.awayOdds());
                    assertThat(row.path("isOpen").asBoolean()).as("%s", row).isTrue();
                    assertThat(row.path("summary").asText()).as("%s", row).isEqualTo(sent.summary());
                    assertThat(seqByToken.put(token, row.path("seq").asLong()))
                            .as("%s: %s stored twice", game, sent)
                            .isNull();
                }
                checkLatest(server, game, rows);
            }
            checkRequests(writer, seqByToken, histories);
        }
        if (previous != null) {
            for (JsonNode frame : previous.frames()) {
                ObjectNode pushed = frame.deepCopy();
                pushed.remove("kind");
                List<JsonNode> rows = histories.get(pushed.path("gameId").asText());
                int seq = pushed.path("seq").asInt();
                assertThat(rows)
                        .as("round %d pushed %s: stored?", previous.number(), frame)
                        .hasSizeGreaterThanOrEqualTo(seq);
                assertThat(rows.get(seq - 1))
                        .as("what round %d pushed is what is stored", previous.number())
                        .isEqualTo(pushed);
            }
        }
        verifyMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begun));
        return histories;
    }

    /** Each market's latest odds are that market's last history row, to the field: nothing half-visible. */
    private static void checkLatest(ServerProcess server, String game, List<JsonNode> rows) {
        Map<String, JsonNode> expected = new TreeMap<>();
        rows.forEach(row -> expected.put(row.path("market").asText(), row));
        HttpResponse<String> response = Http.get(server.url("/feeds?game=" + game));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, JsonNode> latest = new TreeMap<>();
        Http.json(response.body())
                .path("odds")
                .forEach(row -> latest.put(row.path("market").asText(), row));
        assertThat(latest).as("latest odds of %s", game).isEqualTo(expected);
    }

    /**
     * Acknowledged updates are stored at the seqs their answers gave; a request that had no answer
     * when the server was killed is stored whole or not at all; and nothing else is stored: each
     * game holds the stored requests' updates, in the order they were sent.
     */
    private void checkRequests(Writer writer, Map<Long, Long> seqByToken, Map<String, List<JsonNode>> histories) {
        Map<String, List<Long>> expectedTokens = new HashMap<>();
        writer.games.forEach(game -> expectedTokens.put(game, new ArrayList<>()));
        for (Request request : writer.requests) {
            if (request.acknowledged()) {
                for (int i = 0; i < request.updates.size(); i++) {
                    Sent sent = request.updates.get(i);
                    JsonNode result = request.results.get(i);
                    assertThat(seqByToken.get(sent.token()))
                            .as("seq of acknowledged %s, answered %s (null: not stored)", sent, result)
                            .isEqualTo(result.path("seq").asLong());
                }
            } else {
                long found = request.updates.stream()
                        .filter(sent -> seqByToken.containsKey(sent.token()))
                        .count();
                assertThat(found)
                        .as("updates stored of a request without an answer (all or none): %s", request.updates)
                        .isIn(0L, (long) request.updates.size());
                request.foundStored = found > 0;
                if (request.foundStored) {
                    inFlightFoundStored++;
                } else {
                    inFlightFoundAbsent++;
                }
            }
            if (request.acknowledged() || request.foundStored) {
                request.updates.forEach(
                        sent -> expectedTokens.get(sent.gameId()).add(sent.token()));
            }
        }
        for (String game : writer.games) {
            assertThat(histories.get(game))
                    .extracting(row -> row.path("date").asLong() - BASE_DATE_MILLIS)
                    .as("tokens of %s: the stored requests' updates in the order sent, nothing else", game)
                    .containsExactlyElementsOf(expectedTokens.get(game));
        }
    }

    private static List<JsonNode> history(ServerProcess server, String game) {
        HttpResponse<String> response = Http.get(server.url("/games/" + game + "/odds?limit=" + HISTORY_LIMIT));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> rows = new ArrayList<>();
        Http.json(response.body()).path("odds").forEach(rows::add);
        assertThat(rows)
                .as("history of %s fits one read (raise HISTORY_LIMIT)", game)
                .hasSizeLessThan(HISTORY_LIMIT);
        return rows;
    }

    /** Subscribes to one game without resuming, to learn the store's epoch from the acknowledgement. */
    private static String learnEpoch(ServerProcess server, String game) throws InterruptedException {
        try (WsClient probe = WsClient.connect(server.webSocketUrl("client-001"))) {
            probe.send("{\"action\":\"subscribe\",\"games\":[\"" + game + "\"]}");
            while (true) {
                JsonNode frame = Http.json(probe.nextFrame());
                if (frame.path("kind").asText().equals("subscribed")) {
                    return frame.path("epoch").asText();
                }
            }
        }
    }

    /**
     * An analyst that subscribes to every game of the test and, after each restart, resumes with
     * the epoch and the last seq it holds of each game (0 before the first). Every odds frame it
     * receives must be the next seq of its game, replayed or live: no gap, no repeat, nothing
     * conflated; at the end it must hold exactly what the store holds.
     */
    private final class Resumer {
        final int index;
        final List<String> games;
        /** Per game, the odds frames received, in order. */
        final Map<String, List<JsonNode>> received = new TreeMap<>();

        WsClient socket;
        /** The server acknowledged this connection's subscribe. */
        boolean subscribed;

        int attachments;
        long replayed;
        long live;
        /** Frames of the all-games stream that came before the subscribe took effect and were not the next seq. */
        long beforeSubscribe;

        Resumer(int index, List<String> games) {
            this.index = index;
            this.games = games;
            games.forEach(game -> received.put(game, new ArrayList<>()));
        }

        long lastSeq(String game) {
            return received.get(game).size();
        }

        long held() {
            return received.values().stream().mapToLong(List::size).sum();
        }

        void attach(ServerProcess server) {
            socket = WsClient.connect(server.webSocketUrl("client-001"));
            subscribed = false;
            attachments++;
            Map<String, Object> seqs = new TreeMap<>();
            games.forEach(game -> seqs.put(game, lastSeq(game)));
            try {
                socket.send(Http.JSON.writeValueAsString(
                        Map.of("action", "subscribe", "games", games, "resume", Map.of("epoch", epoch, "seqs", seqs))));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException("encoding a subscribe failed", e);
            }
        }

        /** Handles what arrived so far (nothing when not attached). */
        void drain(int round) throws InterruptedException {
            if (socket == null) {
                return;
            }
            for (String text = socket.poll(Duration.ZERO); text != null; text = socket.poll(Duration.ZERO)) {
                handle(Http.json(text), round);
            }
        }

        void awaitSubscribed(int round) throws InterruptedException {
            long deadline = System.nanoTime() + STEP_DEADLINE.toNanos();
            while (!subscribed) {
                String text = socket.poll(Duration.ofMillis(50));
                if (text != null) {
                    handle(Http.json(text), round);
                } else if (System.nanoTime() > deadline) {
                    throw new AssertionError("round " + round + ": resumer " + index
                            + " got no acknowledgement of its subscribe within " + STEP_DEADLINE);
                }
            }
        }

        private void handle(JsonNode frame, int round) {
            switch (frame.path("kind").asText()) {
                case "odds" -> {
                    String game = frame.path("gameId").asText();
                    assertThat(received)
                            .as(
                                    "round %d: resumer %d got a frame of a game it did not subscribe to: %s",
                                    round, index, frame)
                            .containsKey(game);
                    assertThat(frame.has("conflated"))
                            .as("round %d: resumer %d reads as fast as it can, yet got %s", round, index, frame)
                            .isFalse();
                    long seq = frame.path("seq").asLong();
                    if (!subscribed && seq != lastSeq(game) + 1) {
                        // Until its subscribe takes effect a connection receives every game, as the sample's did:
                        // those frames may come before the replay of what they follow, or repeat what it holds.
                        // The acknowledgement checks that the replay then filled what these skipped.
                        beforeSubscribe++;
                        return;
                    }
                    assertThat(seq)
                            .as(
                                    "round %d: resumer %d, seq of the next frame of %s (no gap, no repeat)",
                                    round, index, game)
                            .isEqualTo(lastSeq(game) + 1);
                    received.get(game).add(frame);
                    if (subscribed) {
                        live++;
                    } else {
                        replayed++;
                    }
                }
                case "subscribed" -> {
                    assertThat(frame.path("epoch").asText())
                            .as("round %d: the store's epoch stays across restarts", round)
                            .isEqualTo(epoch);
                    assertThat(frame.path("games")).hasSize(games.size());
                    for (JsonNode start : frame.path("games")) {
                        String game = start.path("gameId").asText();
                        assertThat(start.path("start").asText())
                                .as("round %d: resumer %d: %s", round, index, start)
                                .isEqualTo("resumed");
                        assertThat(start.path("seq").asLong())
                                .as("round %d: resumer %d holds the replay of %s up to %s", round, index, game, start)
                                .isEqualTo(lastSeq(game));
                    }
                    subscribed = true;
                }
                case "heartbeat", "stale", "pong" -> {}
                default ->
                    throw new AssertionError(
                            "round " + round + ": resumer " + index + " got what a resume never sends: " + frame);
            }
        }

        void detach() {
            if (socket != null) {
                socket.close();
                socket = null;
            }
        }

        /**
         * Holds every stored update once, as stored, in seq order: so every acknowledged one (all
         * stored), and of a request without an answer all its updates or none (the store's rows are).
         */
        void checkHoldsExactly(Map<String, List<JsonNode>> stored) {
            for (String game : games) {
                List<JsonNode> expected = stored.get(game);
                List<JsonNode> frames = received.get(game);
                assertThat(frames)
                        .as("resumer %d, frames of %s against its %d stored updates", index, game, expected.size())
                        .hasSameSizeAs(expected);
                for (int i = 0; i < frames.size(); i++) {
                    ObjectNode pushed = frames.get(i).deepCopy();
                    pushed.remove("kind");
                    assertThat(pushed)
                            .as("resumer %d: frame %d of %s is the stored update", index, i + 1, game)
                            .isEqualTo(expected.get(i));
                }
            }
        }
    }

    /**
     * One provider, with games of its own. It sends a request once the previous one was answered,
     * so each of its games must hold its requests' updates in order. A request left without an
     * answer by a kill is sent first after the restart: retrying is safe.
     */
    private final class Writer {
        final int index;
        final Random random;
        final List<String> games = new ArrayList<>();
        /** In the order first sent. */
        final List<Request> requests = new ArrayList<>();
        /** The last request, while it has no answer. */
        Request inFlight;

        long nextToken;

        Writer(int index, Random random) {
            this.index = index;
            this.random = random;
            for (int g = 0; g < GAMES_PER_WRITER; g++) {
                games.add("game-kill-w" + index + "-" + g);
            }
            // 10^9 ms (11 days) apart per writer: tokens never meet and dates stay plain epoch milliseconds.
            this.nextToken = index * 1_000_000_000L;
        }

        /** Sends until the server is killed; fails on any other trouble. */
        Void run(
                HttpClient http, URI feeds, AtomicInteger acknowledged, AtomicInteger unanswered, AtomicBoolean killing)
                throws InterruptedException {
            while (true) {
                if (inFlight == null) {
                    inFlight = newRequest();
                    requests.add(inFlight);
                } else {
                    inFlight.retried = true;
                }
                HttpResponse<String> response;
                unanswered.incrementAndGet();
                try {
                    response =
                            http.send(put(feeds, inFlight), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                    unanswered.decrementAndGet();
                } catch (IOException e) {
                    if (killing.get()) {
                        return null; // the server is gone; the request stays without an answer
                    }
                    throw new AssertionError("writer " + index + ": a request failed while the server was running", e);
                }
                assertThat(response.statusCode())
                        .as("writer %d: %s", index, response.body())
                        .isEqualTo(200);
                checkAnswer(inFlight, Http.json(response.body()));
                inFlight = null;
                acknowledged.incrementAndGet();
            }
        }

        private Request newRequest() {
            int size = 1 + random.nextInt(MAX_UPDATES_PER_REQUEST);
            List<Sent> updates = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                long token = nextToken++;
                Sent sent = new Sent(
                        token,
                        games.get(random.nextInt(games.size())),
                        MARKETS.get(random.nextInt(MARKETS.size())),
                        random.nextInt(31) / 2.0 - 7.5,
                        -200 + random.nextInt(401),
                        -200 + random.nextInt(401),
                        random.nextBoolean() ? "kill-" + token : null);
                sentByToken.put(token, sent);
                updates.add(sent);
            }
            return new Request(updates);
        }

        /** A first answer says "stored" for each update; the answer to a retry says what the restart found. */
        private void checkAnswer(Request request, JsonNode answer) {
            List<JsonNode> results = new ArrayList<>();
            answer.path("results").forEach(results::add);
            assertThat(results).as("writer %d: results of %s", index, answer).hasSameSizeAs(request.updates);
            String status = request.retried && request.foundStored ? "duplicate" : "stored";
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).path("gameId").asText())
                        .as("%s", results.get(i))
                        .isEqualTo(request.updates.get(i).gameId());
                assertThat(results.get(i).path("status").asText())
                        .as("writer %d: %s (retried: %s)", index, results.get(i), request.retried)
                        .isEqualTo(status);
            }
            request.results = results;
        }

        private HttpRequest put(URI feeds, Request request) {
            byte[] body;
            try {
                body = Http.JSON.writeValueAsBytes(
                        Map.of("odds", request.updates.stream().map(Sent::json).toList()));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException("encoding a batch failed", e);
            }
            return HttpRequest.newBuilder(feeds)
                    .timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
        }
    }
}
