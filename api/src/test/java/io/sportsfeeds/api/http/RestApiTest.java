package io.sportsfeeds.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sportsfeeds.api.Reference;
import io.sportsfeeds.core.fakes.InMemoryClientRegistry;
import io.sportsfeeds.core.fakes.InMemoryGameCatalogue;
import io.sportsfeeds.core.fakes.InMemoryOddsStore;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.port.ClientRegistry;
import io.sportsfeeds.core.port.GameCatalogue;
import io.sportsfeeds.core.port.OddsStore;
import io.sportsfeeds.core.usecase.AuthenticateCallers;
import io.sportsfeeds.core.usecase.ClientSecrets;
import io.sportsfeeds.core.usecase.IngestFeeds;
import io.sportsfeeds.core.usecase.ReadOdds;
import io.sportsfeeds.core.usecase.RegisterClients;
import io.sportsfeeds.core.usecase.RegisterGames;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestApiTest {
    static final String LAKERS = "game-7F3A1C52-0B6E-4D7A-9C1E-2B8D5E6F4A10";
    static final String ARSENAL = "game-1D9E4B77-5A2C-4F0B-8E36-7C4A9B2D1E05";
    static final long STORED_AT = 1764617460123L;

    final MutableClock clock = new MutableClock(Instant.ofEpochMilli(STORED_AT));
    final InMemoryOddsStore store = new InMemoryOddsStore(clock);
    final InMemoryGameCatalogue catalogue = new InMemoryGameCatalogue();
    final InMemoryClientRegistry registry = new InMemoryClientRegistry();
    RestApi api = api(store, catalogue, registry, IngestFeeds.DEFAULT_MAX_BATCH, RestApi.DEFAULT_MAX_BODY_BYTES);

    static RestApi api(
            OddsStore store, GameCatalogue catalogue, ClientRegistry registry, int maxBatch, int maxBodyBytes) {
        return new RestApi(
                new IngestFeeds(store, maxBatch),
                new ReadOdds(store),
                new RegisterGames(catalogue),
                new RegisterClients(registry, new ClientSecrets(new SecureRandom(), 1_000)),
                AuthenticateCallers.off(),
                maxBodyBytes);
    }

    static HttpRequest request(String method, String pathAndQuery, byte[] body) {
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (question >= 0) {
            for (String pair : pathAndQuery.substring(question + 1).split("&")) {
                String[] nameAndValue = pair.split("=", 2);
                query.computeIfAbsent(decode(nameAndValue[0]), name -> new ArrayList<>())
                        .add(nameAndValue.length == 2 ? decode(nameAndValue[1]) : "");
            }
        }
        return new HttpRequest(method, path, query, Map.of("Content-Type", "application/json"), body);
    }

    static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    HttpResponse call(String method, String pathAndQuery) {
        return api.handle(request(method, pathAndQuery, new byte[0]));
    }

    HttpResponse call(String method, String pathAndQuery, String body) {
        return api.handle(request(method, pathAndQuery, body.getBytes(StandardCharsets.UTF_8)));
    }

    HttpResponse putReferenceBatch() {
        return api.handle(request("PUT", "/feeds", Reference.bytes("provider-odds-batch.json")));
    }

    static String oneUpdate(String homeOdds) {
        return """
        {"odds":[{"gameId":"game-1","type":"spread","home":3,"away":-3,"homeOdds":%s,"awayOdds":-110,"date":1764617400}]}
        """.formatted(homeOdds);
    }

    /** A 400 naming one field, whose message is the whole error's. */
    static void assertInvalid(HttpResponse response, String field, String message) {
        String quotedMessage = quoted(message);
        assertJson(
                response,
                400,
                "{\"error\":\"invalid_request\",\"message\":" + quotedMessage + ",\"fields\":[{\"field\":"
                        + quoted(field) + ",\"message\":" + quotedMessage + "}]}");
    }

    /** A JSON string literal, escaped as the server escapes it. */
    static String quoted(String text) {
        try {
            return new ObjectMapper().writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static void assertJson(HttpResponse response, int status, String body) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.headers()).containsEntry("Content-Type", "application/json; charset=utf-8");
        assertThat(response.bodyText()).isEqualTo(body);
    }

    @Nested
    class Ingest {
        @Test
        void storesEveryUpdate_whenTheReferenceBatchIsPut() {
            HttpResponse response = putReferenceBatch();

            assertJson(response, 200, """
          {"accepted":2,"duplicates":0,"results":[\
          {"gameId":"%s","seq":1,"status":"stored"},\
          {"gameId":"%s","seq":1,"status":"stored"}]}""".formatted(LAKERS, ARSENAL));
        }

        @Test
        void storesTheBatch_whenItIsPosted() {
            HttpResponse response = api.handle(request("POST", "/feeds", Reference.bytes("provider-odds-batch.json")));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).startsWith("{\"accepted\":2,\"duplicates\":0,");
        }

        @Test
        void reportsDuplicates_whenTheSameBatchIsPutAgain() {
            putReferenceBatch();

            HttpResponse again = putReferenceBatch();

            assertJson(again, 200, """
          {"accepted":0,"duplicates":2,"results":[\
          {"gameId":"%s","seq":1,"status":"duplicate"},\
          {"gameId":"%s","seq":1,"status":"duplicate"}]}""".formatted(LAKERS, ARSENAL));
        }

        @Test
        void acceptsTheBody_whenTheContentTypeIsNotJson() {
            HttpRequest plainText = new HttpRequest(
                    "PUT",
                    "/feeds",
                    Map.of(),
                    Map.of("Content-Type", "text/plain"),
                    oneUpdate("-110").getBytes(StandardCharsets.UTF_8));

            assertThat(api.handle(plainText).status()).isEqualTo(200);
        }

        @Test
        void namesTheField_whenTextHoldsALoneSurrogate_butTakesAPair() throws Exception {
            String batch = """
                    {"odds":[{"gameId":"game-1","type":"spread","home":3,"away":-3,"homeOdds":-110,"awayOdds":-110,\
                    "date":1764617400,"summary":"%s"}]}""";

            HttpResponse lone = call("PUT", "/feeds", batch.formatted("Lakers \\uD800 Celtics"));
            HttpResponse pair = call("PUT", "/feeds", batch.formatted("Lakers \\uD83C\\uDFC0 Celtics"));

            assertInvalid(
                    lone,
                    "odds[0].summary",
                    "odds[0].summary must be Unicode text, was a lone surrogate \\uD800 at character 7");
            assertThat(pair.status()).isEqualTo(200);
            assertThat(new ObjectMapper()
                            .readTree(call("GET", "/feeds?game=game-1").body())
                            .at("/odds/0/summary")
                            .asText())
                    .isEqualTo("Lakers \uD83C\uDFC0 Celtics");
        }

        @Test
        void namesTheField_whenAnOddsValueIsNaN() {
            HttpResponse response = call("PUT", "/feeds", oneUpdate("NaN"));

            assertInvalid(response, "odds[0].homeOdds", "odds[0].homeOdds must be a finite number, was NaN");
            assertJson(call("GET", "/feeds?game=game-1"), 200, "{\"gameId\":\"game-1\",\"odds\":[]}");
        }

        @Test
        void namesTheField_whenAnOddsValueOverflowsToInfinity() {
            HttpResponse response = call("PUT", "/feeds", oneUpdate("1e999"));

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.bodyText())
                    .contains(
                            "{\"field\":\"odds[0].homeOdds\",\"message\":\"odds[0].homeOdds must be a finite number, was Infinity\"}");
        }

        @Test
        void namesEveryBadField_whenSeveralAreWrong() {
            HttpResponse response = call(
                    "PUT",
                    "/feeds",
                    "{\"odds\":[{\"gameId\":\"game-1\",\"type\":\"spread\",\"home\":\"3\",\"away\":-3,\"awayOdds\":-110,\"date\":1}]}");

            assertJson(response, 400, """
          {"error":"invalid_request","message":"odds[0].home must be a finite number, was \\"3\\"; odds[0].homeOdds is required",\
          "fields":[{"field":"odds[0].home","message":"odds[0].home must be a finite number, was \\"3\\""},\
          {"field":"odds[0].homeOdds","message":"odds[0].homeOdds is required"}]}""");
        }

        @Test
        void namesTheBody_whenTheJsonIsMalformed() {
            HttpResponse response = call("PUT", "/feeds", "{\"odds\": [");

            assertInvalid(response, "body", "body must be a JSON object, was malformed JSON at line 1, column 11");
        }

        @Test
        void namesTheBody_whenItIsNotAnObject() {
            HttpResponse response = call("PUT", "/feeds", "[1,2]");

            assertInvalid(response, "body", "body must be a JSON object, was an array");
        }

        @Test
        void namesTheBody_whenItIsEmpty() {
            HttpResponse response = call("PUT", "/feeds");

            assertInvalid(response, "body", "body is required");
        }

        @Test
        void namesTheBody_whenJsonIsFollowedByGarbage() {
            HttpResponse response = call("PUT", "/feeds", "{} {}");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.bodyText()).contains("\"field\":\"body\"");
        }

        @Test
        void refusesWith413_whenTheBodyIsOverTheLimit() {
            api = api(store, catalogue, registry, IngestFeeds.DEFAULT_MAX_BATCH, 100);
            String body = oneUpdate("-110");
            HttpRequest request = new HttpRequest(
                    "PUT",
                    "/feeds",
                    Map.of(),
                    Map.of("Content-Length", String.valueOf(body.length())),
                    body.getBytes(StandardCharsets.UTF_8));

            HttpResponse response = api.handle(request);

            assertJson(response, 413, """
          {"error":"too_large","message":"the request body is larger than 100 bytes",\
          "fields":[{"field":"body","message":"body must be at most 100 bytes, was %d"}]}""".formatted(body.length()));
            assertThat(call("GET", "/feeds?game=game-1").bodyText()).isEqualTo("{\"gameId\":\"game-1\",\"odds\":[]}");
        }

        @Test
        void refusesWith413_whenTheBatchHoldsTooManyUpdates() {
            api = api(store, catalogue, registry, 1, RestApi.DEFAULT_MAX_BODY_BYTES);

            HttpResponse response = putReferenceBatch();

            assertJson(response, 413, """
          {"error":"too_large","message":"odds must be at most 1 items, was 2",\
          "fields":[{"field":"odds","message":"odds must be at most 1 items, was 2"}]}""");
        }

        @Test
        void answers503SayingRetryingIsSafe_whenTheStoreIsUnavailable() {
            store.failing(true);

            HttpResponse response = putReferenceBatch();

            assertJson(response, 503, """
          {"error":"store_unavailable",\
          "message":"the store is unavailable; the request was not acknowledged and retrying it is safe"}""");
        }

        @Test
        void answers500WithoutDetails_whenSomethingUnexpectedFails() {
            api = api(
                    new BrokenStore(),
                    new BrokenStore(),
                    new BrokenStore(),
                    IngestFeeds.DEFAULT_MAX_BATCH,
                    RestApi.DEFAULT_MAX_BODY_BYTES);

            HttpResponse response = putReferenceBatch();

            assertJson(
                    response,
                    500,
                    "{\"error\":\"internal_error\",\"message\":\"the server failed to handle the request; the failure was logged\"}");
        }
    }

    /** Every numeric field of every payload, and every numeric query parameter, given a number out of its range. */
    @Nested
    class NumbersOutOfRange {
        /** One update, game or client with one field's JSON replaced by {@code rawJson}, as a provider might send it. */
        static String batch(String key, String field, String rawJson) {
            Map<String, String> fields = new LinkedHashMap<>();
            switch (key) {
                case "odds" -> {
                    fields.put("gameId", "\"game-1\"");
                    fields.put("type", "\"spread\"");
                    fields.put("home", "3");
                    fields.put("away", "-3");
                    fields.put("homeOdds", "-110");
                    fields.put("awayOdds", "-110");
                    fields.put("date", "1764617400");
                    fields.put("gameDate", "\"2026-12-01 19:30:00.000\"");
                }
                case "games" -> {
                    fields.put("gameId", "\"game-1\"");
                    fields.put("gameDate", "1764617400");
                    fields.put("season", "2026");
                }
                case "clients" -> {
                    fields.put("clientId", "\"client-001\"");
                    fields.put("active", "true");
                }
                default -> throw new IllegalArgumentException(key);
            }
            fields.put(field, rawJson);
            StringBuilder item = new StringBuilder("{");
            fields.forEach((name, value) -> item.append(item.length() > 1 ? "," : "")
                    .append('"')
                    .append(name)
                    .append("\":")
                    .append(value));
            return "{\"" + key + "\":[" + item + "}]}";
        }

        @ParameterizedTest(name = "{0}[0].{1} = {2}")
        @CsvSource(delimiterString = " | ", textBlock = """
            odds    | home     | NaN       | must be a finite number, was NaN
            odds    | away     | -Infinity | must be a finite number, was -Infinity
            odds    | homeOdds | 1e400     | must be a finite number, was Infinity
            odds    | awayOdds | -1e400    | must be a finite number, was -Infinity
            odds    | awayOdds | 1%0400d   | must be a finite number, was 1000000000000000000000000000000000000000...
            odds    | date     | NaN       | must be a whole number, was NaN
            odds    | date     | 1e400     | must be a whole number, was Infinity
            odds    | date     | 1e300     | must be a positive epoch time in seconds or milliseconds before the year 10000, was 1.0E300
            odds    | date     | 1%030d    | must be a positive epoch time in seconds or milliseconds before the year 10000, was 1000000000000000000000000000000
            odds    | gameDate | NaN       | must be a string or a finite number, was NaN
            odds    | gameDate | Infinity  | must be a string or a finite number, was Infinity
            odds    | gameDate | -1e400    | must be a string or a finite number, was -Infinity
            odds    | gameDate | true      | must be a string or a finite number, was true
            games   | gameDate | NaN       | must be a whole number, was NaN
            games   | gameDate | 1e400     | must be a whole number, was Infinity
            games   | gameDate | 1e300     | must be a positive epoch time in seconds or milliseconds before the year 10000, was 1.0E300
            games   | season   | NaN       | must be a string or a finite number, was NaN
            games   | season   | 1e400     | must be a string or a finite number, was Infinity
            games   | season   | -Infinity | must be a string or a finite number, was -Infinity
            clients | active   | NaN       | must be true or false, was NaN
            """)
        void namesTheField_whenABodyNumberIsNotFiniteOrOutOfRange(
                String key, String field, String rawJson, String problem) {
            String body = batch(key, field, rawJson.contains("%") ? rawJson.formatted(0) : rawJson);
            String path = key.equals("odds") ? "/feeds" : "/" + key;

            HttpResponse response = call("PUT", path, body);

            String name = key + "[0]." + field;
            assertInvalid(response, name, name + " " + problem);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiterString = " | ", textBlock = """
            /games/game-1/odds?limit=NaN                  | limit | must be a whole number, was "NaN"
            /games/game-1/odds?limit=1e400                | limit | must be a whole number, was "1e400"
            /games/game-1/odds?limit=99999999999999999999 | limit | must be between 1 and 10000, was 99999999999999999999
            /games/game-1/odds?from=Infinity              | from  | must be a whole number, was "Infinity"
            /games/game-1/odds?to=99999999999999999999    | to    | must be a positive epoch time in seconds or milliseconds before the year 10000, was 99999999999999999999
            /games?from=-1e400                            | from  | must be a whole number, was "-1e400"
            /games?to=253402300800000                     | to    | must be a positive epoch time in seconds or milliseconds before the year 10000, was 253402300800000
            """)
        void namesTheParameter_whenAQueryNumberIsNotFiniteOrOutOfRange(
                String pathAndQuery, String name, String problem) {
            HttpResponse response = call("GET", pathAndQuery);

            assertInvalid(response, name, name + " " + problem);
        }

        @Test
        void keepsANumericGameDateOrSeasonAsItsPlainText_whenItIsFinite() {
            call("PUT", "/games", batch("games", "season", "2.026e3"));

            assertThat(call("GET", "/games").bodyText()).contains("\"season\":\"2026\"");
        }
    }

    @Nested
    class LatestOdds {
        @Test
        void answersTheLatestOddsOfEachMarket_whenAGameIsGiven() {
            putReferenceBatch();

            HttpResponse response = call("GET", "/feeds?game=" + LAKERS);

            assertJson(response, 200, """
          {"gameId":"%s","odds":[{"seq":1,"gameId":"%s","market":"spread","home":3,"away":-3,\
          "homeOdds":-110,"awayOdds":-110,"date":1764617400,"isOpen":true,"storedAt":1764617460123,\
          "summary":"Lakers @ Celtics","gameDate":"2026-12-01 19:30:00.000"}]}""".formatted(LAKERS, LAKERS));
        }

        @Test
        void answersOnlyThatMarket_whenAMarketIsGiven() {
            putReferenceBatch();

            assertThat(call("GET", "/feeds?game=" + LAKERS + "&market=moneyline")
                            .bodyText())
                    .isEqualTo("{\"gameId\":\"%s\",\"odds\":[]}".formatted(LAKERS));
            assertThat(call("GET", "/feeds?game=" + LAKERS + "&market=spread").bodyText())
                    .contains("\"seq\":1");
        }

        @Test
        void namesGame_whenItIsMissing() {
            HttpResponse response = call("GET", "/feeds");

            assertInvalid(response, "game", "game is required");
        }

        @Test
        void namesTheParameter_whenItIsGivenTwice_ratherThanAnsweringForTheFirst() {
            putReferenceBatch();

            assertInvalid(
                    call("GET", "/feeds?game=" + LAKERS + "&game=" + ARSENAL),
                    "game",
                    "game must be given once, was given 2 times");
            assertInvalid(
                    call("GET", "/feeds?game=" + LAKERS + "&market=spread&market=moneyline"),
                    "market",
                    "market must be given once, was given 2 times");
        }
    }

    @Nested
    class History {
        @Test
        void answersEveryUpdateOldestFirst_whenNoFilterIsGiven() {
            call("PUT", "/feeds", oneUpdate("-110"));
            clock.advance(Duration.ofMillis(5));
            call("PUT", "/feeds", oneUpdate("-120.5"));

            HttpResponse response = call("GET", "/games/game-1/odds");

            assertJson(response, 200, """
          {"gameId":"game-1","odds":[\
          {"seq":1,"gameId":"game-1","market":"spread","home":3,"away":-3,"homeOdds":-110,"awayOdds":-110,\
          "date":1764617400,"isOpen":true,"storedAt":1764617460123},\
          {"seq":2,"gameId":"game-1","market":"spread","home":3,"away":-3,"homeOdds":-120.5,"awayOdds":-110,\
          "date":1764617400,"isOpen":true,"storedAt":1764617460128}]}""");
        }

        @Test
        void answersTheOldest_whenALimitIsGiven() {
            call("PUT", "/feeds", oneUpdate("-110"));
            call("PUT", "/feeds", oneUpdate("-120"));

            HttpResponse response = call("GET", "/games/game-1/odds?limit=1&market=spread");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).contains("\"seq\":1").doesNotContain("\"seq\":2");
        }

        @Test
        void filtersByProviderDate_whenFromAndToAreGivenInSecondsOrMillis() {
            call("PUT", "/feeds", oneUpdate("-110"));

            assertThat(call("GET", "/games/game-1/odds?from=1764617400&to=1764617401")
                            .bodyText())
                    .contains("\"seq\":1");
            assertThat(call("GET", "/games/game-1/odds?from=1764617400000&to=1764617400001")
                            .bodyText())
                    .contains("\"seq\":1");
            assertThat(call("GET", "/games/game-1/odds?from=1764617401").bodyText())
                    .isEqualTo("{\"gameId\":\"game-1\",\"odds\":[]}");
        }

        @Test
        void showsTheRangeAsInstants_whenFromIsAfterTo() {
            assertInvalid(
                    call("GET", "/games/game-1/odds?from=1764617401&to=1764617400"),
                    "from",
                    "from must be at or before to (2025-12-01T19:30:00Z), was 2025-12-01T19:30:01Z");
            assertInvalid(
                    call("GET", "/games?from=1764617401&to=1764617400"),
                    "from",
                    "from must be at or before to (2025-12-01T19:30:00Z), was 2025-12-01T19:30:01Z");
        }

        @Test
        void namesTheParameter_whenANumberIsBad() {
            assertInvalid(
                    call("GET", "/games/game-1/odds?limit=ten"), "limit", "limit must be a whole number, was \"ten\"");
            assertThat(call("GET", "/games/game-1/odds?from=yesterday").bodyText())
                    .contains(
                            "{\"field\":\"from\",\"message\":\"from must be a whole number, was \\\"yesterday\\\"\"}");
            assertThat(call("GET", "/games/game-1/odds?to=-1").bodyText())
                    .contains(
                            "{\"field\":\"to\",\"message\":\"to must be a positive epoch time in seconds or milliseconds before the year 10000, was -1\"}");
        }

        @Test
        void namesLimit_whenItIsOutOfRange() {
            HttpResponse response = call("GET", "/games/game-1/odds?limit=10001");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.bodyText())
                    .contains("{\"field\":\"limit\",\"message\":\"limit must be between 1 and 10000, was 10001\"}");
        }

        @Test
        void namesFrom_whenItIsAfterTo() {
            HttpResponse response = call("GET", "/games/game-1/odds?from=20&to=10");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.bodyText()).contains("\"field\":\"from\"");
        }

        @Test
        void namesGame_whenThePathHoldsABadId() {
            HttpResponse response = call("GET", "/games/bad%23id/odds");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.bodyText())
                    .contains(
                            "{\"field\":\"game\",\"message\":\"game must contain only letters, digits, '.', '_', ':', '@' or '-', was \\\"bad#id\\\"\"}");
        }
    }

    @Nested
    class Games {
        @Test
        void storesAndListsGames_whenTheReferenceGamesArePut() {
            HttpResponse stored = api.handle(request("PUT", "/games", Reference.bytes("games.json")));

            assertJson(stored, 200, "{\"stored\":1}");
            // The reference game starts at 1764617400 s, 2025-12-01 19:30 UTC (the odds' label says 2026).
            String listed = """
          {"games":[{"gameId":"%s","sport":"basketball","name":"Regular Season","venue":"TD Garden",\
          "season":"2026","type":"regular","status":"scheduled","gameDate":1764617400}]}""".formatted(LAKERS);
            assertJson(call("GET", "/games?date=2025-12-01"), 200, listed);
            assertJson(call("GET", "/games"), 200, listed);
            assertJson(call("GET", "/games?from=1764617400&to=1764617401"), 200, listed);
            assertJson(call("GET", "/games?date=2025-12-02"), 200, "{\"games\":[]}");
            assertJson(call("GET", "/games?from=1764617401"), 200, "{\"games\":[]}");
        }

        @Test
        void leavesOutUnknownFieldsAndUnscheduledGames_whenListingADay() {
            call(
                    "PUT",
                    "/games",
                    "{\"games\":[{\"gameId\":\"g-1\",\"gameDate\":1764617400},{\"gameId\":\"g-2\",\"gameDate\":1764617400,\"status\":\"finished\"}]}");

            assertJson(
                    call("GET", "/games?date=2025-12-01"),
                    200,
                    "{\"games\":[{\"gameId\":\"g-1\",\"status\":\"scheduled\",\"gameDate\":1764617400}]}");
        }

        @Test
        void namesDate_whenItIsNotADay() {
            assertInvalid(
                    call("GET", "/games?date=01/12/2026"),
                    "date",
                    "date must be a day as YYYY-MM-DD, was \"01/12/2026\"");
        }

        @Test
        void namesDate_whenCombinedWithFrom() {
            assertThat(call("GET", "/games?date=2025-12-01&from=1").bodyText())
                    .contains("{\"field\":\"date\",\"message\":\"date cannot be combined with from or to\"}");
        }

        @Test
        void namesTheField_whenAGameIsInvalid() {
            HttpResponse response = call("PUT", "/games", "{\"games\":[{\"gameId\":\"g-1\"}]}");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.bodyText())
                    .contains("{\"field\":\"games[0].gameDate\",\"message\":\"games[0].gameDate is required\"}");
        }
    }

    @Nested
    class Clients {
        @Test
        void storesAndListsClients_whenTheReferenceClientsArePut() {
            HttpResponse stored = api.handle(request("PUT", "/clients", Reference.bytes("clients.json")));

            // Both are new, so each gets a secret, answered this once.
            assertThat(stored.status()).isEqualTo(200);
            assertThat(stored.bodyText())
                    .matches(
                            "\\{\"stored\":2,\"secrets\":\\{\"client-001\":\"sfs_[\\w-]{32}\",\"client-002\":\"sfs_[\\w-]{32}\"}}");
            assertJson(api.handle(request("PUT", "/clients", Reference.bytes("clients.json"))), 200, "{\"stored\":2}");
            assertJson(call("GET", "/clients"), 200, """
          {"clients":[{"clientId":"client-001","name":"Trading desk A","active":true},\
          {"clientId":"client-002","name":"Trading desk B","active":false}]}""");
        }

        @Test
        void namesTheBatch_whenItIsMissing() {
            assertInvalid(call("PUT", "/clients", "{}"), "clients", "clients is required");
        }
    }

    @Nested
    class Routing {
        @Test
        void answers404_whenNoRouteMatches() {
            assertJson(
                    call("GET", "/nothing/here"),
                    404,
                    "{\"error\":\"not_found\",\"message\":\"no route for GET /nothing/here\"}");
        }

        @Test
        void answers405WithAllow_whenTheMethodIsWrong() {
            HttpResponse response = call("DELETE", "/feeds");

            assertJson(
                    response,
                    405,
                    "{\"error\":\"method_not_allowed\",\"message\":\"DELETE is not allowed on /feeds; allowed: GET, HEAD, POST, PUT\"}");
            assertThat(response.headers()).containsEntry("Allow", "GET, HEAD, POST, PUT");
        }

        @Test
        void answers405_whenGamesArePosted() {
            HttpResponse response = call("POST", "/games", "{}");

            assertThat(response.status()).isEqualTo(405);
            assertThat(response.headers()).containsEntry("Allow", "GET, HEAD, PUT");
        }

        @Test
        void answersHeadAsGet_soTheTransportCanSendItsHeaders() {
            HttpResponse get = call("GET", "/clients");
            HttpResponse head = call("HEAD", "/clients");

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.headers()).isEqualTo(get.headers());
            assertThat(head.bodyText()).isEqualTo(get.bodyText());
        }

        @Test
        void forgivesATrailingSlash_whenThePathIsKnown() {
            assertThat(call("GET", "/clients/").status()).isEqualTo(200);
        }

        @Test
        void answers404_whenTheHistoryPathHasNoGame() {
            assertThat(call("GET", "/games//odds").status()).isEqualTo(404);
        }
    }
}
