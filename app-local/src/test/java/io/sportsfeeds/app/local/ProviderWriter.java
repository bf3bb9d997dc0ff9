package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider of {@link ProcessKillTest}, with games of its own. It sends a request once the
 * previous one was answered, so each of its games must hold its requests' updates in order. A
 * request left without an answer by a kill is sent first after the restart: retrying is safe.
 */
final class ProviderWriter {
    private static final int GAMES_PER_WRITER = 2;
    private static final List<String> MARKETS = List.of("spread", "total");
    private static final int MAX_UPDATES_PER_REQUEST = 16;

    /**
     * One update as sent. Its token is unique in the test and is its {@code date} past {@link
     * #BASE_DATE_MILLIS}, so a stored row names the update it holds.
     */
    record Sent(
            long token,
            String gameId,
            String market,
            double home,
            double homeOdds,
            double awayOdds,
            String providerId) {
        /** An update's {@code date} is this plus its token, in epoch milliseconds. */
        static final long BASE_DATE_MILLIS = 1_764_617_400_000L;

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
    static final class Request {
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

    final int index;
    final Random random;
    final List<String> games = new ArrayList<>();
    /** In the order first sent. */
    final List<Request> requests = new ArrayList<>();
    /** The last request, while it has no answer. */
    Request inFlight;

    long nextToken;
    /** Every update sent by any writer of the test, by token: what a stored row's date names. */
    private final Map<Long, Sent> sentByToken;

    ProviderWriter(int index, Random random, Map<Long, Sent> sentByToken) {
        this.index = index;
        this.random = random;
        this.sentByToken = sentByToken;
        for (int g = 0; g < GAMES_PER_WRITER; g++) {
            games.add("game-kill-w" + index + "-" + g);
        }
        // 10^9 ms (11 days) apart per writer: tokens never meet and dates stay plain epoch milliseconds.
        this.nextToken = index * 1_000_000_000L;
    }

    /** Sends until the server is killed; fails on any other trouble. */
    Void run(HttpClient http, URI feeds, AtomicInteger acknowledged, AtomicInteger unanswered, AtomicBoolean killing)
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
                response = http.send(put(feeds, inFlight), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
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
