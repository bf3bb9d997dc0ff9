package io.sportsfeeds.app.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import io.sportsfeeds.adapters.aws.AwsSettings;
import io.sportsfeeds.adapters.aws.DynaliteExtension;
import io.sportsfeeds.adapters.aws.DynamoDbStores;
import io.sportsfeeds.adapters.aws.ManagementApiServer;
import io.sportsfeeds.core.domain.ApiKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The three functions as Lambda runs them, on emulators: each built by {@link LambdaWiring} from a
 * function environment that points the real DynamoDB adapters at a fresh dynalite table and the real
 * Management API gateway at a recording {@link ManagementApiServer} on loopback. Every line the
 * functions log or emit as metrics is kept, in order.
 *
 * <p>The SDK's default credentials chain reads the emulators' dummy keys from the system
 * properties it looks at first ({@code aws.accessKeyId}, {@code aws.secretAccessKey}).
 */
final class LambdaEnvironment implements AutoCloseable {
    static final String ADMIN_KEY = "admin-key-of-the-emulator-tests-0123456789";
    static final String STAGE = "prod";
    static final String NAMESPACE = "Sportsfeeds";

    final ManagementApiServer managementApi = ManagementApiServer.start(STAGE);
    final AwsSettings table;
    final Map<String, String> env;
    /** The table's stores on the test's own client: what the functions stored, read back. */
    final DynamoDbStores stores;

    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final List<LambdaWiring> wirings = new ArrayList<>();

    LambdaEnvironment(DynaliteExtension dynalite) {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        table = dynalite.newTable("lambda");
        env = Map.of(
                "AWS_REGION",
                DynaliteExtension.REGION,
                LambdaWiring.TABLE,
                table.table(),
                LambdaWiring.STREAM,
                "sportsfeeds-changes",
                LambdaWiring.RETENTION_DAYS,
                "30",
                LambdaWiring.ADMIN_KEY_SHA256,
                HexFormat.of().formatHex(ApiKey.sha256(ADMIN_KEY)),
                "AWS_ENDPOINT_URL_DYNAMODB",
                dynalite.endpoint().toString(),
                "AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI",
                managementApi.endpoint().toString(),
                Telemetry.NAMESPACE_VARIABLE,
                NAMESPACE);
        stores = DynamoDbStores.of(dynalite.client(), table, Clock.systemUTC(), Duration.ofDays(30));
    }

    RestHandler rest() {
        return new RestHandler(wiring(), telemetry(RestHandler.FUNCTION));
    }

    WebSocketHandler webSocket() {
        return new WebSocketHandler(wiring(), telemetry(WebSocketHandler.FUNCTION));
    }

    StreamConsumerHandler streamConsumer() {
        return new StreamConsumerHandler(wiring(), telemetry(StreamConsumerHandler.FUNCTION));
    }

    /** Every line written so far, as written. */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The log lines (not metrics) so far, parsed. */
    List<JsonNode> logs() {
        return parsed().stream().filter(line -> !line.has("_aws")).toList();
    }

    /** The embedded-format metric lines of {@code function} so far, parsed. */
    List<JsonNode> metrics(String function) {
        return parsed().stream()
                .filter(line -> line.has("_aws")
                        && function.equals(line.path("Function").asText()))
                .toList();
    }

    /** The sum of a metric over the function's metric lines so far. */
    long sum(String function, String metric) {
        return metrics(function).stream()
                .mapToLong(line -> line.path(metric).asLong())
                .sum();
    }

    private List<JsonNode> parsed() {
        return lines().stream().map(LambdaEnvironment::parse).toList();
    }

    static JsonNode parse(String line) {
        return JsonLines.parse(line);
    }

    private LambdaWiring wiring() {
        LambdaWiring wiring = LambdaWiring.fromEnvironment(env);
        wirings.add(wiring);
        return wiring;
    }

    private Telemetry telemetry(String function) {
        return new Telemetry(function, NAMESPACE, lines::add, Clock.systemUTC());
    }

    @Override
    public void close() {
        wirings.forEach(LambdaWiring::close);
        managementApi.close();
    }
}
