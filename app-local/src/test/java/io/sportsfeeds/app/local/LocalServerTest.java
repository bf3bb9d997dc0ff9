package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.sportsfeeds.api.Reference;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server as analysts and providers use it: real HTTP and WebSocket clients on a free port. */
class LocalServerTest {
  static final String LAKERS = "game-7F3A1C52-0B6E-4D7A-9C1E-2B8D5E6F4A10";
  static final String ARSENAL = "game-1D9E4B77-5A2C-4F0B-8E36-7C4A9B2D1E05";
  static final int MAX_BODY_BYTES = 64 * 1024;

  @TempDir Path dataDir;
  final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void stopEverything() throws Exception {
    for (AutoCloseable closeable : toClose.reversed()) {
      closeable.close();
    }
  }

  LocalApp start() {
    LocalApp app =
        LocalApp.start(new ServerSettings("127.0.0.1", 0, dataDir, false, MAX_BODY_BYTES, 1_000), Clock.systemUTC());
    toClose.add(app);
    return app;
  }

  WsClient connect(LocalApp app, String clientId) {
    WsClient client = WsClient.connect(app.webSocketUrl(clientId));
    toClose.add(client);
    return client;
  }

  static URI url(LocalApp app, String pathAndQuery) {
    return URI.create(app.httpUrl() + pathAndQuery);
  }

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
    JsonNode sent = Http.json(new String(Reference.bytes("provider-odds-batch.json"), StandardCharsets.UTF_8)).path("odds");
    for (int i = 0; i < 2; i++) {
      JsonNode frame = Http.json(analyst.nextFrame());
      JsonNode update = sent.get(i);
      assertThat(iterable(frame.fieldNames()))
          .containsExactly(
              "kind", "seq", "gameId", "market", "home", "away", "homeOdds", "awayOdds", "date", "isOpen", "storedAt",
              "summary", "gameDate");
      assertThat(frame.path("kind").asText()).isEqualTo("odds");
      assertThat(frame.path("seq").asLong()).isEqualTo(1);
      assertThat(frame.path("market")).isEqualTo(update.path("type"));
      for (String field : List.of("gameId", "home", "away", "homeOdds", "awayOdds", "date", "isOpen", "summary", "gameDate")) {
        assertThat(frame.path(field)).as(field).isEqualTo(update.path(field));
      }
      assertThat(frame.path("storedAt").asLong()).isPositive();
    }

    app.close();
    LocalApp restarted = start();

