package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.sportsfeeds.api.Reference;
import io.sportsfeeds.core.fakes.Await;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The server as analysts and providers use it: real HTTP and WebSocket clients on a free port. */
class LocalServerTest extends ServerTestBase {
    static HttpResponse<String> putReferenceBatch(LocalApp app) {
        return Http.call("PUT", url(app, "/feeds"), Reference.bytes("provider-odds-batch.json"));
    }

    @Test
    void pushesEveryUpdateAndKeepsItAcrossRestarts_whenAProviderPutsTheReferenceBatch() throws Exception {
        LocalApp app = start();
        assertThat(app.seeded()).isTrue();
        WsClient analyst = connect(app, "client-001");

        HttpResponse<String> put = putReferenceBatch(app);

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(Http.json(put.body()).path("accepted").asInt()).isEqualTo(2);
        JsonNode sent = Http.json(new String(Reference.bytes("provider-odds-batch.json"), StandardCharsets.UTF_8))
                .path("odds");
        for (int i = 0; i < 2; i++) {
            JsonNode frame = Http.json(analyst.nextFrame());
            JsonNode update = sent.get(i);
            assertThat(iterable(frame.fieldNames()))
                    .containsExactly(
                            "kind",
                            "seq",
                            "gameId",
                            "market",
                            "home",
                            "away",
                            "homeOdds",
                            "awayOdds",
                            "date",
                            "isOpen",
                            "storedAt",
                            "summary",
                            "gameDate");
            assertThat(frame.path("kind").asText()).isEqualTo("odds");
            assertThat(frame.path("seq").asLong()).isEqualTo(1);
            assertThat(frame.path("market")).isEqualTo(update.path("type"));
            for (String field : List.of(
                    "gameId", "home", "away", "homeOdds", "awayOdds", "date", "isOpen", "summary", "gameDate")) {
                assertThat(frame.path(field)).as(field).isEqualTo(update.path(field));
            }
            assertThat(frame.path("storedAt").asLong()).isPositive();
        }

        app.close();
        LocalApp restarted = start();

        assertThat(restarted.seeded()).isFalse();
        JsonNode latest =
                Http.json(Http.get(url(restarted, "/feeds?game=" + LAKERS)).body());
        assertThat(latest.path("gameId").asText()).isEqualTo(LAKERS);
        assertThat(latest.path("odds")).hasSize(1);
        assertThat(latest.path("odds").get(0).path("homeOdds").asInt()).isEqualTo(-110);
        JsonNode history = Http.json(
                Http.get(url(restarted, "/games/" + ARSENAL + "/odds")).body());
        assertThat(history.path("odds")).hasSize(1);
        assertThat(history.path("odds").get(0).path("seq").asLong()).isEqualTo(1);
        assertThat(history.path("odds").get(0).path("awayOdds").asInt()).isEqualTo(240);
        JsonNode again = Http.json(putReferenceBatch(restarted).body());
        assertThat(again.path("accepted").asInt()).isZero();
        assertThat(again.path("duplicates").asInt()).isEqualTo(2);
    }

    @Test
    void answersPongAndErrors_whenAnAnalystSendsMessages() throws Exception {
        LocalApp app = start();
        WsClient analyst = connect(app, "client-001");

        analyst.send("{\"action\":\"ping\"}");
        analyst.send("{\"action\":\"dance\"}");

        assertThat(analyst.nextFrame()).isEqualTo("{\"kind\":\"pong\"}");
        assertThat(analyst.nextFrame())
                .isEqualTo(
                        "{\"kind\":\"error\",\"code\":\"unknown_action\",\"message\":\"action \\\"dance\\\" is not known; known actions: ping, subscribe, unsubscribe\"}");
    }

    @Test
    void refusesTheHandshakeWith403_whenTheClientIsInactiveOrUnknown() {
        LocalApp app = start();

        for (String clientId : List.of("client-002", "client-999")) {
            Throwable refused = catchThrowable(() -> connect(app, clientId));

            assertThat(refused)
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOf(WebSocketHandshakeException.class);
            assertThat(((WebSocketHandshakeException) refused.getCause())
                            .getResponse()
                            .statusCode())
                    .as(clientId)
                    .isEqualTo(403);
        }
    }

    @Test
    void answersABinaryFrameWithAnError_andClosesWith1001_whenTheServerStops() throws Exception {
        LocalApp app = start();
        WsClient analyst = connect(app, "client-001");

        analyst.sendBinary(new byte[] {1, 2, 3});
        JsonNode error = Http.json(analyst.nextFrame());
        app.close();

        assertThat(error.path("kind").asText()).isEqualTo("error");
        assertThat(error.path("code").asText()).isEqualTo("bad_message");
        assertThat(analyst.closed().get(10, java.util.concurrent.TimeUnit.SECONDS))
                .startsWith("1001 ");
    }

