package io.sportsfeeds.app.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.sportsfeeds.adapters.aws.DynaliteExtension;
import io.sportsfeeds.adapters.aws.KinesisLocal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The three functions together, each as Lambda runs it, on one table: an admin registers the
 * analysts' clients and a provider ingests odds through the REST function; analysts connect and
 * subscribe through the WebSocket function; the change records Kinesis Data Streams for DynamoDB
 * would write for the stored items travel through kinesis-local to the stream consumer, whose
 * frames reach the recording Management API for the subscribed connections only.
 */
@ExtendWith(KinesisLocal.Extension.class)
class EndToEndTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private static final String LAKERS = "game-7F3A1C52-0B6E-4D7A-9C1E-2B8D5E6F4A10";
    private static final String ARSENAL = "game-1D9E4B77-5A2C-4F0B-8E36-7C4A9B2D1E05";
    private static KinesisLocal kinesis;

    private final LambdaEnvironment lambda = new LambdaEnvironment(dynalite);
    private final RestHandler rest = lambda.rest();
    private final WebSocketHandler webSocket = lambda.webSocket();
    private final StreamConsumerHandler consumer = lambda.streamConsumer();
    private int requests;

    @BeforeAll
    static void emulator(KinesisLocal emulator) {
        kinesis = emulator;
    }

    @AfterEach
    void close() {
        lambda.close();
    }

    @Test
    void oddsIngestedThroughRestReachTheSubscribedConnectionsOnly_inSeqOrder_once() {
        // An admin registers the reference clients (client-002 is inactive).
        APIGatewayProxyResponseEvent registered = rest.handleRequest(registerClients(), context());
        assertThat(registered.getStatusCode()).isEqualTo(200);
        String secret = LambdaEnvironment.parse(registered.getBody())
                .path("secrets")
                .path("client-001")
                .asText();

        // Analysts connect; the inactive client is refused at the handshake.
        for (String connection : List.of("lakers", "both", "unsubscribed")) {
            assertThat(webSocket
                            .handleRequest(connect(connection, "client-001", secret), context())
                            .getStatusCode())
                    .isEqualTo(200);
            lambda.managementApi.open(connection);
        }
        assertThat(webSocket
                        .handleRequest(connect("inactive", "client-002", secret), context())
                        .getStatusCode())
                .isEqualTo(403);
        assertThat(lambda.stores.connectionStore().find("inactive")).isEmpty();

        // They subscribe: through $default, through a route named after the action, and one takes its game back.
        message("lakers", "$default", "{\"action\":\"subscribe\",\"games\":[\"" + LAKERS + "\"]}");
        message("both", "subscribe", "{\"action\":\"subscribe\",\"games\":[\"" + LAKERS + "\",\"" + ARSENAL + "\"]}");
        message("unsubscribed", "$default", "{\"action\":\"subscribe\",\"games\":[\"" + ARSENAL + "\"]}");
        message("unsubscribed", "unsubscribe", "{\"action\":\"unsubscribe\",\"games\":[\"" + ARSENAL + "\"]}");
        Map<String, Integer> repliesSoFar = new HashMap<>();
        for (String connection : List.of("lakers", "both", "unsubscribed")) {
            repliesSoFar.put(
                    connection, lambda.managementApi.framesTo(connection).size());
        }
        assertThat(kinds("unsubscribed")).containsExactly("snapshot", "subscribed", "unsubscribed");

        // A provider ingests the reference batch, then a second Lakers update (AWS's sample proxy event).
        assertThat(rest.handleRequest(
                                Events.read("lambda-rest-ingest-event.json", APIGatewayProxyRequestEvent.class),
                                context())
                        .getStatusCode())
                .isEqualTo(200);
        assertThat(rest.handleRequest(
                                Events.read("aws/apigateway-proxy-event.json", APIGatewayProxyRequestEvent.class),
                                context())
                        .getStatusCode())
                .isEqualTo(200);

        // The change records of the stored history items reach the stream consumer through Kinesis.
        ChangeStream stream = new ChangeStream(kinesis, dynalite.client(), lambda.table);
        List<Map<String, AttributeValue>> items = new ArrayList<>(stream.historyItems(LAKERS));
        items.addAll(stream.historyItems(ARSENAL));
        assertThat(items).hasSize(3);
        stream.put(items);
        KinesisEvent event = stream.nextEvent(3);
        StreamsEventResponse response = consumer.handleRequest(event, context());

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(pushed("lakers", repliesSoFar))
                .extracting(EndToEndTest::describe)
                .containsExactly("odds " + LAKERS + " #1 spread -110/-110", "odds " + LAKERS + " #2 total -105/-115");
        assertThat(pushed("both", repliesSoFar))
                .extracting(EndToEndTest::describe)
                .containsExactly(
                        "odds " + LAKERS + " #1 spread -110/-110",
                        "odds " + LAKERS + " #2 total -105/-115",
                        "odds " + ARSENAL + " #1 moneyline -150/240");
        assertThat(pushed("unsubscribed", repliesSoFar)).isEmpty();
        assertThat(lambda.managementApi.callsTo("inactive")).isEmpty();

        // The event source mapping may hand the same records again: nothing is pushed twice.
        assertThat(consumer.handleRequest(event, context()).getBatchItemFailures())
                .isEmpty();
        assertThat(pushed("both", repliesSoFar)).hasSize(3);
        assertThat(lambda.sum(StreamConsumerHandler.FUNCTION, "Pushed")).isEqualTo(5);
        assertThat(lambda.sum(RestHandler.FUNCTION, "Ingested")).isEqualTo(3);
        assertThat(lambda.lines())
                .noneMatch(line -> line.contains(secret) || line.contains(LambdaEnvironment.ADMIN_KEY));
    }

    private FakeContext context() {
        return new FakeContext("request-" + (++requests), "Sportsfeeds");
    }

    private void message(String connectionId, String route, String body) {
        APIGatewayV2WebSocketEvent event =
                Events.read("aws/apigateway-websocket-message-event.json", APIGatewayV2WebSocketEvent.class);
        event.getRequestContext().setConnectionId(connectionId);
        event.getRequestContext().setRouteKey(route);
        event.setBody(body);
        assertThat(webSocket.handleRequest(event, context()).getStatusCode()).isEqualTo(200);
    }

    private List<String> kinds(String connectionId) {
        return lambda.managementApi.framesTo(connectionId).stream()
                .map(frame -> LambdaEnvironment.parse(frame).path("kind").asText())
                .toList();
    }

    /** The frames the connection got after its replies to subscribing. */
    private List<JsonNode> pushed(String connectionId, Map<String, Integer> repliesSoFar) {
        List<String> frames = lambda.managementApi.framesTo(connectionId);
        return frames.subList(repliesSoFar.get(connectionId), frames.size()).stream()
                .map(LambdaEnvironment::parse)
                .toList();
    }

    private static String describe(JsonNode frame) {
        return frame.path("kind").asText() + " " + frame.path("gameId").asText() + " #"
                + frame.path("seq").asLong() + " " + frame.path("market").asText() + " "
                + frame.path("homeOdds").asInt() + "/" + frame.path("awayOdds").asInt();
    }

    private static APIGatewayProxyRequestEvent registerClients() {
        APIGatewayProxyRequestEvent event =
                Events.read("aws/apigateway-proxy-event.json", APIGatewayProxyRequestEvent.class);
        event.setResource("/clients");
        event.setPath("/clients");
        event.setHttpMethod("PUT");
        event.setHeaders(new HashMap<>(Map.of("x-api-key", LambdaEnvironment.ADMIN_KEY)));
        event.setMultiValueHeaders(null);
        event.setBody(Events.text("clients.json"));
        return event;
    }

    private static APIGatewayV2WebSocketEvent connect(String connectionId, String client, String secret) {
        APIGatewayV2WebSocketEvent event =
                Events.read("aws/apigateway-websocket-connect-event.json", APIGatewayV2WebSocketEvent.class);
        event.getRequestContext().setConnectionId(connectionId);
        // Both maps, as API Gateway sends them: the handler reads the multi-value one.
        event.setQueryStringParameters(Map.of("client", client, "secret", secret));
        event.setMultiValueQueryStringParameters(Map.of("client", List.of(client), "secret", List.of(secret)));
        return event;
    }
}
