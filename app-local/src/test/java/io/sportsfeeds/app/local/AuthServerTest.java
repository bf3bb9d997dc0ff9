package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.sportsfeeds.api.Reference;
import io.sportsfeeds.core.domain.Role;
import io.sportsfeeds.core.fakes.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Authentication as providers, admins and analysts meet it: a real server, real HTTP and WebSocket clients. */
class AuthServerTest extends ServerTestBase {
    static final String PROVIDER_KEY = "provider-key-of-this-test-01";
    static final String ADMIN_KEY = "admin-key-of-this-test-00001";

    LocalApp startWithKeys() {
        return start(AuthSettings.keys(List.of(PROVIDER_KEY), List.of(ADMIN_KEY)));
    }

    static HttpResponse<String> call(String method, URI uri, byte[] body, Map<String, String> headers) {
        return Http.call(method, uri, body, headers);
    }

    static byte[] referenceBatch() {
        return Reference.bytes("provider-odds-batch.json");
    }

    static Map<String, String> key(String key) {
        return Map.of("x-api-key", key);
    }

    static int handshakeStatus(URI uri) {
        Throwable refused = catchThrowable(() -> WsClient.connect(uri).close());
        assertThat(refused)
                .as(uri.toString())
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode();
    }

    @Test
    void takesProvidersOddsOnlyWithAProviderKey_andAnswersEveryRefusalAsJsonNamingTheHeader() {
        LocalApp app = startWithKeys();

        HttpResponse<String> none = call("PUT", url(app, "/feeds"), referenceBatch(), Map.of());
        HttpResponse<String> wrong =
                call("PUT", url(app, "/feeds"), referenceBatch(), key("not-a-key-anyone-was-given"));
        HttpResponse<String> admin = call("POST", url(app, "/feeds"), referenceBatch(), key(ADMIN_KEY));
        String nothingStored = call("GET", url(app, "/feeds?game=" + LAKERS), null, key(PROVIDER_KEY))
                .body();
        HttpResponse<String> provider = call("PUT", url(app, "/feeds"), referenceBatch(), key(PROVIDER_KEY));

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("Content-Type"))
                .hasValue("application/json;charset=utf-8"); // as Jetty writes it
        assertThat(none.headers().firstValue("WWW-Authenticate"))
                .hasValue("ApiKey realm=\"sportsfeeds\", header=\"x-api-key\"");
        assertThat(none.body())
                .isEqualTo(
                        "{\"error\":\"missing_credentials\",\"message\":\"PUT /feeds needs a provider key in the header x-api-key\","
                                + "\"fields\":[{\"field\":\"x-api-key\",\"message\":\"x-api-key is required\"}]}");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(Http.json(wrong.body()).path("error").asText()).isEqualTo("invalid_api_key");
        assertThat(admin.statusCode()).isEqualTo(403);
        assertThat(Http.json(admin.body()).path("error").asText()).isEqualTo("forbidden");
        assertThat(nothingStored).isEqualTo("{\"gameId\":\"" + LAKERS + "\",\"odds\":[]}");
        assertThat(provider.statusCode()).isEqualTo(200);
        assertThat(Http.json(provider.body()).path("accepted").asInt()).isEqualTo(2);
    }

    @Test
    void registersAndListsGamesAndClientsOnlyWithTheAdminKey() {
        LocalApp app = startWithKeys();
        byte[] clients =
                "{\"clients\":[{\"clientId\":\"client-009\",\"name\":\"Desk I\"}]}".getBytes(StandardCharsets.UTF_8);

        assertThat(call("PUT", url(app, "/clients"), clients, key(PROVIDER_KEY)).statusCode())
                .isEqualTo(403);
        assertThat(call("GET", url(app, "/clients"), null, key(PROVIDER_KEY)).statusCode())
                .isEqualTo(403);
        assertThat(call("PUT", url(app, "/games"), Reference.bytes("games.json"), Map.of())
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> registered = call("PUT", url(app, "/clients"), clients, key(ADMIN_KEY));
        assertThat(registered.statusCode()).isEqualTo(200);
        String secret =
                Http.json(registered.body()).path("secrets").path("client-009").asText();
        assertThat(secret).startsWith("sfs_");
        assertThat(call("PUT", url(app, "/games"), Reference.bytes("games.json"), key(ADMIN_KEY))
                        .statusCode())
                .isEqualTo(200);
        assertThat(call("GET", url(app, "/clients"), null, key(ADMIN_KEY)).body())
                .contains("client-009")
                .doesNotContain(secret);
        // The new client's secret works at once, for reads and for the stream.
        assertThat(call("GET", url(app, "/games"), null, Map.of("x-client-id", "client-009", "x-client-secret", secret))
                        .statusCode())
                .isEqualTo(200);
        WsClient analyst = WsClient.connect(app.webSocketUrl("client-009", secret));
        toClose.add(analyst);
    }

    @Test
    void letsAnalystsReadGamesAndHistory_withTheirClientsIdAndSecret_butNothingElse() {
        LocalApp app = startWithKeys();
        call("PUT", url(app, "/feeds"), referenceBatch(), key(PROVIDER_KEY));
        Map<String, String> analyst = Map.of("x-client-id", "client-001", "x-client-secret", secret("client-001"));

        HttpResponse<String> games = call("GET", url(app, "/games"), null, analyst);
        HttpResponse<String> history = call("GET", url(app, "/games/" + LAKERS + "/odds"), null, analyst);
        HttpResponse<String> latest = call("GET", url(app, "/feeds?game=" + LAKERS), null, analyst);
        HttpResponse<String> wrongSecret = call(
                "GET",
                url(app, "/games"),
                null,
                Map.of("x-client-id", "client-001", "x-client-secret", secret("client-003")));
        HttpResponse<String> inactive = call(
                "GET",
                url(app, "/games"),
                null,
                Map.of("x-client-id", "client-002", "x-client-secret", secret("client-002")));
        HttpResponse<String> ingest = call("PUT", url(app, "/feeds"), referenceBatch(), analyst);
        HttpResponse<String> listClients = call("GET", url(app, "/clients"), null, analyst);

        assertThat(List.of(games.statusCode(), history.statusCode(), latest.statusCode()))
                .containsOnly(200);
        assertThat(Http.json(history.body()).path("odds")).hasSize(1);
        assertThat(wrongSecret.statusCode()).isEqualTo(403);
        assertThat(Http.json(wrongSecret.body()).path("error").asText()).isEqualTo("invalid_secret");
        assertThat(inactive.statusCode()).isEqualTo(403);
        assertThat(Http.json(inactive.body()).path("error").asText()).isEqualTo("inactive_client");
        assertThat(ingest.statusCode()).isEqualTo(401);
        assertThat(listClients.statusCode()).isEqualTo(401);
    }

    @Test
    void opensTheStream_onlyForAnActiveClientWithItsSecretInTheQuery() throws Exception {
        LocalApp app = startWithKeys();

        WsClient analyst = connect(app, "client-001");
        call("PUT", url(app, "/feeds"), referenceBatch(), key(PROVIDER_KEY));

        assertThat(Http.json(analyst.nextFrame()).path("kind").asText()).isEqualTo("odds");
        assertThat(handshakeStatus(app.webSocketUrl("client-001")))
                .as("no secret")
                .isEqualTo(401);
        assertThat(handshakeStatus(app.webSocketUrl("client-001", secret("client-003"))))
                .as("another client's secret")
                .isEqualTo(403);
        assertThat(handshakeStatus(app.webSocketUrl("client-002", secret("client-002"))))
                .as("inactive")
                .isEqualTo(403);
        assertThat(handshakeStatus(app.webSocketUrl("client-999", secret("client-001"))))
                .as("unknown")
                .isEqualTo(403);
        String refused = RawRequestsTest.rawHandshake(app, "/ws?client=client-001&secret=" + secret("client-003"));
        assertThat(refused).startsWith("HTTP/1.1 403 ").containsIgnoringCase("Content-Type: application/json");
        assertThat(refused)
                .endsWith("{\"error\":\"invalid_secret\",\"message\":\"the secret of client client-001 is wrong\","
                        + "\"fields\":[{\"field\":\"secret\",\"message\":\"secret is not the client's secret\"}]}");
        assertThat(RawRequestsTest.rawHandshake(app, "/ws?client=client-001"))
                .startsWith("HTTP/1.1 401 ")
                .endsWith(
                        "{\"error\":\"missing_credentials\",\"message\":\"client client-001 needs its secret in the query parameter secret, or as the subprotocol sportsfeeds.secret.<base64url> beside sportsfeeds\","
                                + "\"fields\":[{\"field\":\"secret\",\"message\":\"secret is required\"}]}");
    }

    @Test
    void opensTheStream_withTheSecretOfferedAsASubprotocol_soThatNoUrlHoldsIt() throws Exception {
        LocalApp app = startWithKeys();
        String offered = "sportsfeeds.secret."
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(secret("client-001").getBytes(StandardCharsets.UTF_8));

        try (WsClient analyst = WsClient.connect(app.webSocketUrl("client-001"), "sportsfeeds", offered)) {
            call("PUT", url(app, "/feeds"), referenceBatch(), key(PROVIDER_KEY));

            assertThat(analyst.subprotocol()).isEqualTo("sportsfeeds");
            assertThat(Http.json(analyst.nextFrame()).path("kind").asText()).isEqualTo("odds");
        }
        Throwable wrong = catchThrowable(() -> WsClient.connect(app.webSocketUrl("client-003"), "sportsfeeds", offered)
                .close());
        assertThat(wrong).cause().isInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) wrong.getCause())
                        .getResponse()
                        .statusCode())
                .as("another client's secret")
                .isEqualTo(403);
    }

    @Test
    void closesTheOpenConnectionsOfAClientWhenAnAdminDeactivatesIt_andKeepsTheOthers() throws Exception {
        LocalApp app = startWithKeys();
        WsClient deactivated = connect(app, "client-001");
        WsClient other = connect(app, "client-003");

        HttpResponse<String> put = putClients(app, "{\"clientId\":\"client-001\",\"active\":false}");

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(closeOf(deactivated)).isEqualTo("1008 the client was deactivated; ask an admin to activate it");
        // The client sees the close frame before the server has finished forgetting the socket.
        Await.until(
                Duration.ofSeconds(5),
                () -> app.openConnections() == 1,
                () -> app.openConnections() + " connections open");
        assertAnswersPings(other);
    }

    @Test
    void closesTheConnectionsOpenedWithAClientsOldSecret_whenAnAdminGivesItANewOne() throws Exception {
        LocalApp app = startWithKeys();
        WsClient withOldSecret = connect(app, "client-001");
        WsClient other = connect(app, "client-003");
        String newSecret = "a-new-secret-for-desk-a-01";

        HttpResponse<String> put = putClients(app, "{\"clientId\":\"client-001\",\"secret\":\"" + newSecret + "\"}");

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(closeOf(withOldSecret)).isEqualTo("1008 the client was given a new secret; reconnect with it");
        try (WsClient withNewSecret = WsClient.connect(app.webSocketUrl("client-001", newSecret))) {
            assertAnswersPings(withNewSecret);
        }
        assertAnswersPings(other);
    }

    private static HttpResponse<String> putClients(LocalApp app, String client) {
        return call(
                "PUT",
                url(app, "/clients"),
                ("{\"clients\":[" + client + "]}").getBytes(StandardCharsets.UTF_8),
                key(ADMIN_KEY));
    }

    /** How the server closed the connection, within a few of its revocation checks. */
    private static String closeOf(WsClient analyst) throws Exception {
        return analyst.closed().get(Timers.REVOCATION_SWEEP.multipliedBy(3).toSeconds(), TimeUnit.SECONDS);
    }

    private static void assertAnswersPings(WsClient analyst) throws InterruptedException {
        analyst.send("{\"action\":\"ping\"}");
        assertThat(analyst.nextFrame()).isEqualTo("{\"kind\":\"pong\"}");
    }

    @Test
    void makesKeysOnTheFirstStartOnly_keepsThemAcrossRestarts_andStoresNeitherKeysNorSecretsInClear()
            throws IOException {
        LocalApp first = start(AuthSettings.madeKeys());
        MadeCredentials made = first.made();
        String provider = made.keys().get(Role.PROVIDER);
        String admin = made.keys().get(Role.ADMIN);

        assertThat(provider).matches("sfk_[A-Za-z0-9_-]{43}");
        assertThat(admin).matches("sfa_[A-Za-z0-9_-]{43}");
        assertThat(made.secrets())
                .extracting(MadeCredentials.Secret::clientId)
                .containsExactly("client-001", "client-002", "client-003");
        assertThat(made.toString()).doesNotContain(provider, admin, secret("client-001"));
        assertThat(call("PUT", url(first, "/feeds"), referenceBatch(), key(provider))
                        .statusCode())
                .isEqualTo(200);
        assertThat(call("GET", url(first, "/clients"), null, key(admin)).statusCode())
                .isEqualTo(200);
        first.close();

        LocalApp again = start(AuthSettings.madeKeys());

        assertThat(again.made().isEmpty()).isTrue();
        assertThat(call("GET", url(again, "/clients"), null, key(admin)).statusCode())
                .isEqualTo(200);
        connect(again, "client-001");
        again.close(); // first: RocksDB may delete an obsolete file while the scan below walks them
        List<String> clear = new ArrayList<>(List.of(provider, admin));
        clear.addAll(secrets.values());
        assertThat(filesHolding(dataDir, clear))
                .as("files of the data directory holding a key or secret in clear")
                .isEmpty();
        assertThat(Files.readString(dataDir.resolve(LocalKeys.FILE_NAME)))
                .containsPattern("provider.sha256=[0-9a-f]{64}\n");

        LocalApp configured = start(AuthSettings.keys(List.of(PROVIDER_KEY), List.of()));
        assertThat(configured.made().isEmpty()).isTrue();
        assertThat(call("PUT", url(configured, "/feeds"), referenceBatch(), key(provider))
                        .statusCode())
                .as("replaced by --api-key")
                .isEqualTo(403);
        assertThat(call("PUT", url(configured, "/feeds"), referenceBatch(), key(PROVIDER_KEY))
                        .statusCode())
                .isEqualTo(200);
        assertThat(call("GET", url(configured, "/clients"), null, key(admin)).statusCode())
                .as("no --admin-key: the made one")
                .isEqualTo(200);
    }

    @Test
    void servesTheOriginalSamplesUnchangedScripts_whenAuthenticationIsOff() throws Exception {
        LocalApp app = start(AuthSettings.off());

        WsClient analyst = WsClient.connect(app.webSocketUrl("client-001")); // the sample's bare wscat URL
        toClose.add(analyst);
        HttpResponse<String> put = call("PUT", url(app, "/feeds"), referenceBatch(), Map.of());

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(Http.json(analyst.nextFrame()).path("gameId").asText()).isIn(LAKERS, ARSENAL);
        assertThat(call("PUT", url(app, "/clients"), Reference.bytes("clients.json"), Map.of())
                        .statusCode())
                .isEqualTo(200);
        assertThat(handshakeStatus(app.webSocketUrl("client-002")))
                .as("inactive clients are still refused")
                .isEqualTo(403);
        assertThat(app.made().keys())
                .as("no keys are made without authentication")
                .isEmpty();
        assertThat(dataDir.resolve(LocalKeys.FILE_NAME)).doesNotExist();
    }

    /** The files under {@code dir} whose bytes contain any of {@code texts}. */
    static List<Path> filesHolding(Path dir, List<String> texts) throws IOException {
        List<Path> holding = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                if (texts.stream().anyMatch(content::contains)) {
                    holding.add(file);
                }
            }
        }
        return holding;
    }

    static JsonNode json(HttpResponse<String> response) {
        return Http.json(response.body());
    }
}
