package io.sportsfeeds.app.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.sportsfeeds.adapters.aws.ChangeRecordDecoder;
import io.sportsfeeds.api.ws.PushedMessages;
import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.Connection;
import io.sportsfeeds.core.fakes.InMemoryClientRegistry;
import io.sportsfeeds.core.fakes.InMemoryConnectionStore;
import io.sportsfeeds.core.fakes.InMemoryOddsStore;
import io.sportsfeeds.core.fakes.InMemoryPublishedSeqs;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.fakes.RecordingConnectionGateway;
import io.sportsfeeds.core.usecase.DeliveryOrder;
import io.sportsfeeds.core.usecase.PublishChanges;
import io.sportsfeeds.core.usecase.RevokeClients;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stream consumer fed with the event source mapping's real event JSON. */
class StreamConsumerHandlerTest {
    private static final String GAME = "game-7F3A1C52-0B6E-4D7A-9C1E-2B8D5E6F4A10";
    private static final String SEQUENCE_NUMBER = "49656733450345123456789012345678901234567890123456789010";
    private static final String CLIENT_SEQUENCE_NUMBER = "49656733450345123456789012345678901234567890123456789012";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T19:31:00Z"));
    private final InMemoryConnectionStore connections = new InMemoryConnectionStore();
    private final InMemoryPublishedSeqs published = new InMemoryPublishedSeqs();
    private final RecordingConnectionGateway gateway = new RecordingConnectionGateway();
    private final InMemoryClientRegistry clients = new InMemoryClientRegistry();
    private final RevokeClients revoke = new RevokeClients(clients, connections, gateway);
    private final StreamConsumerHandler handler = new StreamConsumerHandler(
            new ChangeRecordDecoder("sportsfeeds"),
            new PublishChanges(
                    new InMemoryOddsStore(clock),
                    published,
                    connections,
                    gateway,
                    new PushedMessages(),
                    clock,
                    new DeliveryOrder()),
            revoke);

    @BeforeEach
    void connectAnAnalyst() {
        connections.save(Connection.toEveryGame(
                "conn-1", "client-001", clock.instant(), clock.instant().plus(Duration.ofHours(2))));
        gateway.open("conn-1");
    }

    @Test
    void pushesTheRecordedChange_andReportsNoFailure() {
        StreamsEventResponse response = handler.handleRequest(event(), FakeContext.of("sportsfeeds-test"));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(gateway.framesSentTo("conn-1"))
                .singleElement()
                .satisfies(frame -> assertThat(frame)
                        .startsWith("{\"kind\":\"odds\",\"seq\":17,\"gameId\":\"" + GAME
                                + "\",\"market\":\"spread\",\"home\":3.5,\"away\":-3.5"));
    }

    @Test
    void pushesARecordDeliveredTwiceOnce() {
        handler.handleRequest(event(), FakeContext.of("sportsfeeds-test"));
        handler.handleRequest(event(), FakeContext.of("sportsfeeds-test"));

        assertThat(gateway.framesSentTo("conn-1")).hasSize(1);
    }

    @Test
    void namesTheFailedRecord_whenThePushFailsForNow() {
        gateway.failing("conn-1", true);

        StreamsEventResponse response = handler.handleRequest(event(), FakeContext.of("sportsfeeds-test"));

        assertThat(response.getBatchItemFailures())
                .extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(SEQUENCE_NUMBER);
    }

    @Test
    void skipsAMalformedRecord_withoutFailingTheBatch() {
        KinesisEvent event = event();
        KinesisEvent.KinesisEventRecord broken = Events.read("lambda-kinesis-event.json", KinesisEvent.class)
                .getRecords()
                .getFirst();
        broken.getKinesis().setSequenceNumber("49656733450345123456789012345678901234567890123456789011");
        broken.getKinesis().setData(ByteBuffer.wrap("{not json".getBytes(StandardCharsets.UTF_8)));
        List<KinesisEvent.KinesisEventRecord> records = new ArrayList<>(event.getRecords());
        records.add(broken);
        event.setRecords(records);

        StreamsEventResponse response = handler.handleRequest(event, FakeContext.of("sportsfeeds-test"));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(gateway.framesSentTo("conn-1")).hasSize(1);
    }

    @Test
    void emitsTheBatchsMetrics_withTheIteratorAgeOfItsOldestRecord() {
        List<String> lines = new ArrayList<>();
        // The reference record arrived at 1764617460.245 s; the function runs 1.5 s later.
        clock.set(Instant.ofEpochMilli(1764617461745L));
        StreamConsumerHandler measured = new StreamConsumerHandler(
                new ChangeRecordDecoder("sportsfeeds"),
                new PublishChanges(
                        new InMemoryOddsStore(clock),
                        published,
                        connections,
                        gateway,
                        new PushedMessages(),
                        clock,
                        new DeliveryOrder()),
                revoke,
                new Telemetry(StreamConsumerHandler.FUNCTION, "Sportsfeeds", lines::add, clock));

        measured.handleRequest(event(), FakeContext.of("sportsfeeds-test"));

        assertThat(lines.stream().map(JsonLines::parse).filter(line -> line.has("_aws")))
                .singleElement()
                .satisfies(metrics -> {
                    assertThat(metrics.path("IteratorAge").asLong()).isEqualTo(1_500);
                    assertThat(metrics.path("Records").asLong()).isEqualTo(1);
                    assertThat(metrics.path("Pushed").asLong()).isEqualTo(1);
                    assertThat(metrics.path("GoneConnections").asLong()).isZero();
                    assertThat(metrics.path("BatchItemFailures").asLong()).isZero();
                });
    }

