package io.sportsfeeds.app.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.sportsfeeds.adapters.aws.DynaliteExtension;
import io.sportsfeeds.core.fakes.Receivers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The WebSocket function as Lambda runs it (its wiring from the function's environment, the
 * connection store on dynalite, replies posted through the real Management API gateway to a
 * recording server), fed API Gateway's WebSocket events in AWS's documented sample shape.
 */
class WebSocketHandlerOnDynamoDbTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private static final String LAKERS = "game-7F3A1C52-0B6E-4D7A-9C1E-2B8D5E6F4A10";
    private static final String CONNECTION = "CIrNfd7sLPECJbA=";

    private final LambdaEnvironment lambda = new LambdaEnvironment(dynalite);
    private final WebSocketHandler handler = lambda.webSocket();
    private String secret;

    @BeforeEach
    void registerTheClient() {
        APIGatewayProxyRequestEvent event =
                Events.read("aws/apigateway-proxy-event.json", APIGatewayProxyRequestEvent.class);
        event.setResource("/clients");
        event.setPath("/clients");
        event.setHttpMethod("PUT");
        event.setHeaders(new HashMap<>(Map.of("x-api-key", LambdaEnvironment.ADMIN_KEY)));
        event.setMultiValueHeaders(null);
        event.setBody("{\"clients\":[{\"clientId\":\"client-001\",\"name\":\"Trading desk A\",\"active\":true}]}");
        secret = LambdaEnvironment.parse(lambda.rest()
                        .handleRequest(event, FakeContext.of("rest"))
                        .getBody())
                .path("secrets")
                .path("client-001")
                .asText();
        lambda.managementApi.open(CONNECTION);
    }

    @AfterEach
    void close() {
        lambda.close();
    }

    @Test
    void storesTheConnectionInTheTable_whenTheClientsSecretIsRight() {
        APIGatewayV2WebSocketResponse response = handler.handleRequest(connect(secret), context("connect"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(lambda.stores.connectionStore().find(CONNECTION))
                .hasValueSatisfying(
                        connection -> assertThat(connection.clientId()).isEqualTo("client-001"));
        assertThat(Receivers.ids(lambda.stores.connectionStore().receiversOf(LAKERS, Instant.now())))
                .containsExactly(CONNECTION);
        assertThat(lambda.sum(WebSocketHandler.FUNCTION, "Connections")).isEqualTo(1);
    }

    @Test
    void acceptsTheSecretOfferedAsASubprotocol_andAnswersTheSubprotocolHeader() {
        APIGatewayV2WebSocketEvent event = connect(secret);
        String offered = "sportsfeeds, sportsfeeds.secret."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
        // Not in the query: API Gateway passes the header in both maps, under the name the client sent.
        event.setQueryStringParameters(Map.of("client", "client-001"));
        event.setMultiValueQueryStringParameters(Map.of("client", List.of("client-001")));
        event.getHeaders().put("sec-websocket-protocol", offered);
        event.getMultiValueHeaders().put("sec-websocket-protocol", List.of(offered));

        APIGatewayV2WebSocketResponse response = handler.handleRequest(event, context("connect"));

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        assertThat(response.getHeaders()).containsExactlyEntriesOf(Map.of("Sec-WebSocket-Protocol", "sportsfeeds"));
        assertThat(lambda.stores.connectionStore().find(CONNECTION)).isPresent();
        assertThat(lambda.lines()).noneMatch(line -> line.contains(secret));
    }

    @Test
    void refusesAWrongSecret_with403AndAJsonBody_andLogsWithoutTheSecret() {
        APIGatewayV2WebSocketResponse response =
                handler.handleRequest(connect("SECRET-IN-THE-SAMPLE-EVENT"), context("connect"));

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(LambdaEnvironment.parse(response.getBody()).path("error").asText())
                .isEqualTo("invalid_secret");
        assertThat(lambda.stores.connectionStore().find(CONNECTION)).isEmpty();
        assertThat(lambda.logs())
                .filteredOn(line -> line.path("message").asText().equals("connection refused"))
                .singleElement()
                .satisfies(line -> {
                    assertThat(line.path("connectionId").asText()).isEqualTo(CONNECTION);
                    assertThat(line.path("requestId").asText()).isEqualTo("request-connect");
                    assertThat(line.path("clientId").asText()).isEqualTo("client-001");
                    assertThat(line.path("status").asInt()).isEqualTo(403);
                });
        assertThat(lambda.lines()).noneMatch(line -> line.contains("SECRET-IN-THE-SAMPLE-EVENT"));
        assertThat(lambda.sum(WebSocketHandler.FUNCTION, "RefusedConnections")).isEqualTo(1);
    }

    @Test
    void postsTheSnapshotAndTheAcknowledgement_ofASubscribe_andSavesTheSubscription() {
        handler.handleRequest(connect(secret), context("connect"));

        APIGatewayV2WebSocketResponse response = handler.handleRequest(sampleMessage(), context("message"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(lambda.managementApi.framesTo(CONNECTION)).hasSize(2).satisfies(frames -> {
            assertThat(frames.get(0)).startsWith("{\"kind\":\"snapshot\",\"gameId\":\"" + LAKERS + "\"");
            assertThat(frames.get(1)).startsWith("{\"kind\":\"subscribed\"");
        });
        assertThat(Receivers.ids(lambda.stores.connectionStore().receiversOf(LAKERS, Instant.now())))
                .containsExactly(CONNECTION);
        assertThat(Receivers.ids(lambda.stores.connectionStore().receiversOf("game-other", Instant.now())))
                .isEmpty();
        assertThat(lambda.logs())
                .filteredOn(line -> line.path("message").asText().equals("message"))
                .singleElement()
                .satisfies(line -> {
                    assertThat(line.path("connectionId").asText()).isEqualTo(CONNECTION);
                    assertThat(line.path("route").asText()).isEqualTo("$default");
                });
    }

    @Test
    void answersABadMessageWithAnErrorFrameNamingTheField() {
        handler.handleRequest(connect(secret), context("connect"));
        APIGatewayV2WebSocketEvent message = sampleMessage();
        message.setBody("{\"action\":\"subscribe\",\"games\":[7]}");

        handler.handleRequest(message, context("message"));

        JsonNode error = LambdaEnvironment.parse(
                lambda.managementApi.framesTo(CONNECTION).getLast());
        assertThat(error.path("kind").asText()).isEqualTo("error");
        assertThat(error.path("code").asText()).isEqualTo("invalid_request");
        assertThat(error.path("fields").get(0).path("field").asText()).isEqualTo("games[0]");
    }

    @Test
    void deletesTheConnection_whenTheManagementApiSaysItIsGone() {
        handler.handleRequest(connect(secret), context("connect"));
        lambda.managementApi.leave(CONNECTION);
        APIGatewayV2WebSocketEvent ping = sampleMessage();
        ping.setBody("{\"action\":\"ping\"}");

        handler.handleRequest(ping, context("ping"));

        assertThat(lambda.managementApi.callsTo(CONNECTION))
                .singleElement()
                .satisfies(call -> assertThat(call.status()).isEqualTo(410));
        assertThat(lambda.stores.connectionStore().find(CONNECTION)).isEmpty();
        assertThat(lambda.sum(WebSocketHandler.FUNCTION, "GoneConnections")).isEqualTo(1);
    }

    @Test
    void deletesTheConnection_onDisconnect() {
        handler.handleRequest(connect(secret), context("connect"));

        APIGatewayV2WebSocketResponse response = handler.handleRequest(
                Events.read("aws/apigateway-websocket-disconnect-event.json", APIGatewayV2WebSocketEvent.class),
                context("disconnect"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(lambda.stores.connectionStore().find(CONNECTION)).isEmpty();
        assertThat(Receivers.ids(lambda.stores.connectionStore().receiversOf(LAKERS, Instant.now())))
                .isEmpty();
    }

    private static FakeContext context(String name) {
        return new FakeContext("request-" + name, "Sportsfeeds-WebSocketFunction");
    }

    private static APIGatewayV2WebSocketEvent connect(String secret) {
        APIGatewayV2WebSocketEvent event =
                Events.read("aws/apigateway-websocket-connect-event.json", APIGatewayV2WebSocketEvent.class);
        // Both maps, as API Gateway sends them: the handler reads the multi-value one.
        event.setQueryStringParameters(Map.of("client", "client-001", "secret", secret));
        event.setMultiValueQueryStringParameters(Map.of("client", List.of("client-001"), "secret", List.of(secret)));
        return event;
    }

    private static APIGatewayV2WebSocketEvent sampleMessage() {
        return Events.read("aws/apigateway-websocket-message-event.json", APIGatewayV2WebSocketEvent.class);
    }
}