    @Test
    void refusesBadInputWithJsonAndStoresNothing_whenProvidersSendIt() {
        LocalApp app = start();

        HttpResponse<String> malformed =
                Http.call("PUT", url(app, "/feeds"), "{\"odds\": [".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> nan = Http.call(
                "PUT",
                url(app, "/feeds"),
                ("{\"odds\":[{\"gameId\":\"" + LAKERS + "\",\"type\":\"spread\",\"home\":3,\"away\":-3,"
                                + "\"homeOdds\":NaN,\"awayOdds\":-110,\"date\":1764617400}]}")
                        .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> tooLarge = Http.call("PUT", url(app, "/feeds"), new byte[MAX_BODY_BYTES + 10]);
        HttpResponse<String> unknown = Http.get(url(app, "/nothing"));
        HttpResponse<String> wrongMethod = Http.call("DELETE", url(app, "/feeds"), null);

        assertError(malformed, 400, "invalid_request");
        assertThat(Http.json(malformed.body())
                        .path("fields")
                        .get(0)
                        .path("field")
                        .asText())
                .isEqualTo("body");
        assertError(nan, 400, "invalid_request");
        assertThat(nan.body())
                .isEqualTo(
                        "{\"error\":\"invalid_request\",\"message\":\"odds[0].homeOdds must be a finite number, was NaN\","
                                + "\"fields\":[{\"field\":\"odds[0].homeOdds\",\"message\":\"odds[0].homeOdds must be a finite number, was NaN\"}]}");
        assertError(tooLarge, 413, "too_large");
        // The declared length alone is over the limit: refused before the body is read, naming the header.
        assertThat(tooLarge.body())
                .contains(
                        "{\"field\":\"Content-Length\",\"message\":\"Content-Length must be at most 65536 bytes, was 65546\"}");
        assertError(unknown, 404, "not_found");
        assertError(wrongMethod, 405, "method_not_allowed");
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET, HEAD, POST, PUT");
        HttpResponse<String> unknownMethod = Http.call("FOO", url(app, "/feeds"), null);
        assertError(unknownMethod, 405, "method_not_allowed");
        assertThat(unknownMethod.headers().firstValue("Allow")).hasValue("GET, HEAD, POST, PUT");
        assertThat(Http.get(url(app, "/feeds?game=" + LAKERS)).body())
                .isEqualTo("{\"gameId\":\"" + LAKERS + "\",\"odds\":[]}");
    }

    @Test
    void answersHeadWithTheHeadersOfGetAndNoBody() {
        LocalApp app = start();

        HttpResponse<String> get = Http.get(url(app, "/clients"));
        HttpResponse<String> head = Http.call("HEAD", url(app, "/clients"), null);

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Type"))
                .isEqualTo(get.headers().firstValue("Content-Type"));
        assertThat(head.headers().firstValue("Content-Length"))
                .hasValue(String.valueOf(get.body().length()));
    }

    static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        // Jetty writes the type as application/json;charset=utf-8 (no space): the same type.
        assertThat(response.headers().firstValue("Content-Type").orElseThrow().replace(" ", ""))
                .isEqualTo("application/json;charset=utf-8");
        assertThat(Http.json(response.body()).path("error").asText()).isEqualTo(code);
    }

    @Test
    void listsTheSeededSamples_whenTheDataDirectoryStartedEmpty() {
        LocalApp app = start();

        JsonNode clients = Http.json(Http.get(url(app, "/clients")).body()).path("clients");
        JsonNode games = Http.json(Http.get(url(app, "/games")).body()).path("games");

        assertThat(clients.findValuesAsText("clientId")).containsExactly("client-001", "client-002", "client-003");
        assertThat(games.findValuesAsText("gameId")).contains(LAKERS, ARSENAL).hasSizeGreaterThan(2);
    }

    @Test
    void stopsPushingToAClosedConnection_whenTheAnalystLeaves() throws Exception {
        LocalApp app = start();
        WsClient leaving = connect(app, "client-001");
        WsClient staying = connect(app, "client-003");

        leaving.close();
        // The server learns of the close asynchronously; an update after that must still reach the other analyst.
        Await.until(
                Duration.ofSeconds(10),
                () -> app.openConnections() == 1,
                () -> app.openConnections() + " connections open");
        putReferenceBatch(app);

        assertThat(Set.of(
                        Http.json(staying.nextFrame()).path("gameId").asText(),
                        Http.json(staying.nextFrame()).path("gameId").asText()))
                .containsExactlyInAnyOrder(LAKERS, ARSENAL);
        assertThat(staying.poll(Duration.ofMillis(100))).isNull();
    }

    @Test
    void listensWithAnAcceptQueueForABurstOfReconnects() throws Exception {
        boolean ssInstalled = new java.io.File("/usr/bin/ss").canExecute() || new java.io.File("/bin/ss").canExecute();
        if (!ssInstalled) {
            assertThat(System.getenv("CI"))
                    .as("ss (Debian's iproute2) must be installed in CI (.ci/run installs it)")
                    .isNull();
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(ssInstalled, "needs ss (iproute2) to read the listening socket");
        LocalApp app = start();

        Process ss = new ProcessBuilder("ss", "-Hltn", "sport = :" + app.port())
                .redirectErrorStream(true)
                .start();
        String listening = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();

        // For a listening socket, ss shows the accept queue's size as its Send-Q: "LISTEN 0 1024 ...".
        assertThat(ss.waitFor()).isZero();
        assertThat(listening.split("\\s+")[2]).isEqualTo(String.valueOf(WebServer.ACCEPT_QUEUE_SIZE));
    }

    static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
        List<T> list = new ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }
}