    @Test
    void closesEveryConnectionOfAClientDeactivatedInTheBatch_beforeItsOddsArePushed_andNoOtherClients() {
        connectClient002();
        clients.putClients(List.of(new Client("client-002", "Trading desk B", false)));
        KinesisEvent event =
                withRecords(clientDeactivated(), event().getRecords().getFirst());

        StreamsEventResponse response = handler.handleRequest(event, FakeContext.of("sportsfeeds-test"));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(gateway.closed())
                .isEqualTo(Map.of("conn-2", RevokeClients.DEACTIVATED, "conn-3", RevokeClients.DEACTIVATED));
        assertThat(connections.connectionsOf("client-002")).isEmpty();
        assertThat(gateway.framesSentTo("conn-1")).hasSize(1);
        assertThat(gateway.framesSentTo("conn-2")).isEmpty();
        assertThat(gateway.framesSentTo("conn-3")).isEmpty();
    }

    @Test
    void keepsTheConnectionsOfAClientTheRegistrySaysIsActive_whenItsDeactivationArrivesLate() {
        connectClient002();
        clients.putClients(List.of(new Client("client-002", "Trading desk B", true)));

        handler.handleRequest(withRecords(clientDeactivated()), FakeContext.of("sportsfeeds-test"));

        assertThat(gateway.closed()).isEmpty();
        assertThat(connections.connectionsOf("client-002")).containsExactlyInAnyOrder("conn-2", "conn-3");
    }

    @Test
    void retriesFromTheClientsRecord_whenTheRevocationFails_andStillPushesTheOddsBeforeIt() {
        connectClient002();
        clients.failing(true);
        KinesisEvent event = withRecords(event().getRecords().getFirst(), clientDeactivated());

        StreamsEventResponse response = handler.handleRequest(event, FakeContext.of("sportsfeeds-test"));

        assertThat(response.getBatchItemFailures())
                .extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(CLIENT_SEQUENCE_NUMBER);
        assertThat(gateway.framesSentTo("conn-1")).hasSize(1);
        assertThat(gateway.closed()).isEmpty();
    }

    @Test
    void retriesFromTheEarlierRecord_whenTheOddsBeforeAFailedRevocationFailToo() {
        connectClient002();
        clients.failing(true);
        gateway.failing("conn-1", true);
        KinesisEvent event = withRecords(event().getRecords().getFirst(), clientDeactivated());

        StreamsEventResponse response = handler.handleRequest(event, FakeContext.of("sportsfeeds-test"));

        assertThat(response.getBatchItemFailures())
                .extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(SEQUENCE_NUMBER);
    }

    @Test
    void closesEveryConnectionOfAnActiveClientGivenANewSecretInTheBatch_andNoOtherClients() {
        connectClient002();
        clients.putClients(List.of(new Client("client-002", "Trading desk B", true)));

        StreamsEventResponse response = handler.handleRequest(
                withRecords(clientGivenANewSecret(), event().getRecords().getFirst()),
                FakeContext.of("sportsfeeds-test"));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(gateway.closed())
                .isEqualTo(Map.of("conn-2", RevokeClients.SECRET_CHANGED, "conn-3", RevokeClients.SECRET_CHANGED));
        assertThat(gateway.framesSentTo("conn-1")).hasSize(1);
    }

    private void connectClient002() {
        for (String id : List.of("conn-2", "conn-3")) {
            connections.save(Connection.toEveryGame(
                    id, "client-002", clock.instant(), clock.instant().plus(Duration.ofHours(2))));
            gateway.open(id);
        }
    }

    /** The record of an admin's {@code PUT /clients} that set client-002's ACTIVE to N. */
    private static KinesisEvent.KinesisEventRecord clientDeactivated() {
        KinesisEvent.KinesisEventRecord record = event().getRecords().getFirst();
        record.getKinesis().setSequenceNumber(CLIENT_SEQUENCE_NUMBER);
        record.getKinesis()
                .setData(ByteBuffer.wrap(Events.text("kinesis-dynamodb-client-deactivated-record.json")
                        .getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    /** The record of an admin's {@code PUT /clients} that gave the active client-002 a new secret. */
    private static KinesisEvent.KinesisEventRecord clientGivenANewSecret() {
        String deactivated = Events.text("kinesis-dynamodb-client-deactivated-record.json");
        // The new image comes first in the file: it stays active, with another hash.
        String newImage = deactivated.substring(0, deactivated.indexOf("\"OldImage\""));
        String rekeyed = newImage.replace("\"ACTIVE\": { \"S\": \"N\" }", "\"ACTIVE\": { \"S\": \"Y\" }")
                        .replace(
                                "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
                                "bmV3IGhhc2ggbmV3IGhhc2ggbmV3IGhhc2ggbmV3")
                + deactivated.substring(newImage.length());
        KinesisEvent.KinesisEventRecord record = event().getRecords().getFirst();
        record.getKinesis().setSequenceNumber(CLIENT_SEQUENCE_NUMBER);
        record.getKinesis().setData(ByteBuffer.wrap(rekeyed.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    private static KinesisEvent withRecords(KinesisEvent.KinesisEventRecord... records) {
        KinesisEvent event = event();
        event.setRecords(List.of(records));
        return event;
    }

    private static KinesisEvent event() {
        return Events.read("lambda-kinesis-event.json", KinesisEvent.class);
    }
}
