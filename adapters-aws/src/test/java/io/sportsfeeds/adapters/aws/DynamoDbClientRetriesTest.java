package io.sportsfeeds.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * How often the SDK tries one call of the stores' DynamoDB client when DynamoDB cannot be reached:
 * the stores retry on top of it ({@link Backoff#STANDARD}), so the two multiply.
 */
class DynamoDbClientRetriesTest {
    @TempDir
    Path dir;

    @Test
    void triesACallThreeTimes_whenDynamoDbIsUnreachable_andWorksAgainOnceItIsBack() {
        try (KillableEmulator dynalite = KillableEmulator.dynalite(dir.resolve("data"), dir.resolve("logs"));
                DynamoDbClient client = dynalite.newDynamoDbClient()) {
            client.listTables();
            dynalite.kill();

            SdkClientException failed = catchThrowableOfType(SdkClientException.class, client::listTables);
            dynalite.restart();

            assertThat(Arrays.stream(failed.getSuppressed()).map(Throwable::getMessage))
                    .as("the earlier attempts' failures, kept by the SDK with the last one")
                    .hasSize(2)
                    .allMatch(message -> message.startsWith("Request attempt "));
            assertThat(client.listTables().sdkHttpResponse().isSuccessful())
                    .as("the same client, once DynamoDB is back")
                    .isTrue();
        }
    }

    @Test
    void keepsAsManyIdleConnectionsPerHost_asAPublishQueriesAtOnce() {
        try (DynamoDbClient ignored = DynamoDbStores.newClient(
                AwsSettings.fromEnvironment(java.util.Map.of("AWS_REGION", "eu-west-2"), "table", "stream"))) {
            assertThat(System.getProperty(DynamoDbStores.KEEP_ALIVE_CONNECTIONS))
                    .isEqualTo(Integer.toString(Concurrently.MAX_AT_ONCE));
        }
    }
}
