package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sportsfeeds.app.local.ProviderWriter.Request;
import io.sportsfeeds.app.local.ProviderWriter.Sent;
import io.sportsfeeds.core.fakes.Await;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
    /** A round's kill comes after a random number of acknowledged requests between these two. */
    private static final int MIN_ACKS_BEFORE_KILL = 50;
    /** Few enough that the test stays short on a loaded machine and every history fits one read ({@link RestartChecks}). */
    private static final int MAX_ACKS_BEFORE_KILL = 250;

    /** Analysts that subscribe to every game and resume after each restart with the last seq they hold per game. */
    private static final int RESUMERS = 3;

    /** For each step that waits (a start, a round's acknowledgements), generous for a loaded 2-core machine. */
    private static final Duration STEP_DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path tempDir;

    private final List<ServerProcess> servers = new ArrayList<>();
    private final Map<Long, Sent> sentByToken = new ConcurrentHashMap<>();
    private final RestartChecks checks = new RestartChecks(sentByToken);
    private final List<Long> startMillis = new ArrayList<>();
    private final List<ResumingAnalyst> resumers = new ArrayList<>();
    /** The store's epoch, learnt from the first acknowledgement of a subscribe; the same across restarts. */
    private String epoch;

    @AfterEach
    void killServers() {
        resumers.forEach(ResumingAnalyst::detach);
        for (ServerProcess server : servers) {
            server.close();
        }
    }

    /** What one round of ingest did, for the checks after the restart and for the figures. */
    record Round(int number, int acknowledgedRequests, List<JsonNode> frames, String connectionEnd, long millis) {}

    @Test
    @Timeout(
            value = 120,
            unit = TimeUnit.SECONDS) // for a hung run only: a run takes 7-20 s, longer when the machine is badly
    // overloaded
    void keepsEveryAcknowledgedUpdateAndNothingHalfStored_whenTheServerProcessIsKilledDuringIngest() throws Exception {
        long seed = Long.getLong("sportsfeeds.seed", ThreadLocalRandom.current().nextLong());
        Random random = new Random(seed);
        Path dataDir = tempDir.resolve("data");
        List<ProviderWriter> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            writers.add(new ProviderWriter(w, new Random(random.nextLong()), sentByToken));
        }
        List<String> games =
                writers.stream().flatMap(w -> w.games.stream()).sorted().toList();
        for (int r = 0; r < RESUMERS; r++) {
            resumers.add(new ResumingAnalyst(r, games, STEP_DEADLINE));
        }
        long started = System.nanoTime();
        List<Round> rounds = new ArrayList<>();
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                ServerProcess server = start(dataDir, round);
                Map<String, List<JsonNode>> stored =
                        checks.verify(server, writers, rounds.isEmpty() ? null : rounds.getLast());
                if (round == 1) {
                    epoch = learnEpoch(server, games.getFirst());
                }
                rounds.add(ingestUntilKilled(server, writers, stored, random, round));
            }
            ServerProcess last = start(dataDir, ROUNDS + 1);
            Map<String, List<JsonNode>> stored = checks.verify(last, writers, rounds.getLast());
            // Once more, with nothing being written: each resumer must then hold exactly what is stored.
            for (ResumingAnalyst resumer : resumers) {
                resumer.attach(last, epoch);
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
                checks.inFlightFoundStored,
                checks.inFlightFoundAbsent,
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
                checks.verifyMillis);
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
            ServerProcess server,
            List<ProviderWriter> writers,
            Map<String, List<JsonNode>> stored,
            Random random,
            int number)
            throws Exception {
        int killAfter = MIN_ACKS_BEFORE_KILL + random.nextInt(MAX_ACKS_BEFORE_KILL - MIN_ACKS_BEFORE_KILL + 1);
        // Each resumer reconnects while the writers write, after its own seeded number of acknowledgements.
        Map<ResumingAnalyst, Integer> attachAfter = new HashMap<>();
        for (ResumingAnalyst resumer : resumers) {
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
                for (ProviderWriter writer : writers) {
                    running.add(pool.submit(
                            () -> writer.run(http, server.url("/feeds"), acknowledged, unanswered, killing)));
                }
                long deadline = System.nanoTime() + STEP_DEADLINE.toNanos();
                // Frames too, so that every round has a subscriber receiving; and every resumer subscribed.
                while (acknowledged.get() < killAfter
                        || frames.isEmpty()
                        || resumers.stream().anyMatch(r -> !r.subscribed)) {
                    drainFrames(analyst, frames, Duration.ofMillis(10));
                    for (ResumingAnalyst resumer : resumers) {
                        if (resumer.socket == null && acknowledged.get() >= attachAfter.get(resumer)) {
                            resumer.attach(server, epoch);
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
            for (ResumingAnalyst resumer : resumers) {
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
}
