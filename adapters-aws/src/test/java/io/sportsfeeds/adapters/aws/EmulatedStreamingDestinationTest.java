package io.sportsfeeds.adapters.aws;

import static io.sportsfeeds.core.fakes.Updates.uniqueGameId;
import static io.sportsfeeds.core.fakes.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.fakes.LogCapture;
import io.sportsfeeds.core.port.OddsStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** The emulated streaming destination on dynalite and kinesis-local, each test on a table and stream of its own. */
@ExtendWith(KinesisLocal.Extension.class)
class EmulatedStreamingDestinationTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private static final Duration RETENTION = Duration.ofDays(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KinesisLocal kinesis;

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T19:31:00.250Z"), ZoneOffset.UTC);
    private AwsSettings settings;
    private OddsStore dynamoStore;
    private OddsStore store;

    @BeforeAll
    static void emulator(KinesisLocal emulator) {
        kinesis = emulator;
    }

    @BeforeEach
    void tableAndStream() {
        AwsSettings table = dynalite.newTable("emulated");
        settings = new AwsSettings(
                table.region(),
                table.table(),
                kinesis.createStream("emulated", 1),
                table.dynamoDbEndpoint(),
                Optional.of(kinesis.endpoint()));
        dynamoStore =
                DynamoDbStores.of(dynalite.client(), settings, clock, RETENTION).oddsStore();
        store = EmulatedStreamingDestination.around(dynamoStore, dynalite.client(), kinesis.client(), settings);
    }

    @Test
    void putsTheInsertRecordOfEachStoredHistoryItem_asKinesisDataStreamsForDynamoDbWould() throws Exception {
        String lakers = uniqueGameId();
        String arsenal = uniqueGameId();
        OddsUpdate first = update(lakers, "spread", -110, 1_764_617_400L);

        List<AppendOutcome> outcomes = store.append(List.of(
                first,
                update(arsenal, "moneyline", 240, 1_764_617_400L),
                update(lakers, "spread", -115, 1_764_617_460L),
                first));

        assertThat(outcomes)
                .containsExactly(
                        new AppendOutcome(lakers, 1, false),
                        new AppendOutcome(arsenal, 1, false),
                        new AppendOutcome(lakers, 2, false),
                        new AppendOutcome(lakers, 1, true));
        List<Record> records = streamRecords(3);
        assertThat(records).hasSize(3);
        ChangeRecordDecoder decoder = new ChangeRecordDecoder(settings.table());
        List<CapturedChange> decoded = new ArrayList<>();
        for (Record record : records) {
            JsonNode json = JSON.readTree(record.data().asByteArrayUnsafe());
            String game = json.at("/dynamodb/Keys/PK/S").asText();
            String sortKey = json.at("/dynamodb/Keys/SK/S").asText();
            Map<String, AttributeValue> item = dynalite.client()
                    .getItem(r -> r.tableName(settings.table()).key(Table.key(game, sortKey)))
                    .item();
            assertThat(json.path("eventName").asText()).isEqualTo("INSERT");
            assertThat(json.path("tableName").asText()).isEqualTo(settings.table());
            assertThat(json.path("awsRegion").asText()).isEqualTo(settings.region());
            assertThat(AttributeJson.readItem(json.at("/dynamodb/NewImage"), "NewImage"))
                    .as("the item as stored, claim token included")
                    .isEqualTo(item);
            assertThat(json.at("/dynamodb/ApproximateCreationDateTime").asLong())
                    .isEqualTo(clock.millis());
            assertThat(record.partitionKey()).isEqualTo(ChangeRecordEncoder.partitionKey(item));
            decoded.add(((ChangeRecordDecoder.Decoded) decoder.decode(
                            record.sequenceNumber(), record.data().asByteBuffer()))
                    .change());
        }
        List<CapturedChange> stored = new ArrayList<>(dynamoStore.changesAfter(lakers, 0, 10));
        stored.addAll(dynamoStore.changesAfter(arsenal, 0, 10));
        assertThat(decoded).containsExactlyInAnyOrderElementsOf(stored);
        assertThat(decoded.stream().filter(c -> c.gameId().equals(lakers)).map(CapturedChange::seq))
                .as("a game's records in seq order")
                .containsExactly(1L, 2L);
    }

    @Test
    void putsNothing_whenEveryUpdateWasStoredBefore() {
        List<OddsUpdate> batch = List.of(
                update(uniqueGameId(), "spread", -110, 1_764_617_400L),
                update(uniqueGameId(), "total", -105, 1_764_617_400L));
        store.append(batch);

        List<AppendOutcome> again = store.append(batch);

        assertThat(again).allMatch(AppendOutcome::duplicate);
        assertThat(streamRecords(3)).hasSize(2);
    }

    @Test
    void answersAsTheStoreDid_andWarnsOnce_whenTheRecordsCannotBePut() throws Exception {
        AwsSettings noStream = new AwsSettings(
                settings.region(),
                settings.table(),
                "no-such-stream",
                settings.dynamoDbEndpoint(),
                settings.kinesisEndpoint());
        OddsStore broken =
                EmulatedStreamingDestination.around(dynamoStore, dynalite.client(), kinesis.client(), noStream);
        String game = uniqueGameId();

        try (LogCapture log = new LogCapture(EmulatedStreamingDestination.class)) {
            List<AppendOutcome> first = broken.append(List.of(update(game, "spread", -110, 1_764_617_400L)));
            List<AppendOutcome> second = broken.append(List.of(update(game, "spread", -120, 1_764_617_460L)));

            assertThat(first).containsExactly(new AppendOutcome(game, 1, false));
            assertThat(second).containsExactly(new AppendOutcome(game, 2, false));
            assertThat(dynamoStore.changesAfter(game, 0, 10))
                    .extracting(CapturedChange::seq)
                    .containsExactly(1L, 2L);
            assertThat(log.messagesAt(Level.WARNING))
                    .singleElement()
                    .asString()
                    .startsWith(
                            "emulated streaming destination: the change records of 1 stored updates were not put on the Kinesis stream no-such-stream: PutRecords of 1 records on no-such-stream failed: ")
                    .endsWith(
                            "; the updates are stored, and subscribers get them when their game's next change fills the gap (further failures are not logged until a put works again)");
        }
    }

    /** Every record on the test's stream, read from its start until {@code expected} arrived or a few reads came back empty. */
    private List<Record> streamRecords(int expected) {
        String shard = kinesis.client()
                .listShards(r -> r.streamName(settings.stream()))
                .shards()
                .getFirst()
                .shardId();
        String iterator = kinesis.client()
                .getShardIterator(r -> r.streamName(settings.stream())
                        .shardId(shard)
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        List<Record> records = new ArrayList<>();
        for (int read = 0; read < 5 && records.size() < expected; read++) {
            String from = iterator;
            var response = kinesis.client().getRecords(r -> r.shardIterator(from));
            records.addAll(response.records());
            iterator = response.nextShardIterator();
        }
        return records;
    }
}
