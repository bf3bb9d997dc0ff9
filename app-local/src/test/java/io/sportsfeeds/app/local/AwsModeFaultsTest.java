package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.sportsfeeds.adapters.aws.AwsSettings;
import io.sportsfeeds.adapters.aws.DynaliteExtension;
import io.sportsfeeds.adapters.aws.KillableEmulator;
import io.sportsfeeds.adapters.aws.KinesisLocal;
import io.sportsfeeds.api.http.ApiError;
import io.sportsfeeds.core.fakes.Await;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The server in aws mode while an emulator it depends on is SIGKILLed and started again on the
 * same port and data, the server itself running on: real HTTP and WebSocket clients. The killed
 * emulator is a test's own ({@link KillableEmulator}); the other is the run's shared one.
 */
@ExtendWith(KinesisLocal.Extension.class)
class AwsModeFaultsTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private static final Duration POLL = Duration.ofMillis(20);
    /** For each step that waits (a restart, the reader's backoff of up to 5 s), generous for a loaded machine. */
    private static final Duration STEP = Duration.ofSeconds(30);

    private static final String GAME = ServerTestBase.LAKERS;
    private static KinesisLocal sharedKinesis;

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final String name = "aws-faults-" + UUID.randomUUID();

    @BeforeAll
    static void emulators(KinesisLocal emulator) {
        sharedKinesis = emulator;
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable closeable : toClose.reversed()) {
            closeable.close();
        }
    }

    @Test
    void answers503AndStoresNothing_whileDynamoDbIsDown_andIngestsAgainOnceItIsBack_withoutARestart() throws Exception {
        KillableEmulator dynamo = own(KillableEmulator.dynalite(dir.resolve("dynalite"), dir.resolve("logs")));
        LocalApp app = start(
                dynamo.newDynamoDbClient(), dynamo.endpoint(), sharedKinesis.newClient(), sharedKinesis.endpoint());
        WsClient analyst = connect(app);
        assertThat(putOne(app, -110, 0).statusCode()).isEqualTo(200);
        assertThat(AwsModeServerTest.nextOdds(analyst).path("seq").asLong()).isEqualTo(1);

        dynamo.kill();
        long begun = System.nanoTime();
        HttpResponse<String> whileDown = putOne(app, -111, 1);
        long answeredInMillis = (System.nanoTime() - begun) / 1_000_000;
        HttpResponse<String> readWhileDown = Http.get(ServerTestBase.url(app, "/feeds?game=" + GAME));
        dynamo.restart();
        HttpResponse<String> afterRestart = putOne(app, -112, 2);
        List<Long> storedBeforeRetry = dates(app);
        HttpResponse<String> retried = putOne(app, -111, 1);

        for (HttpResponse<String> refused : List.of(whileDown, readWhileDown)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            JsonNode error = Http.json(refused.body());
            assertThat(error.path("error").asText()).isEqualTo("store_unavailable");
            assertThat(error.path("message").asText()).isEqualTo(ApiError.STORE_UNAVAILABLE_MESSAGE);
        }
        assertThat(afterRestart.statusCode())
                .as("the first request after the restart, same server: %s", afterRestart.body())
                .isEqualTo(200);
        assertThat(storedBeforeRetry)
                .as("what the table holds of the game: nothing of the request answered 503")
                .containsExactly(0L, 2L);
        assertThat(Http.json(retried.body()).at("/results/0/status").asText())
                .as("retrying the refused request is safe: it is stored now, once")
                .isEqualTo("stored");
        assertThat(dates(app)).containsExactly(0L, 2L, 1L);
        assertThat(List.of(AwsModeServerTest.nextOdds(analyst), AwsModeServerTest.nextOdds(analyst)))
                .as("the analyst's connection (its item in the table) outlived the outage")
                .extracting(
                        frame -> frame.path("seq").asLong(),
                        frame -> frame.path("homeOdds").asInt())
                .containsExactly(tuple(2L, -112), tuple(3L, -111));
        assertThat(analyst.poll(Duration.ofMillis(300))).as("nothing twice").isNull();
        // A figure for docs/RELIABILITY.md, not an assertion: the machine may be loaded.
        System.out.printf(
                "AwsModeFaultsTest: PUT /feeds answered 503 %d ms after DynamoDB was killed%n", answeredInMillis);
    }

    @Test
    void pushesEveryUpdateOnceInOrder_whenKinesisIsKilledAndRestarted_fillingWhatItLostFromTheTable() throws Exception {
        Path kinesisData = dir.resolve("kinesis");
        KillableEmulator kinesis =
                own(KillableEmulator.kinesis(kinesisData, Duration.ofMillis(200), dir.resolve("logs")));
        KinesisClient kinesisClient = kinesis.newKinesisClient();
        LocalApp app = start(
                DynaliteExtension.clientOf(dynalite.endpoint()),
                dynalite.endpoint(),
                kinesisClient,
                kinesis.endpoint());
        String stream = name + "-changes";
        WsClient analyst = connect(app);
        assertThat(putOne(app, -110, 0).statusCode()).isEqualTo(200);
        assertThat(AwsModeServerTest.nextOdds(analyst).path("seq").asLong()).isEqualTo(1);
        // The stream must be in kinesis-local's file before the kill, or the restart would not know it.
        Await.until(STEP, () -> persisted(kinesisData, stream), () -> "the stream " + stream + " persisted");

        kinesis.kill();
        List<Integer> whileDown =
                List.of(putOne(app, -111, 1).statusCode(), putOne(app, -112, 2).statusCode());
        kinesis.restart();
        int afterRestart = putOne(app, -113, 3).statusCode();

        assertThat(whileDown)
                .as("the table stores and acknowledges; only the change records are lost")
                .containsExactly(200, 200);
        assertThat(afterRestart).isEqualTo(200);
        List<JsonNode> frames = nextOdds(analyst, 3);
        assertThat(frames)
                .as("the reader recovered (with its iterators, or new ones where the restarted emulator lost their"
                        + " records); the publisher read seqs 2 and 3, whose records were lost, from the table when seq 4"
                        + " arrived")
                .extracting(frame -> frame.path("seq").asLong())
                .containsExactly(2L, 3L, 4L);
        assertThat(frames).extracting(frame -> frame.path("homeOdds").asInt()).containsExactly(-111, -112, -113);
        assertThat(analyst.poll(Duration.ofMillis(300))).as("nothing twice").isNull();
        assertThat(dates(app))
                .containsExactlyElementsOf(LongStream.rangeClosed(0, 3).boxed().toList());
    }

    /** The next {@code count} odds frames, waiting up to {@link #STEP} (the reader's backoff reaches 5 s). */
    private static List<JsonNode> nextOdds(WsClient analyst, int count) throws InterruptedException {
        List<JsonNode> frames = new ArrayList<>();
        long deadline = System.nanoTime() + STEP.toNanos();
        while (frames.size() < count) {
            String text = analyst.poll(Duration.ofMillis(100));
            if (text != null && Http.json(text).path("kind").asText().equals("odds")) {
                frames.add(Http.json(text));
            } else if (text == null && System.nanoTime() > deadline) {
                throw new AssertionError(count + " odds frames expected within " + STEP + ", got " + frames);
            }
        }
        return frames;
    }

    private static boolean persisted(Path dataDir, String stream) {
        Path file = dataDir.resolve("kinesis-data.json");
        try {
            return Files.isRegularFile(file)
                    && Files.readString(file, StandardCharsets.UTF_8).contains(stream);
        } catch (java.io.IOException racingTheWriter) {
            return false;
        }
    }

    private <T extends AutoCloseable> T own(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    /**
     * The server on the given DynamoDB and Kinesis, creating the table and stream, the streaming
     * destination emulated (dynalite has none).
     */
    private LocalApp start(
            DynamoDbClient dynamoClient, URI dynamoEndpoint, KinesisClient kinesisClient, URI kinesisEndpoint) {
        AwsSettings aws = new AwsSettings(
                DynaliteExtension.REGION,
                name,
                name + "-changes",
                Optional.of(dynamoEndpoint),
                Optional.of(kinesisEndpoint));
        AwsBackend.Settings settings = new AwsBackend.Settings(aws, POLL, Duration.ofDays(1), true, true);
        Clock clock = Clock.systemUTC();
        LocalApp app = LocalApp.start(
                AwsModeServerTest.awsModeSettings(),
                clock,
                () -> AwsBackend.open(settings, clock, dynamoClient, kinesisClient));
        return own(app);
    }

    private WsClient connect(LocalApp app) {
        return own(WsClient.connect(app.webSocketUrl("client-001")));
    }

    /** One update of the game; its date is the provider's time, epoch seconds, a token past a base. */
    private static HttpResponse<String> putOne(LocalApp app, int homeOdds, long token) {
        String body = "{\"odds\":[{\"gameId\":\"" + GAME + "\",\"type\":\"spread\",\"home\":3,\"away\":-3,\"homeOdds\":"
                + homeOdds + ",\"awayOdds\":-110,\"date\":" + (1_764_617_400L + token) + "}]}";
        return Http.call("PUT", ServerTestBase.url(app, "/feeds"), body.getBytes(StandardCharsets.UTF_8));
    }

    /** The tokens of the game's history, in seq order, checking the seqs are gap-free from 1. */
    private static List<Long> dates(LocalApp app) {
        HttpResponse<String> response = Http.get(ServerTestBase.url(app, "/games/" + GAME + "/odds?limit=100"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> rows = new ArrayList<>();
        Http.json(response.body()).path("odds").forEach(rows::add);
        assertThat(rows)
                .extracting(row -> row.path("seq").asLong())
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, rows.size()).boxed().toList());
        return rows.stream()
                .map(row -> row.path("date").asLong() - 1_764_617_400L)
                .toList();
    }
}
