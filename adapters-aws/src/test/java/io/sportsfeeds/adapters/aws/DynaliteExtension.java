package io.sportsfeeds.adapters.aws;

import io.sportsfeeds.core.fakes.Await;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * dynalite (the DynamoDB API on an in-memory LevelDB) for a test class: one emulator per test run,
 * started on a free loopback port by the first class that needs it and stopped when the run ends.
 * Each class makes its own tables ({@link #newTable}), so classes never see each other's items.
 *
 * <pre>{@code
 * @RegisterExtension static final DynaliteExtension dynalite = new DynaliteExtension();
 * ... DynamoDbStores.of(dynalite.client(), dynalite.newTable("odds"), clock, retention) ...
 * }</pre>
 *
 * Without Node.js or {@code node_modules/dynalite} the class is skipped, or fails in CI (see {@link Emulators}).
 * Public, in this module's test-jar, for app-local's aws-mode tests.
 */
public final class DynaliteExtension implements BeforeAllCallback {
    public static final String REGION = "eu-west-2";
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(DynaliteExtension.class);

    private Running running;

    @Override
    public void beforeAll(ExtensionContext context) {
        running = context.getRoot()
                .getStore(NAMESPACE)
                .computeIfAbsent("dynalite", key -> Running.start(), Running.class);
    }

    /** A client of the emulator (the SDK's default retries). */
    public DynamoDbClient client() {
        return running().client;
    }

    public URI endpoint() {
        return running().emulator.endpoint();
    }

    /** Settings naming a new, empty, active table made by {@link DynamoDbTables}. */
    public AwsSettings newTable(String purpose) {
        AwsSettings settings = settings(purpose + "-" + UUID.randomUUID());
        DynamoDbTables.createIfMissing(client(), settings, Duration.ofSeconds(30));
        return settings;
    }

    /** Settings for a table of this name on the emulator (not created). */
    public AwsSettings settings(String table) {
        return new AwsSettings(REGION, table, "unused-stream", Optional.of(endpoint()), Optional.empty());
    }

    /** A client of any endpoint with the credentials and region the tests use. */
    public static DynamoDbClient clientOf(URI endpoint) {
        return clientBuilder(endpoint).build();
    }

    static DynamoDbClientBuilder clientBuilder(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create());
    }

    private Running running() {
        if (running == null) {
            throw new IllegalStateException("register DynaliteExtension on a static field with @RegisterExtension");
        }
        return running;
    }

    /** The emulator and a client of it, closed by JUnit when the run ends (and by a shutdown hook if it does not end well). */
    static final class Running implements AutoCloseable {
        final NodeEmulator emulator;
        final DynamoDbClient client;

        private Running(NodeEmulator emulator, DynamoDbClient client) {
            this.emulator = emulator;
            this.client = client;
        }

        static Running start() {
            Emulators.Installed dynalite = Emulators.require("dynalite");
            NodeEmulator emulator = NodeEmulator.start(
                    "dynalite",
                    dynalite.node(),
                    dynalite.packageDir(),
                    dynalite.packageDir().resolve("cli.js"),
                    port -> List.of(
                            "--host",
                            "127.0.0.1",
                            "--port",
                            Integer.toString(port),
                            "--createTableMs",
                            "0",
                            "--deleteTableMs",
                            "0",
                            "--updateTableMs",
                            "0"),
                    Path.of("target", "emulators"));
            DynamoDbClient client = clientOf(emulator.endpoint());
            try {
                awaitAnswering(client, emulator);
            } catch (RuntimeException e) {
                client.close();
                emulator.close();
                throw e;
            }
            return new Running(emulator, client);
        }

        private static void awaitAnswering(DynamoDbClient client, NodeEmulator emulator) {
            AtomicReference<RuntimeException> lastRefusal = new AtomicReference<>();
            boolean answered = Await.within(Duration.ofSeconds(20), KinesisLocal.PROBE_INTERVAL, () -> {
                try {
                    client.listTables();
                    return true;
                } catch (RuntimeException notYet) {
                    lastRefusal.set(notYet);
                    return false;
                }
            });
            if (!answered) {
                throw new IllegalStateException(
                        "dynalite does not answer ListTables: " + lastRefusal.get() + "\n" + emulator.output(),
                        lastRefusal.get());
            }
        }

        @Override
        public void close() {
            client.close();
            emulator.close();
        }
    }
}
