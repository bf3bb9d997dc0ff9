package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import io.sportsfeeds.api.Reference;
import io.sportsfeeds.api.http.RestOperations;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.yaml against the real server: every documented operation is called, and every
 * answer's status must be documented for it, its content type must be the documented one, and its
 * body must validate against the documented schema (networknt's validator, OpenAPI 3.1 dialect).
 * The requests' bodies are validated against the documented request schemas too, and every
 * documented status (but 409, 500 and 503, which need races or failures) must have been seen.
 */
class OpenApiTest extends ServerTestBase {
    static final Path DOCUMENT =
            Path.of("..", "docs", "openapi.yaml").toAbsolutePath().normalize();
    static final String PROVIDER_KEY = "provider-key-of-openapi-01";
    static final String ADMIN_KEY = "admin-key-of-openapi-000001";
    /**
     * Statuses that only a failing store, a bug or requests racing each other produce ({@code
     * ClientConflictTest} in the api module provokes the 409).
     */
    static final Set<String> NOT_PROVOKED = Set.of("409", "500", "503");

    static JsonNode document;
    static JsonSchemaFactory schemas;
    final Map<String, JsonSchema> loaded = new HashMap<>();
    final Set<String> seen = new TreeSet<>();

    @BeforeAll
    static void readTheDocument() throws IOException {
        document = new YAMLMapper().readTree(DOCUMENT.toFile());
        schemas = JsonSchemaFactory.getInstance(
                SpecVersion.VersionFlag.V202012,
                builder -> builder.metaSchema(OpenApi31.getInstance())
                        .defaultMetaSchemaIri(OpenApi31.getInstance().getIri()));
    }

    /** A JSON pointer token: '~' and '/' escaped. */
    static String token(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    /** The node at {@code pointer} and where it is, after following OpenAPI's {@code $ref}s to components. */
    record Resolved(String pointer, JsonNode node) {}

    static Resolved resolve(String pointer) {
        JsonNode node = document.at(pointer);
        while (node.has("$ref") && node.get("$ref").asText().startsWith("#/")) {
            pointer = node.get("$ref").asText().substring(1);
            node = document.at(pointer);
        }
        return new Resolved(pointer, node);
    }

    void assertValid(String pointer, String json, String what) {
        JsonSchema schema = loaded.computeIfAbsent(
                pointer,
                p -> schemas.getSchema(
                        SchemaLocation.of(DOCUMENT.toUri() + "#" + p),
                        SchemaValidatorsConfig.builder().build()));
        Set<ValidationMessage> problems = schema.validate(json, InputFormat.JSON);
        assertThat(problems).as(what + " against #" + pointer + ":\n" + json).isEmpty();
    }

    /** Checks one real exchange against the document. */
    void assertDocumented(String path, String method, int status, String contentType, String body, byte[] requestBody) {
        String what = method + " " + path + " answered " + status;
        String operation = "/paths/" + token(path) + "/" + method.toLowerCase(Locale.ROOT);
        assertThat(document.at(operation).isObject())
                .as(method + " " + path + " is documented")
                .isTrue();
        seen.add(path + " " + method + " " + status);
        Resolved response = resolve(operation + "/responses/" + status);
        assertThat(response.node().isObject())
                .as(what + ", which is not documented; the body: " + body)
                .isTrue();
        JsonNode content = response.node().path("content");
        if (content.isEmpty()) {
            assertThat(body).as(what + " with a body, where none is documented").isEmpty();
        } else {
            String mediaType = content.fieldNames().next();
            assertThat(contentType.replace(" ", ""))
                    .as(what + ": its content type")
                    .startsWith(mediaType);
            if (mediaType.equals("application/json")) {
                assertValid(response.pointer() + "/content/" + token(mediaType) + "/schema", body, what);
            }
        }
        if (requestBody != null && requestBody.length > 0 && status == 200) {
            Resolved request = resolve(operation + "/requestBody");
            assertValid(
                    request.pointer() + "/content/application~1json/schema",
                    new String(requestBody, StandardCharsets.UTF_8),
                    "the request of " + what);
        }
    }

    HttpResponse<String> call(
            LocalApp app,
            String method,
            String path,
            String pathAndQuery,
            Map<String, String> headers,
            byte[] body,
            int expected) {
        HttpResponse<String> response = Http.call(method, url(app, pathAndQuery), body, headers);
        assertThat(response.statusCode())
                .as(method + " " + pathAndQuery + ": " + response.body())
                .isEqualTo(expected);
        assertDocumented(
                path,
                method,
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                response.body(),
                body);
        return response;
    }

    /** A WebSocket upgrade by hand, so that a refusal's body can be read; checked against {@code GET /ws}. */
    void upgrade(LocalApp app, String query, String version, int expected) throws IOException {
        String request =
                "GET /ws" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: " + version + "\r\n"
                        + (expected == 101 ? "" : "Connection: close\r\n") + "\r\n";
        String raw = expected == 101
                ? RawRequestsTest.exchange(app, request, socket -> RawRequestsTest.readHeaders(socket.getInputStream()))
                : RawRequestsTest.rawRequest(app, request);
        String[] headAndBody = raw.split("\r\n\r\n", 2);
        String[] lines = headAndBody[0].split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        String contentType = "";
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                contentType = line.substring("content-type:".length()).strip();
            }
        }
        assertThat(status).as("GET /ws" + query + ": " + raw).isEqualTo(expected);
        assertDocumented("/ws", "GET", status, contentType, headAndBody.length > 1 ? headAndBody[1] : "", null);
    }

    static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void answersEveryOperationAsDocumented() throws IOException {
        LocalApp app = start(AuthSettings.keys(List.of(PROVIDER_KEY), List.of(ADMIN_KEY)));
        Map<String, String> provider = Map.of("x-api-key", PROVIDER_KEY);
        Map<String, String> admin = Map.of("x-api-key", ADMIN_KEY);
        Map<String, String> client = Map.of("x-client-id", "client-001", "x-client-secret", secret("client-001"));
        Map<String, String> wrongKey = Map.of("x-api-key", "nobody-was-given-this-key");
        Map<String, String> none = Map.of();
        byte[] batch = Reference.bytes("provider-odds-batch.json");
        byte[] nan = bytes(
                "{\"odds\":[{\"gameId\":\"" + LAKERS + "\",\"type\":\"spread\",\"home\":3,\"away\":-3,\"homeOdds\":NaN,"
                        + "\"awayOdds\":-110,\"date\":1764617400}]}");
        byte[] tooLarge = new byte[MAX_BODY_BYTES + 10];

        for (String method : List.of("PUT", "POST")) {
            call(app, method, "/feeds", "/feeds", provider, batch, 200);
            call(app, method, "/feeds", "/feeds", provider, nan, 400);
            call(app, method, "/feeds", "/feeds", none, batch, 401);
            call(app, method, "/feeds", "/feeds", admin, batch, 403);
            call(app, method, "/feeds", "/feeds", wrongKey, batch, 403);
            call(app, method, "/feeds", "/feeds", provider, tooLarge, 413);
        }

        call(app, "GET", "/feeds", "/feeds?game=" + LAKERS, client, null, 200);
        call(app, "GET", "/feeds", "/feeds?game=" + LAKERS + "&market=spread", provider, null, 200);
        call(app, "GET", "/feeds", "/feeds", provider, null, 400);
        call(app, "GET", "/feeds", "/feeds?game=" + LAKERS, none, null, 401);
        call(
                app,
                "GET",
                "/feeds",
                "/feeds?game=" + LAKERS,
                Map.of("x-client-id", "client-001", "x-client-secret", secret("client-003")),
                null,
                403);

        call(
                app,
                "GET",
                "/games/{id}/odds",
                "/games/" + LAKERS + "/odds?market=spread&from=1764617400&limit=10",
                admin,
                null,
                200);
        call(app, "GET", "/games/{id}/odds", "/games/" + LAKERS + "/odds?limit=0", client, null, 400);
        String fullPage = call(
                        app,
                        "GET",
                        "/games/{id}/odds",
                        "/games/" + LAKERS + "/odds?limit=1&afterSeq=0",
                        client,
                        null,
                        200)
                .body();
        assertThat(fullPage).endsWith(",\"next\":{\"afterSeq\":1}}");
        call(app, "GET", "/games/{id}/odds", "/games/" + LAKERS + "/odds?afterSeq=-1", client, null, 400);
        call(
                app,
                "GET",
                "/games/{id}/odds",
                "/games/" + LAKERS + "/odds",
                Map.of("x-client-id", "client-001"),
                null,
                401);
        call(
                app,
                "GET",
                "/games/{id}/odds",
                "/games/" + LAKERS + "/odds",
                Map.of("x-client-id", "client-002", "x-client-secret", secret("client-002")),
                null,
                403);

        call(app, "GET", "/games", "/games", client, null, 200);
        call(app, "GET", "/games", "/games?date=2025-12-01", provider, null, 200);
        call(app, "GET", "/games", "/games?date=December", provider, null, 400);
        call(app, "GET", "/games", "/games", none, null, 401);
        call(
                app,
                "GET",
                "/games",
                "/games",
                Map.of("x-client-id", "client-999", "x-client-secret", "no-client-has-this-secret"),
                null,
                403);

        call(app, "PUT", "/games", "/games", admin, Reference.bytes("games.json"), 200);
        call(app, "PUT", "/games", "/games", admin, bytes("{\"games\":[{\"gameId\":\"game-1\"}]}"), 400);
        call(app, "PUT", "/games", "/games", none, Reference.bytes("games.json"), 401);
        call(app, "PUT", "/games", "/games", provider, Reference.bytes("games.json"), 403);
        call(app, "PUT", "/games", "/games", admin, tooLarge, 413);

        call(app, "GET", "/clients", "/clients", admin, null, 200);
        call(app, "GET", "/clients", "/clients?active=true", admin, null, 400);
        call(app, "GET", "/clients", "/clients", none, null, 401);
        call(app, "GET", "/clients", "/clients", provider, null, 403);

        HttpResponse<String> newClient = call(
                app,
                "PUT",
                "/clients",
                "/clients",
                admin,
                bytes("{\"clients\":[{\"clientId\":\"client-010\",\"name\":\"Desk J\"}]}"),
                200);
        assertThat(Http.json(newClient.body()).path("secrets").has("client-010"))
                .isTrue();
        call(
                app,
                "PUT",
                "/clients",
                "/clients",
                admin,
                bytes("{\"clients\":[{\"clientId\":\"client-011\",\"secret\":\"chosen-by-an-admin-0001\"}]}"),
                200);
        call(
                app,
                "PUT",
                "/clients",
                "/clients",
                admin,
                bytes("{\"clients\":[{\"clientId\":\"client-012\",\"secret\":\"short\"}]}"),
                400);
        call(app, "PUT", "/clients", "/clients", none, Reference.bytes("clients.json"), 401);
        call(app, "PUT", "/clients", "/clients", provider, Reference.bytes("clients.json"), 403);
        call(app, "PUT", "/clients", "/clients", admin, tooLarge, 413);

        upgrade(app, "?client=client-001&secret=" + secret("client-001"), "13", 101);
        upgrade(app, "?secret=" + secret("client-001"), "13", 400);
        upgrade(app, "?client=client-001", "13", 401);
        upgrade(app, "?client=client-001&secret=" + secret("client-003"), "13", 403);
        upgrade(app, "?client=client-001&secret=" + secret("client-001"), "8", 426);

        call(app, "GET", "/metrics", ServerMetrics.PATH, none, null, 200);

        Set<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths =
                        document.path("paths").fields();
                paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue()
                    .fields()
                    .forEachRemaining(operation -> operation
                            .getValue()
                            .path("responses")
                            .fieldNames()
                            .forEachRemaining(status -> {
                                if (!NOT_PROVOKED.contains(status)) {
                                    documented.add(path.getKey() + " "
                                            + operation.getKey().toUpperCase(Locale.ROOT) + " " + status);
                                }
                            }));
        }
        assertThat(seen).as("every documented answer was seen").containsAll(documented);
    }

    /**
     * A 409 needs requests racing on one client (RegisterClientsConcurrencyTest, ClientConflictTest):
     * its documented shape is checked here against a body of that shape, with and without secrets.
     */
    @Test
    void documentsTheConflictOfPutClients_withTheSecretsMadeForTheClientsStored() {
        String pointer = "/paths/~1clients/put/responses/409/content/application~1json/schema";
        String fields = "\"fields\":[{\"field\":\"clients[1]\",\"message\":\"clients[1] was changed\"}]";
        assertValid(
                pointer,
                "{\"error\":\"conflict\",\"message\":\"clients[1] not stored\"," + fields
                        + ",\"secrets\":{\"client-001\":\"sfs_" + "a".repeat(32) + "\"}}",
                "a 409 with secrets");
        assertValid(pointer, "{\"error\":\"conflict\",\"message\":\"clients[1] not stored\"," + fields + "}", "a 409");
        JsonSchema schema = loaded.get(pointer);
        assertThat(schema.validate("{\"error\":\"conflict\",\"message\":\"m\"}", InputFormat.JSON))
                .as("a 409 names the clients not stored")
                .isNotEmpty();
    }

    @Test
    void documentsExactlyTheQueryParametersEachOperationReads() {
        for (RestOperations.Operation operation : RestOperations.ALL) {
            List<String> documented = new ArrayList<>();
            document.at("/paths/" + token(operation.path()) + "/"
                            + operation.method().toLowerCase(Locale.ROOT) + "/parameters")
                    .forEach(parameter -> {
                        if (parameter.path("in").asText().equals("query")) {
                            documented.add(parameter.path("name").asText());
                        }
                    });
            // Any other is refused: a parameter documented but not read would be refused as well.
            assertThat(documented).as(operation.key()).containsExactlyInAnyOrderElementsOf(operation.queryParams());
        }
    }

    @Test
    void documentsEveryMethodThePathsAnswer() {
        LocalApp app = start(AuthSettings.keys(List.of(PROVIDER_KEY), List.of(ADMIN_KEY)));
        Map<String, String> examples = new LinkedHashMap<>();
        examples.put("/feeds", "/feeds");
        examples.put("/games/{id}/odds", "/games/" + LAKERS + "/odds");
        examples.put("/games", "/games");
        examples.put("/clients", "/clients");

        for (Map.Entry<String, String> path : examples.entrySet()) {
            for (String method : List.of("GET", "PUT", "POST", "DELETE", "PATCH")) {
                boolean documented = document.at(
                                "/paths/" + token(path.getKey()) + "/" + method.toLowerCase(Locale.ROOT))
                        .isObject();
                int status = Http.call(method, url(app, path.getValue()), bytes("{}"), Map.of("x-api-key", ADMIN_KEY))
                        .statusCode();
                assertThat(status != 405)
                        .as(method + " " + path.getKey() + " answered " + status + "; documented: " + documented)
                        .isEqualTo(documented);
            }
        }
    }
}
