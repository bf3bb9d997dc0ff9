package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sportsfeeds.app.local.ProviderWriter.Request;
import io.sportsfeeds.app.local.ProviderWriter.Sent;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

/**
 * What {@link ProcessKillTest} checks through the REST API after each restart: every game's
 * history and latest odds against what the writers sent and were told.
 */
final class RestartChecks {
    private static final int HISTORY_LIMIT = 10_000;

    /** Every update sent by any writer of the test, by token. */
    private final Map<Long, Sent> sentByToken;
    /** For the figures: requests without an answer at a kill, by what the restart showed. */
    int inFlightFoundStored;

    int inFlightFoundAbsent;
    final List<Long> verifyMillis = new ArrayList<>();

    RestartChecks(Map<Long, Sent> sentByToken) {
        this.sentByToken = sentByToken;
    }

    /**
     * Reads every game back through the REST API and checks it against what was sent and
     * acknowledged, and against what the round before pushed. Returns each game's history.
     */
    Map<String, List<JsonNode>> verify(
            ServerProcess server, List<ProviderWriter> writers, ProcessKillTest.Round previous) {
        long begun = System.nanoTime();
        Map<String, List<JsonNode>> histories = new TreeMap<>();
        for (ProviderWriter writer : writers) {
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
                    long token = row.path("date").asLong() - Sent.BASE_DATE_MILLIS;
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
    private void checkRequests(
            ProviderWriter writer, Map<Long, Long> seqByToken, Map<String, List<JsonNode>> histories) {
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
                    .extracting(row -> row.path("date").asLong() - Sent.BASE_DATE_MILLIS)
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
}
