package io.sportsfeeds.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The REST API's reads of a game's odds: the latest of each market, and the history. */
class RestApiReadsTest extends RestApiFixture {
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
}
