package io.sportsfeeds.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.api.Reference;
import io.sportsfeeds.core.domain.HistoryQuery;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The REST API's registration of games and clients, and its routing (404, 405, HEAD, a trailing slash). */
class RestApiRegistrationTest extends RestApiFixture {
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
        void answers503SayingSomeClientsMayBeStored_andHowToGetTheirSecrets_whenTheStoreFails() {
            registry.failing(true);

            assertJson(
                    api.handle(request("PUT", "/clients", Reference.bytes("clients.json"))),
                    503,
                    "{\"error\":\"store_unavailable\",\"message\":\"the store is unavailable; some of the clients may"
                            + " have been stored, and a secret made for a new one among them was not answered: send the"
                            + " request again, with a chosen secret for each new client\"}");
        }

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
        void namesAQueryParameterTheOperationDoesNotRead_ratherThanIgnoringIt() {
            putReferenceBatch();

            assertInvalid(
                    call("GET", "/games/" + LAKERS + "/odds?limt=1&market=spread"),
                    "limt",
                    "limt is not a parameter of GET /games/" + LAKERS
                            + "/odds; it takes market, from, to, limit, afterSeq");
            assertInvalid(
                    call("PUT", "/feeds?dryRun=true", oneUpdate("-110")),
                    "dryRun",
                    "dryRun is not a parameter of PUT /feeds, which takes none");
            assertThat(store.history(new HistoryQuery("game-1", Optional.empty(), 0, Long.MAX_VALUE, 10)))
                    .as("a refused batch is not stored")
                    .isEmpty();
            assertThat(call("GET", "/feeds?game=" + LAKERS + "&").status())
                    .as("a trailing & names nothing")
                    .isEqualTo(200);
        }

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
