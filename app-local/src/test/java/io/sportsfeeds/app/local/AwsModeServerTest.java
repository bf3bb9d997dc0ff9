package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sportsfeeds.adapters.aws.AwsSettings;
import io.sportsfeeds.adapters.aws.DynaliteExtension;
import io.sportsfeeds.adapters.aws.KinesisLocal;
import io.sportsfeeds.api.Reference;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.CreateStreamRequest;
import software.amazon.awssdk.services.kinesis.model.CreateStreamResponse;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryRequest;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryResponse;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The server with the aws backend on dynalite and kinesis-local (started on free loopback ports;
 * without them skipped, failing when CI=true), the streaming destination emulated: real HTTP and
 * WebSocket clients, every change pushed from the Kinesis stream. Each test has a table and a
 * stream of its own.
 */
@ExtendWith(KinesisLocal.Extension.class)
class AwsModeServerTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private static final Duration POLL = Duration.ofMillis(20);
    private static KinesisLocal kinesis;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final String name = "aws-mode-" + UUID.randomUUID();
    private final AwsSettings aws = new AwsSettings(
            DynaliteExtension.REGION,
            name,
            name + "-changes",
            Optional.of(dynalite.endpoint()),
            Optional.of(kinesis.endpoint()));

    @BeforeAll
    static void emulators(KinesisLocal emulator) {
        kinesis = emulator;
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable closeable : toClose.reversed()) {
            closeable.close();
        }
    }

    @Test
    void pushesTheReferenceBatchFromTheKinesisStream_toARealWebSocketClient() throws Exception {
        LocalApp app = start(true, kinesis.newClient());
        assertThat(app.seeded()).isTrue();
        WsClient analyst = connect(app, "client-001");

        HttpResponse<String> put = LocalServerTest.putReferenceBatch(app);

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(Http.json(put.body()).path("accepted").asInt()).isEqualTo(2);
        Map<String, JsonNode> sent = new HashMap<>();
        Http.json(Reference.text("provider-odds-batch.json"))
                .path("odds")
                .forEach(update -> sent.put(update.path("gameId").asText(), update));
        // Two games, on two shards of the stream perhaps: each game's changes come in order, the games in any.
        for (int i = 0; i < 2; i++) {
            JsonNode frame = nextOdds(analyst);
            JsonNode update = sent.remove(frame.path("gameId").asText());
            assertThat(update)
                    .as("a frame of each game of the batch, once: " + frame)
                    .isNotNull();
            assertThat(LocalServerTest.iterable(frame.fieldNames()))
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
            assertThat(frame.path("seq").asLong()).isEqualTo(1);
            assertThat(frame.path("market")).isEqualTo(update.path("type"));
            for (String field : List.of(
                    "gameId", "home", "away", "homeOdds", "awayOdds", "date", "isOpen", "summary", "gameDate")) {
                assertThat(frame.path(field)).as(field).isEqualTo(update.path(field));
            }
            assertThat(frame.path("storedAt").asLong()).isPositive();
        }
        assertThat(streamRecords())
                .as("the change records on the stream, as Kinesis Data Streams for DynamoDB writes them")
                .extracting(record -> Http.json(record.data().asUtf8String())
                        .at("/dynamodb/Keys/PK/S")
                        .asText())
                .containsExactlyInAnyOrder(ServerTestBase.LAKERS, ServerTestBase.ARSENAL);
    }

    @Test
    void keepsTheDataAndPushesNewUpdates_whenTheServerRestartsOnTheSameTable() throws Exception {
        LocalApp first = start(true, kinesis.newClient());
        LocalServerTest.putReferenceBatch(first);
        first.close();

        LocalApp restarted = start(false, kinesis.newClient());
        WsClient analyst = connect(restarted, "client-003");

        assertThat(restarted.seeded()).isFalse();
        JsonNode latest = Http.json(Http.get(ServerTestBase.url(restarted, "/feeds?game=" + ServerTestBase.LAKERS))
                .body());
        assertThat(latest.path("odds")).hasSize(1);
        assertThat(latest.path("odds").get(0).path("homeOdds").asInt()).isEqualTo(-110);
        JsonNode history =
                Http.json(Http.get(ServerTestBase.url(restarted, "/games/" + ServerTestBase.ARSENAL + "/odds"))
                        .body());
        assertThat(history.path("odds")).hasSize(1);
        assertThat(history.path("odds").get(0).path("awayOdds").asInt()).isEqualTo(240);
        JsonNode again = Http.json(LocalServerTest.putReferenceBatch(restarted).body());
        assertThat(again.path("duplicates").asInt()).isEqualTo(2);
        putOne(restarted, ServerTestBase.LAKERS, -120, 1_764_617_460L);
        JsonNode pushed = nextOdds(analyst);
        assertThat(pushed.path("gameId").asText()).isEqualTo(ServerTestBase.LAKERS);
        assertThat(pushed.path("seq").asLong()).isEqualTo(2);
        assertThat(pushed.path("homeOdds").asInt()).isEqualTo(-120);
    }

    @Test
    void deliversEveryUpdateInOrder_whenTheRecordOfOneIsLostBetweenTheWriteAndThePut() throws Exception {
        // The second PutRecords "succeeds" without reaching the stream: seq 2 is stored, but its record is gone.
        LocalApp app = start(true, new DroppingKinesis(kinesis.newClient(), call -> call == 2));
        WsClient first = connect(app, "client-001");
        WsClient second = connect(app, "client-003");

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> put = putOne(app, ServerTestBase.LAKERS, -110 - i, 1_764_617_400L + i);
            assertThat(Http.json(put.body()).path("accepted").asInt()).isEqualTo(1);
        }

        for (WsClient analyst : List.of(first, second)) {
            List<JsonNode> frames = List.of(nextOdds(analyst), nextOdds(analyst), nextOdds(analyst));
            assertThat(frames).extracting(f -> f.path("seq").asLong()).containsExactly(1L, 2L, 3L);
            assertThat(frames).extracting(f -> f.path("homeOdds").asInt()).containsExactly(-110, -111, -112);
            assertThat(analyst.poll(Duration.ofMillis(300))).as("nothing twice").isNull();
        }
        assertThat(streamRecords())
                .as("seq 2 never reached the stream: the publisher read it from the table to fill the gap")
                .extracting(record -> Http.json(record.data().asUtf8String())
                        .at("/dynamodb/NewImage/SEQ/N")
                        .asLong())
                .containsExactly(1L, 3L);
    }

    @Test
    void refusesToStartAndSaysHowToCreateThem_whenTheTableAndStreamDoNotExist() {
        AwsBackend.Settings settings = new AwsBackend.Settings(aws, POLL, Duration.ofDays(1), false, true);

        assertThatThrownBy(() -> AwsBackend.open(
                        settings,
                        Clock.systemUTC(),
                        DynaliteExtension.clientOf(dynalite.endpoint()),
                        kinesis.newClient()))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage("the DynamoDB table " + name
                        + " does not exist (--create-resources creates the table and the stream where missing)");
    }

    /** The server's settings in the AWS-mode tests, which are about the backend. */
    static ServerSettings awsModeSettings() {
        return ServerSettings.builder()
                .dataDir(Path.of("unused-by-the-aws-backend"))
                .maxBodyBytes(ServerTestBase.MAX_BODY_BYTES)
                // Authentication is tested elsewhere.
                .auth(AuthSettings.off())
                // No heartbeat within a test's run: its "nothing more arrived" checks take any frame.
                .heartbeat(Duration.ofMinutes(10))
                .build();
    }

    private LocalApp start(boolean createResources, KinesisClient kinesisClient) {
        AwsBackend.Settings settings = new AwsBackend.Settings(aws, POLL, Duration.ofDays(1), createResources, true);
        Clock clock = Clock.systemUTC();
        LocalApp app = LocalApp.start(
                awsModeSettings(),
                clock,
                () -> AwsBackend.open(settings, clock, DynaliteExtension.clientOf(dynalite.endpoint()), kinesisClient));
        toClose.add(app);
        return app;
    }

    private WsClient connect(LocalApp app, String clientId) {
        WsClient client = WsClient.connect(app.webSocketUrl(clientId));
        toClose.add(client);
        return client;
    }

    private static HttpResponse<String> putOne(LocalApp app, String gameId, int homeOdds, long date) {
        String body =
                "{\"odds\":[{\"gameId\":\"" + gameId + "\",\"type\":\"spread\",\"home\":3,\"away\":-3,\"homeOdds\":"
                        + homeOdds + ",\"awayOdds\":-110,\"date\":" + date + "}]}";
        return Http.call("PUT", ServerTestBase.url(app, "/feeds"), body.getBytes(StandardCharsets.UTF_8));
    }

    /** The next odds frame, past heartbeats and other notices. */
    static JsonNode nextOdds(WsClient client) throws InterruptedException {
        while (true) {
            JsonNode frame = Http.json(client.nextFrame());
            if (frame.path("kind").asText().equals("odds")) {
                return frame;
            }
        }
    }

    /** The records on the test's stream (an on-demand one has four shards), each shard's from its start, in order. */
    private List<Record> streamRecords() {
        KinesisClient client = kinesis.client();
        List<Record> records = new ArrayList<>();
        for (var shard : client.listShards(r -> r.streamName(aws.stream())).shards()) {
            String iterator = client.getShardIterator(r -> r.streamName(aws.stream())
                            .shardId(shard.shardId())
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            // kinesis-local answers what a shard holds in one read; a second one shows nothing more came.
            for (int read = 0; read < 2; read++) {
                String from = iterator;
                GetRecordsResponse response = client.getRecords(r -> r.shardIterator(from));
                records.addAll(response.records());
                iterator = response.nextShardIterator();
            }
        }
        return records;
    }

    /**
     * A Kinesis client that answers chosen PutRecords calls (counted from 1) as if every record had
     * been put, without sending them: records lost after the write, with nobody told.
     */
    static final class DroppingKinesis implements KinesisClient {
        private final KinesisClient real;
        private final IntPredicate drop;
        private final AtomicInteger puts = new AtomicInteger();

        DroppingKinesis(KinesisClient real, IntPredicate drop) {
            this.real = real;
            this.drop = drop;
        }

        @Override
        public PutRecordsResponse putRecords(PutRecordsRequest request) {
            if (drop.test(puts.incrementAndGet())) {
                List<PutRecordsResultEntry> results = request.records().stream()
                        .map(r -> PutRecordsResultEntry.builder()
                                .shardId("dropped")
                                .sequenceNumber("0")
                                .build())
                        .toList();
                return PutRecordsResponse.builder()
                        .failedRecordCount(0)
                        .records(results)
                        .build();
            }
            return real.putRecords(request);
        }

        @Override
        public CreateStreamResponse createStream(CreateStreamRequest request) {
            return real.createStream(request);
        }

        @Override
        public DescribeStreamSummaryResponse describeStreamSummary(DescribeStreamSummaryRequest request) {
            return real.describeStreamSummary(request);
        }

        @Override
        public ListShardsResponse listShards(ListShardsRequest request) {
            return real.listShards(request);
        }

        @Override
        public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
            return real.getShardIterator(request);
        }

        @Override
        public GetRecordsResponse getRecords(GetRecordsRequest request) {
            return real.getRecords(request);
        }

        @Override
        public String serviceName() {
            return real.serviceName();
        }

        @Override
        public void close() {
            real.close();
        }
    }
}
