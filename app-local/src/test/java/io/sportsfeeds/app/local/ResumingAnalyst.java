package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An analyst of {@link ProcessKillTest} that subscribes to every game of the test and, after each
 * restart, resumes with the epoch and the last seq it holds of each game (0 before the first).
 * Every odds frame it receives must be the next seq of its game, replayed or live: no gap, no
 * repeat, nothing conflated; at the end it must hold exactly what the store holds.
 */
final class ResumingAnalyst {
    final int index;
    final List<String> games;
    /** How long to wait for the acknowledgement of a subscribe. */
    private final Duration stepDeadline;
    /** Per game, the odds frames received, in order. */
    final Map<String, List<JsonNode>> received = new TreeMap<>();

    WsClient socket;
    /** The store's epoch it resumes with, the test's; the acknowledgement of each subscribe must say the same. */
    private String epoch;
    /** The server acknowledged this connection's subscribe. */
    boolean subscribed;

    int attachments;
    long replayed;
    long live;
    /** Frames of the all-games stream that came before the subscribe took effect and were not the next seq. */
    long beforeSubscribe;

    ResumingAnalyst(int index, List<String> games, Duration stepDeadline) {
        this.index = index;
        this.games = games;
        this.stepDeadline = stepDeadline;
        games.forEach(game -> received.put(game, new ArrayList<>()));
    }

    long lastSeq(String game) {
        return received.get(game).size();
    }

    long held() {
        return received.values().stream().mapToLong(List::size).sum();
    }

    void attach(ServerProcess server, String epoch) {
        this.epoch = epoch;
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
        long deadline = System.nanoTime() + stepDeadline.toNanos();
        while (!subscribed) {
            String text = socket.poll(Duration.ofMillis(50));
            if (text != null) {
                handle(Http.json(text), round);
            } else if (System.nanoTime() > deadline) {
                throw new AssertionError("round " + round + ": resumer " + index
                        + " got no acknowledgement of its subscribe within " + stepDeadline);
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
                        .as("round %d: resumer %d, seq of the next frame of %s (no gap, no repeat)", round, index, game)
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
