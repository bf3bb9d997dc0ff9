package io.sportsfeeds.app.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.sportsfeeds.adapters.aws.ChangeRecordEncoder;
import io.sportsfeeds.adapters.aws.DynaliteExtension;
import io.sportsfeeds.adapters.aws.KinesisLocal;
import io.sportsfeeds.adapters.aws.ManagementApiServer.Deletion;
import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.Connection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The stream consumer as Lambda runs it (its wiring from the function's environment: the stores on
 * dynalite, frames posted through the real Management API gateway to a recording server), fed the
 * records of what the REST function stored, put through kinesis-local and handed over in the shape
 * of AWS's sample Kinesis event.
 */
@ExtendWith(KinesisLocal.Extension.class)
class StreamConsumerHandlerOnEmulatorsTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private static final String LAKERS = "game-7F3A1C52-0B6E-4D7A-9C1E-2B8D5E6F4A10";
    private static final String ARSENAL = "game-1D9E4B77-5A2C-4F0B-8E36-7C4A9B2D1E05";
    private static KinesisLocal kinesis;

    private final LambdaEnvironment lambda = new LambdaEnvironment(dynalite);
    private final StreamConsumerHandler handler = lambda.streamConsumer();
    private final FakeContext context = FakeContext.of("Sportsfeeds-StreamConsumerFunction");
    private ChangeStream stream;

    @BeforeAll
    static void emulator(KinesisLocal emulator) {
        kinesis = emulator;
    }

    @BeforeEach
    void storeTheReferenceBatch_andASecondLakersUpdate() {
        stream = new ChangeStream(kinesis, dynalite.client(), lambda.table);
        RestHandler rest = lambda.rest();
        rest.handleRequest(Events.read("lambda-rest-ingest-event.json", APIGatewayProxyRequestEvent.class), context);
        rest.handleRequest(Events.read("aws/apigateway-proxy-event.json", APIGatewayProxyRequestEvent.class), context);
    }

    @AfterEach
    void close() {
        lambda.close();
    }

    @Test
    void pushesEachStoredChangeToItsReceivers_inSeqOrder_andReportsNoFailure() {
        connect("every-game", null);
        connect("arsenal-only", Set.of(ARSENAL));
        stream.put(items());

        StreamsEventResponse response = handler.handleRequest(stream.nextEvent(3), context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(frames("every-game"))
                .extracting(frame ->
                        frame.path("gameId").asText() + "#" + frame.path("seq").asLong())
                .containsExactlyInAnyOrder(ARSENAL + "#1", LAKERS + "#1", LAKERS + "#2");
        assertThat(frames("every-game"))
                .filteredOn(frame -> frame.path("gameId").asText().equals(LAKERS))
                .extracting(frame -> frame.path("market").asText())
                .containsExactly("spread", "total");
        assertThat(frames("every-game"))
                .allSatisfy(frame -> assertThat(frame.path("kind").asText()).isEqualTo("odds"));
        assertThat(frames("arsenal-only")).singleElement().satisfies(frame -> {
            assertThat(frame.path("gameId").asText()).isEqualTo(ARSENAL);
            assertThat(frame.path("market").asText()).isEqualTo("moneyline");
            assertThat(frame.path("homeOdds").asInt()).isEqualTo(-150);
        });
        JsonNode metrics = lambda.metrics(StreamConsumerHandler.FUNCTION).getLast();
        assertThat(metrics.path("Records").asLong()).isEqualTo(3);
        assertThat(metrics.path("Pushed").asLong()).isEqualTo(4);
        assertThat(metrics.path("BatchItemFailures").asLong()).isZero();
        assertThat(metrics.path("IteratorAge").isIntegralNumber()).isTrue();
        assertThat(metrics.path("IteratorAge").asLong()).isNotNegative();
    }

    @Test
    void namesTheEarliestRecordOfTheFailedGame_whenTheManagementApiKeepsAnswering500ForOneConnection() {
        connect("every-game", null);
        connect("lakers-only", Set.of(LAKERS));
        lambda.managementApi.answerAlways("lakers-only", 500);
        stream.put(items());
        KinesisEvent event = stream.nextEvent(3);
        String firstLakersRecord = event.getRecords().get(1).getKinesis().getSequenceNumber();

        StreamsEventResponse response = handler.handleRequest(event, context);

        assertThat(response.getBatchItemFailures())
                .extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(firstLakersRecord);
        assertThat(lambda.managementApi.callsTo("lakers-only"))
                .isNotEmpty()
                .allSatisfy(call -> assertThat(call.status()).isEqualTo(500));
        assertThat(frames("every-game"))
                .extracting(frame -> frame.path("gameId").asText())
                .contains(ARSENAL);
        assertThat(lambda.sum(StreamConsumerHandler.FUNCTION, "BatchItemFailures"))
                .isEqualTo(1);
        assertThat(lambda.logs())
                .filteredOn(line -> line.path("message").asText().equals("batch to retry"))
                .singleElement()
                .satisfies(line -> {
                    assertThat(line.path("level").asText()).isEqualTo("WARN");
                    assertThat(line.path("retryFrom").asText()).isEqualTo(firstLakersRecord);
                    assertThat(line.path("requestId").asText()).isEqualTo(context.getAwsRequestId());
                });

        // The event source mapping retries from the failed record; the connection answers again.
        lambda.managementApi.answerAlways("lakers-only", 200);
        KinesisEvent retry = ChangeStream.event(List.of());
        retry.setRecords(new ArrayList<>(event.getRecords().subList(1, 3)));
        StreamsEventResponse retried = handler.handleRequest(retry, context);

        assertThat(retried.getBatchItemFailures()).isEmpty();
        assertThat(frames("lakers-only"))
                .extracting(frame -> frame.path("seq").asLong())
                .containsExactly(1L, 2L);
    }

    @Test
    void deletesAConnectionTheManagementApiSaysIsGone_andStillPushesToTheOthers() {
        connect("every-game", null);
        connect("gone", null);
        lambda.managementApi.leave("gone");
        stream.put(items());

        StreamsEventResponse response = handler.handleRequest(stream.nextEvent(3), context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(lambda.managementApi.callsTo("gone"))
                .singleElement()
                .satisfies(call -> assertThat(call.status()).isEqualTo(410));
        assertThat(lambda.stores.connectionStore().find("gone")).isEmpty();
        assertThat(lambda.stores.connectionStore().find("every-game")).isPresent();
        assertThat(frames("every-game")).hasSize(3);
        assertThat(lambda.sum(StreamConsumerHandler.FUNCTION, "GoneConnections"))
                .isEqualTo(1);
    }

    @Test
    void skipsAMalformedRecord_andLogsItsSequenceNumber() {
        connect("every-game", null);
        stream.putRaw("{not json".getBytes(StandardCharsets.UTF_8), "broken");
        stream.put(items());
        KinesisEvent event = stream.nextEvent(4);
        String broken = event.getRecords().getFirst().getKinesis().getSequenceNumber();

        StreamsEventResponse response = handler.handleRequest(event, context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(frames("every-game")).hasSize(3);
        assertThat(lambda.logs())
                .filteredOn(line -> line.path("message").asText().equals("skipping a malformed record"))
                .singleElement()
                .satisfies(
                        line -> assertThat(line.path("sequenceNumber").asText()).isEqualTo(broken));
        assertThat(lambda.sum(StreamConsumerHandler.FUNCTION, "Malformed")).isEqualTo(1);
    }

    @Test
    void closesTheConnectionsOfAClientAnAdminDeactivated_withDeleteConnection_andKeepsTheOthers() {
        connect("desk-a", null);
        connectAs("desk-b-1", "client-002");
        connectAs("desk-b-2", "client-002");
        lambda.stores.clientRegistry().putClients(List.of(new Client("client-002", "Trading desk B", true)));
        Map<String, AttributeValue> active = clientItem("client-002");
        lambda.stores.clientRegistry().putClients(List.of(new Client("client-002", "Trading desk B", false)));
        Map<String, AttributeValue> deactivated = clientItem("client-002");
        stream.putRaw(
                new ChangeRecordEncoder(lambda.table.table(), lambda.table.region())
                        .modify(active, deactivated, Instant.now()),
                "client-002");
        stream.put(items());

        StreamsEventResponse response = handler.handleRequest(stream.nextEvent(4), context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(lambda.managementApi.deletions())
                .containsExactlyInAnyOrder(new Deletion("desk-b-1", 204), new Deletion("desk-b-2", 204));
        assertThat(lambda.stores.connectionStore().connectionsOf("client-002")).isEmpty();
        assertThat(lambda.managementApi.framesTo("desk-b-1")).isEmpty();
        assertThat(frames("desk-a")).hasSize(3);
        assertThat(lambda.sum(StreamConsumerHandler.FUNCTION, "RevokedConnections"))
                .isEqualTo(2);
    }

    private Map<String, AttributeValue> clientItem(String clientId) {
        return dynalite.client()
                .query(r -> r.tableName(lambda.table.table())
                        .consistentRead(true)
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", "PK"))
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(clientId))))
                .items()
                .getFirst();
    }

    private void connectAs(String connectionId, String clientId) {
        Instant now = Instant.now();
        lambda.stores
                .connectionStore()
                .save(Connection.toEveryGame(connectionId, clientId, now, now.plus(Duration.ofHours(2))));
        lambda.managementApi.open(connectionId);
    }

    /** The history items of both games, Arsenal's first: a batch whose first record is not Lakers'. */
    private List<Map<String, AttributeValue>> items() {
        List<Map<String, AttributeValue>> items = new ArrayList<>(stream.historyItems(ARSENAL));
        items.addAll(stream.historyItems(LAKERS));
        assertThat(items).hasSize(3);
        return items;
    }

    private void connect(String connectionId, Set<String> games) {
        Instant now = Instant.now();
        Instant expires = now.plus(Duration.ofHours(2));
        lambda.stores
                .connectionStore()
                .save(
                        games == null
                                ? Connection.toEveryGame(connectionId, "client-001", now, expires)
                                : Connection.toGames(connectionId, "client-001", now, expires, games));
        lambda.managementApi.open(connectionId);
    }

    private List<JsonNode> frames(String connectionId) {
        return lambda.managementApi.framesTo(connectionId).stream()
                .map(LambdaEnvironment::parse)
                .toList();
    }
}