    assertThat(restarted.seeded()).isFalse();
    JsonNode latest = Http.json(Http.get(url(restarted, "/feeds?game=" + LAKERS)).body());
    assertThat(latest.path("gameId").asText()).isEqualTo(LAKERS);
    assertThat(latest.path("odds")).hasSize(1);
    assertThat(latest.path("odds").get(0).path("homeOdds").asInt()).isEqualTo(-110);
    JsonNode history = Http.json(Http.get(url(restarted, "/games/" + ARSENAL + "/odds")).body());
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
            "{\"kind\":\"error\",\"code\":\"unknown_action\",\"message\":\"action \\\"dance\\\" is not known; known actions: ping\"}");
  }

  @Test
  void refusesTheHandshakeWith403_whenTheClientIsInactiveOrUnknown() {
    LocalApp app = start();

    for (String clientId : List.of("client-002", "client-999")) {
      Throwable refused = catchThrowable(() -> connect(app, clientId));

      assertThat(refused).isInstanceOf(CompletionException.class).cause().isInstanceOf(WebSocketHandshakeException.class);
      assertThat(((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode()).as(clientId).isEqualTo(403);
    }
  }

  @Test
  void answersTheRefusalAsJson_whenTheHandshakeIsRefused() throws Exception {
    LocalApp app = start();

    String inactive = rawHandshake(app, "/ws?client=client-002");
    String missing = rawHandshake(app, "/ws");

    assertThat(inactive).startsWith("HTTP/1.1 403 ");
    assertThat(inactive).containsIgnoringCase("Content-Type: application/json");
    assertThat(inactive).endsWith("{\"error\":\"inactive_client\",\"message\":\"client client-002 is not active\"}");
    assertThat(missing).startsWith("HTTP/1.1 400 ");
    assertThat(missing).contains("{\"error\":\"missing_client\"");
  }

  @Test
  void answersJettysOwnErrorsAsJson_whenARequestNeverReachesTheApi() throws Exception {
    LocalApp app = start();

    String unknownWebSocket = rawHandshake(app, "/other");
    String badUri = rawRequest(app, "GET /games/%zz/odds HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

    assertThat(unknownWebSocket).startsWith("HTTP/1.1 404 ");
    assertThat(unknownWebSocket).endsWith("{\"error\":\"not_found\",\"message\":\"WebSocket handler not found\"}");
    assertThat(badUri).startsWith("HTTP/1.1 400 ");
    assertThat(badUri).contains("{\"error\":\"invalid_request\"");
  }

  @Test
  void declinesCompression_whenABrowserOffersIt() throws Exception {
    LocalApp app = start();

    String headers;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", app.port()), 5_000);
      socket.setSoTimeout(5_000);
      socket
          .getOutputStream()
          .write(
              ("GET /ws?client=client-001 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                      + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      headers = readHeaders(socket.getInputStream());
    }

    assertThat(headers).startsWith("HTTP/1.1 101 ");
    assertThat(headers.toLowerCase(java.util.Locale.ROOT)).doesNotContain("sec-websocket-extensions");
  }

  @Test
  void refusesAMalformedUpgradeWithJson_beforeRegisteringAnything() throws Exception {
    LocalApp app = start();

    String noKey =
        rawRequest(
            app,
            "GET /ws?client=client-001 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\nConnection: close\r\n\r\n");
    String oldVersion =
        rawRequest(
            app,
            "GET /ws?client=client-001 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\nConnection: close\r\n\r\n");

    assertThat(noKey).startsWith("HTTP/1.1 400 ");
    assertThat(noKey).contains("{\"field\":\"Sec-WebSocket-Key\",\"message\":\"Sec-WebSocket-Key is required\"}");
    assertThat(oldVersion).startsWith("HTTP/1.1 426 ");
    assertThat(oldVersion).containsIgnoringCase("Sec-WebSocket-Version: 13");
    assertThat(oldVersion).contains("\"field\":\"Sec-WebSocket-Version\"");
  }

  @Test
  void namesTheParameter_whenAQueryValueIsNotValidPercentEncoding() throws Exception {
    LocalApp app = start();

    // By hand: java.net.URI refuses to make such a request.
    String response =
        rawRequest(app, "GET /games/" + LAKERS + "/odds?limit=1%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 400 ");
    assertThat(response).contains("{\"field\":\"limit\",\"message\":\"limit must be valid percent-encoding, was \\\"1%zz\\\"\"}");
  }

  @Test
  void answers400_whenTheBodyEndsBeforeItsDeclaredLength() throws Exception {
    LocalApp app = start();

    String response;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", app.port()), 5_000);
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("PUT /feeds HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"odds\":")
                  .getBytes(StandardCharsets.US_ASCII));
      socket.shutdownOutput();
      response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    assertThat(response).startsWith("HTTP/1.1 400 ");
    assertThat(response).contains("{\"field\":\"body\",\"message\":\"body ended before its declared length\"}");
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
    assertThat(analyst.closed().get(10, java.util.concurrent.TimeUnit.SECONDS)).startsWith("1001 ");
  }

  /** The status line and headers of a response whose connection stays open (an accepted upgrade). */
  static String readHeaders(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (head.indexOf("\r\n\r\n") < 0) {
      int next = in.read();
      if (next < 0) {
        break;
      }
      head.append((char) next);
    }
    return head.toString().strip();
  }

  /** A WebSocket upgrade request by hand: the JDK client hides the body of a refused handshake. */
  static String rawHandshake(LocalApp app, String path) throws Exception {
    return rawRequest(
        app,
        "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            + "Connection: close\r\n\r\n");
  }

  static String rawRequest(LocalApp app, String request) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", app.port()), 5_000);
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return response.strip();
    }
  }

  @Test
  void refusesBadInputWithJsonAndStoresNothing_whenProvidersSendIt() {
    LocalApp app = start();

    HttpResponse<String> malformed = Http.call("PUT", url(app, "/feeds"), "{\"odds\": [".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> nan =
        Http.call(
            "PUT",
            url(app, "/feeds"),
            ("{\"odds\":[{\"gameId\":\"" + LAKERS + "\",\"type\":\"spread\",\"home\":3,\"away\":-3,"
                    + "\"homeOdds\":NaN,\"awayOdds\":-110,\"date\":1764617400}]}")
                .getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> tooLarge = Http.call("PUT", url(app, "/feeds"), new byte[MAX_BODY_BYTES + 10]);
    HttpResponse<String> unknown = Http.get(url(app, "/nothing"));
    HttpResponse<String> wrongMethod = Http.call("DELETE", url(app, "/feeds"), null);

    assertError(malformed, 400, "invalid_request");
    assertThat(Http.json(malformed.body()).path("fields").get(0).path("field").asText()).isEqualTo("body");
    assertError(nan, 400, "invalid_request");
    assertThat(nan.body())
        .isEqualTo(
            "{\"error\":\"invalid_request\",\"message\":\"odds[0].homeOdds must be a finite number, was NaN\","
                + "\"fields\":[{\"field\":\"odds[0].homeOdds\",\"message\":\"odds[0].homeOdds must be a finite number, was NaN\"}]}");
    assertError(tooLarge, 413, "too_large");
    assertThat(tooLarge.body()).contains("{\"field\":\"body\",\"message\":\"body must be at most 65536 bytes, was 65546\"}");
    assertError(unknown, 404, "not_found");
    assertError(wrongMethod, 405, "method_not_allowed");
    assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET, HEAD, POST, PUT");
    HttpResponse<String> unknownMethod = Http.call("FOO", url(app, "/feeds"), null);
    assertError(unknownMethod, 405, "method_not_allowed");
    assertThat(unknownMethod.headers().firstValue("Allow")).hasValue("GET, HEAD, POST, PUT");
    assertThat(Http.get(url(app, "/feeds?game=" + LAKERS)).body()).isEqualTo("{\"gameId\":\"" + LAKERS + "\",\"odds\":[]}");
  }

  @Test
  void answersHeadWithTheHeadersOfGetAndNoBody() {
    LocalApp app = start();

    HttpResponse<String> get = Http.get(url(app, "/clients"));
    HttpResponse<String> head = Http.call("HEAD", url(app, "/clients"), null);

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Type")).isEqualTo(get.headers().firstValue("Content-Type"));
    assertThat(head.headers().firstValue("Content-Length")).hasValue(String.valueOf(get.body().length()));
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
    Thread.sleep(200);
    putReferenceBatch(app);

    assertThat(Set.of(Http.json(staying.nextFrame()).path("gameId").asText(), Http.json(staying.nextFrame()).path("gameId").asText()))
        .containsExactlyInAnyOrder(LAKERS, ARSENAL);
    assertThat(staying.poll(Duration.ofMillis(100))).isNull();
  }

  static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
    List<T> list = new ArrayList<>();
    iterator.forEachRemaining(list::add);
    return list;
  }
}
