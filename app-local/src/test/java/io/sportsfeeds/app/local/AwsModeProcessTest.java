package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sportsfeeds.adapters.aws.DynaliteExtension;
import io.sportsfeeds.adapters.aws.KinesisLocal;
import io.sportsfeeds.api.Reference;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --backend aws} as an operator starts it: its own OS process, every AWS setting
 * from the standard environment variables, on dynalite and kinesis-local.
 */
@ExtendWith(KinesisLocal.Extension.class)
class AwsModeProcessTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    private static KinesisLocal kinesis;

    @TempDir
    Path logs;

    @BeforeAll
    static void emulators(KinesisLocal emulator) {
        kinesis = emulator;
    }

    @Test
    void createsTheResourcesSaysWhatDynaliteLacks_andKeepsTheDataAcrossAKill() throws Exception {
        String table = "process-" + UUID.randomUUID();
        Map<String, String> env = Map.of(
                "AWS_REGION",
                DynaliteExtension.REGION,
                "AWS_ENDPOINT_URL_DYNAMODB",
                dynalite.endpoint().toString(),
                "AWS_ENDPOINT_URL_KINESIS",
                kinesis.endpoint().toString(),
                "AWS_ACCESS_KEY_ID",
                "test",
                "AWS_SECRET_ACCESS_KEY",
                "test");
        List<String> aws = List.of(
                "--backend",
                "aws",
                "--table",
                table,
                "--stream",
                table + "-changes",
                "--poll-interval",
                "50ms",
                // Authentication is tested elsewhere; the server binds to loopback.
                "--no-auth",
                "--data-dir",
                logs.resolve("unused-data-dir").toString());
        Path firstLog = logs.resolve("first.log");

        try (ServerProcess first =
                ServerProcess.start(concat(aws, "--create-resources"), env, firstLog, READY_WITHIN)) {
            HttpResponse<String> put =
                    Http.call("PUT", first.url("/feeds"), Reference.bytes("provider-odds-batch.json"));
            assertThat(put.statusCode()).as(first.outputTail()).isEqualTo(200);
            assertThat(first.kill()).isEqualTo(137);
        }
        String output = Files.readString(firstLog, StandardCharsets.UTF_8);
        assertThat(output)
                .contains("DynamoDB table " + table + " created; Kinesis stream " + table
                        + "-changes created (on-demand capacity)")
                .contains("the DynamoDB endpoint " + dynalite.endpoint()
                        + " has no Kinesis streaming destination and no TTL (UnknownOperationException:"
                        + " an emulator such as dynalite): nothing writes the table's changes to the stream, so no update reaches a WebSocket"
                        + " client; restart with --emulate-streaming-destination")
                .containsPattern("sportsfeeds ready at http://127\\.0\\.0\\.1:\\d+ \\(data in DynamoDB table " + table
                        + ", Kinesis stream " + table + "-changes \\(eu-west-2, DynamoDB at " + dynalite.endpoint()
                        + ", Kinesis at " + kinesis.endpoint() + "\\), seeded with samples, authentication off\\)");

        Path secondLog = logs.resolve("second.log");
        try (ServerProcess second = ServerProcess.start(
                        concat(aws, "--emulate-streaming-destination"), env, secondLog, READY_WITHIN);
                WsClient analyst = WsClient.connect(second.webSocketUrl("client-001"))) {
            JsonNode latest = Http.json(
                    Http.get(second.url("/feeds?game=" + ServerTestBase.LAKERS)).body());
            JsonNode again =
                    Http.json(Http.call("PUT", second.url("/feeds"), Reference.bytes("provider-odds-batch.json"))
                            .body());
            String update = "{\"odds\":[{\"gameId\":\"" + ServerTestBase.ARSENAL
                    + "\",\"type\":\"moneyline\",\"home\":0,\"away\":0,\"homeOdds\":-160,"
                    + "\"awayOdds\":250,\"date\":1764617500}]}";
            Http.call("PUT", second.url("/feeds"), update.getBytes(StandardCharsets.UTF_8));
            JsonNode pushed = AwsModeServerTest.nextOdds(analyst);

            assertThat(Files.readString(secondLog, StandardCharsets.UTF_8))
                    .as("not seeded again")
                    .doesNotContain("seeded with samples")
                    .contains("emulating the streaming destination (a development aid)");
            assertThat(latest.path("odds")).hasSize(1);
            assertThat(latest.path("odds").get(0).path("homeOdds").asInt()).isEqualTo(-110);
            assertThat(again.path("duplicates").asInt()).isEqualTo(2);
            assertThat(pushed.path("gameId").asText()).isEqualTo(ServerTestBase.ARSENAL);
            assertThat(pushed.path("seq").asLong()).isEqualTo(2);
            assertThat(pushed.path("awayOdds").asInt()).isEqualTo(250);
        }
    }

    private static List<String> concat(List<String> options, String more) {
        return java.util.stream.Stream.concat(options.stream(), java.util.stream.Stream.of(more))
                .toList();
    }
}
