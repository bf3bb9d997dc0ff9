package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sportsfeeds.adapters.aws.AwsSettings;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DestinationStatus;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The whole loop on LocalStack, with its real Kinesis streaming destination (no emulation): the
 * server creates the table and the stream and turns the destination on, a provider's batch is
 * stored, DynamoDB writes its change records to the stream, the server reads them and pushes them
 * to a WebSocket client. Runs wherever a Docker engine is; without one the class is skipped, and
 * {@link SkippedTestsReport} prints why.
 *
 * <p>The image is pinned to a 4.x release: since March 2026 newer LocalStack images start only with
 * an account's {@code LOCALSTACK_AUTH_TOKEN}. Another image (system property
 * {@code sportsfeeds.localstack.image}) gets that token from the environment when it is set.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackLoopTest {
    private static final DockerImageName IMAGE =
            DockerImageName.parse(System.getProperty("sportsfeeds.localstack.image", "localstack/localstack:4.14.0"));

    @Container
    static final LocalStackContainer localstack =
            withAuthToken(new LocalStackContainer(IMAGE).withServices("dynamodb", "kinesis"));

    private static LocalStackContainer withAuthToken(LocalStackContainer container) {
        String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        return token == null || token.isBlank() ? container : container.withEnv("LOCALSTACK_AUTH_TOKEN", token);
    }

    @Test
    void pushesTheReferenceBatchThroughTheRealStreamingDestination_toAWebSocketClient() throws Exception {
        String name = "sportsfeeds-" + UUID.randomUUID();
        URI endpoint = localstack.getEndpoint();
        AwsSettings aws = new AwsSettings(
                localstack.getRegion(), name, name + "-changes", Optional.of(endpoint), Optional.of(endpoint));
        AwsBackend.Settings settings =
                new AwsBackend.Settings(aws, Duration.ofMillis(100), Duration.ofDays(1), true, false);
        Clock clock = Clock.systemUTC();

        try (LocalApp app = LocalApp.start(
                        ServerSettings.builder()
                                .dataDir(Path.of("unused-by-the-aws-backend"))
                                .maxBodyBytes(ServerTestBase.MAX_BODY_BYTES)
                                // Authentication is tested elsewhere; these tests are about the backend.
                                .auth(AuthSettings.off())
                                .build(),
                        clock,
                        () -> AwsBackend.open(settings, clock, dynamoDb(), kinesis()));
                DynamoDbClient check = dynamoDb();
                WsClient analyst = WsClient.connect(app.webSocketUrl("client-001"))) {
            assertThat(app.seeded()).isTrue();
            assertThat(check.describeKinesisStreamingDestination(r -> r.tableName(name))
                            .kinesisDataStreamDestinations())
                    .singleElement()
                    .satisfies(destination -> {
                        assertThat(destination.streamArn()).endsWith(":stream/" + name + "-changes");
                        assertThat(destination.destinationStatus()).isEqualTo(DestinationStatus.ACTIVE);
                    });

            HttpResponse<String> put = LocalServerTest.putReferenceBatch(app);

            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            Set<String> games = new HashSet<>();
            for (int i = 0; i < 2; i++) {
                JsonNode frame = AwsModeServerTest.nextOdds(analyst);
                assertThat(frame.path("seq").asLong()).isEqualTo(1);
                games.add(frame.path("gameId").asText());
            }
            assertThat(games).containsExactlyInAnyOrder(ServerTestBase.LAKERS, ServerTestBase.ARSENAL);
        }
    }

    private static DynamoDbClient dynamoDb() {
        return DynamoDbClient.builder()
                .endpointOverride(localstack.getEndpoint())
                .region(Region.of(localstack.getRegion()))
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static KinesisClient kinesis() {
        return KinesisClient.builder()
                .endpointOverride(localstack.getEndpoint())
                .region(Region.of(localstack.getRegion()))
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(localstack.getAccessKey(), localstack.getSecretKey()));
    }
}
