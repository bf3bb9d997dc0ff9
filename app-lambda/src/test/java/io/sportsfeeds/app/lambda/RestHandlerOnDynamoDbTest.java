package io.sportsfeeds.app.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.sportsfeeds.adapters.aws.DynaliteExtension;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.HistoryQuery;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The REST function as Lambda runs it (its wiring from the function's environment, the DynamoDB
 * adapters on dynalite), fed API Gateway's proxy events: the reference ingest event and AWS's
 * documented sample shape.
 */
class RestHandlerOnDynamoDbTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private static final String LAKERS = "game-7F3A1C52-0B6E-4D7A-9C1E-2B8D5E6F4A10";
    private static final String ARSENAL = "game-1D9E4B77-5A2C-4F0B-8E36-7C4A9B2D1E05";
    private static final String SAMPLE_KEY = "PROVIDER-KEY-IN-THE-SAMPLE-EVENT";

    private final LambdaEnvironment lambda = new LambdaEnvironment(dynalite);
    private final RestHandler handler = lambda.rest();
    private final FakeContext context = FakeContext.of("Sportsfeeds-RestFunction");

    @AfterEach
    void close() {
        lambda.close();
    }

    @Test
    void storesTheReferenceBatchInTheTable_andCountsItIngested() {
        APIGatewayProxyResponseEvent response = handler.handleRequest(reference(), context);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody())
                .isEqualTo("{\"accepted\":2,\"duplicates\":0,\"results\":["
                        + "{\"gameId\":\"" + LAKERS + "\",\"seq\":1,\"status\":\"stored\"},"
                        + "{\"gameId\":\"" + ARSENAL + "\",\"seq\":1,\"status\":\"stored\"}]}");
        assertThat(lambda.stores.oddsStore().latest(LAKERS)).singleElement().satisfies(change -> {
            assertThat(change.seq()).isEqualTo(1);
            assertThat(change.update().market()).isEqualTo("spread");
            assertThat(change.update().homeOdds()).isEqualTo(-110);
        });
        assertThat(history(ARSENAL)).extracting(CapturedChange::seq).containsExactly(1L);
        assertThat(lambda.metrics(RestHandler.FUNCTION)).singleElement().satisfies(metrics -> {
            assertThat(metrics.path("Ingested").asLong()).isEqualTo(2);
            assertThat(metrics.path("Duplicates").asLong()).isZero();
            assertThat(metrics.path("requestId").asText()).isEqualTo(context.getAwsRequestId());
        });
    }

    @Test
    void storesARepeatedBatchOnce_andCountsDuplicates() {
        handler.handleRequest(reference(), context);

        APIGatewayProxyResponseEvent again = handler.handleRequest(reference(), context);

        assertThat(again.getBody()).startsWith("{\"accepted\":0,\"duplicates\":2,");
        assertThat(history(LAKERS)).hasSize(1);
        assertThat(lambda.sum(RestHandler.FUNCTION, "Ingested")).isEqualTo(2);
        assertThat(lambda.sum(RestHandler.FUNCTION, "Duplicates")).isEqualTo(2);
    }

    @Test
    void takesAwsSampleProxyEvent_andLogsTheRequestWithoutTheApiKey() {
        APIGatewayProxyResponseEvent response = handler.handleRequest(sample(), context);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(lambda.stores.oddsStore().latest(LAKERS))
                .singleElement()
                .satisfies(change -> assertThat(change.update().market()).isEqualTo("total"));
        assertThat(lambda.logs())
                .filteredOn(line -> line.path("message").asText().equals("request"))
                .singleElement()
                .satisfies(line -> {
                    assertThat(line.path("level").asText()).isEqualTo("INFO");
                    assertThat(line.path("requestId").asText()).isEqualTo(context.getAwsRequestId());
                    assertThat(line.path("method").asText()).isEqualTo("POST");
                    assertThat(line.path("resource").asText()).isEqualTo("/feeds");
                    assertThat(line.path("status").asInt()).isEqualTo(200);
                });
        assertThat(lambda.lines()).isNotEmpty().noneMatch(line -> line.contains(SAMPLE_KEY));
    }

    @Test
    void answers400NamingTheField_andStoresNothing_whenAnUpdateIsInvalid() {
        APIGatewayProxyRequestEvent event = sample();
        event.setBody("{\"odds\":[{\"gameId\":\"" + LAKERS + "\",\"type\":\"total\",\"home\":221.5,\"away\":221.5,"
                + "\"homeOdds\":-105,\"awayOdds\":\"evens\",\"date\":1764617455}]}");

        APIGatewayProxyResponseEvent response = handler.handleRequest(event, context);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json; charset=utf-8");
        JsonNode body = LambdaEnvironment.parse(response.getBody());
        assertThat(body.path("error").asText()).isEqualTo("invalid_request");
        assertThat(body.path("fields").get(0).path("field").asText()).isEqualTo("odds[0].awayOdds");
        assertThat(lambda.stores.oddsStore().latest(LAKERS)).isEmpty();
        assertThat(lambda.metrics(RestHandler.FUNCTION)).isEmpty();
    }

    @Test
    void answers400NamingTheBody_whenItIsNotJson() {
        APIGatewayProxyRequestEvent event = sample();
        event.setBody("odds=1");

        APIGatewayProxyResponseEvent response = handler.handleRequest(event, context);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(LambdaEnvironment.parse(response.getBody())
                        .path("fields")
                        .get(0)
                        .path("field")
                        .asText())
                .isEqualTo("body");
    }

    @Test
    void registersClientsInTheTable_withTheAdminKeyWhoseHashTheFunctionWasGiven() {
        APIGatewayProxyRequestEvent event = sample();
        event.setResource("/clients");
        event.setPath("/clients");
        event.setHttpMethod("PUT");
        event.setHeaders(new HashMap<>(Map.of("x-api-key", LambdaEnvironment.ADMIN_KEY)));
        event.setMultiValueHeaders(null);
        event.setBody("{\"clients\":[{\"clientId\":\"client-001\",\"name\":\"Trading desk A\",\"active\":true}]}");

        APIGatewayProxyResponseEvent response = handler.handleRequest(event, context);

        assertThat(response.getStatusCode()).isEqualTo(200);
        String secret = LambdaEnvironment.parse(response.getBody())
                .path("secrets")
                .path("client-001")
                .asText();
        assertThat(secret).isNotBlank();
        assertThat(lambda.stores.clientRegistry().client("client-001"))
                .hasValueSatisfying(client -> assertThat(client.active()).isTrue());
        assertThat(lambda.lines())
                .noneMatch(line -> line.contains(secret) || line.contains(LambdaEnvironment.ADMIN_KEY));
    }

    @Test
    void refusesAnAdminRoute_withTheProvidersKey() {
        APIGatewayProxyRequestEvent event = sample();
        event.setResource("/games");
        event.setPath("/games");
        event.setHttpMethod("PUT");
        event.setBody("{\"games\":[]}");

        APIGatewayProxyResponseEvent response = handler.handleRequest(event, context);

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(LambdaEnvironment.parse(response.getBody()).path("error").asText())
                .isEqualTo("invalid_api_key");
    }

    private List<CapturedChange> history(String gameId) {
        return lambda.stores.oddsStore().history(new HistoryQuery(gameId, Optional.empty(), 0, Long.MAX_VALUE, 10));
    }

    private static APIGatewayProxyRequestEvent reference() {
        return Events.read("lambda-rest-ingest-event.json", APIGatewayProxyRequestEvent.class);
    }

    private static APIGatewayProxyRequestEvent sample() {
        return Events.read("aws/apigateway-proxy-event.json", APIGatewayProxyRequestEvent.class);
    }
}
