package io.sportsfeeds.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sportsfeeds.api.Reference;
import io.sportsfeeds.core.usecase.IngestFeeds;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The REST API's ingest (what it stores, the errors naming each bad field), and numbers out of range in every payload and parameter. */
class RestApiTest extends RestApiFixture {
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
}
