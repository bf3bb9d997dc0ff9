package io.sportsfeeds.app.lambda;

import io.sportsfeeds.adapters.aws.ApiGatewayConnectionGateway;
import io.sportsfeeds.adapters.aws.AwsSettings;
import io.sportsfeeds.adapters.aws.ChangeRecordDecoder;
import io.sportsfeeds.adapters.aws.DynamoDbStores;
import io.sportsfeeds.api.http.RestApi;
import io.sportsfeeds.api.ws.ProtocolMessages;
import io.sportsfeeds.api.ws.PushedMessages;
import io.sportsfeeds.api.ws.WebSocketSessions;
import io.sportsfeeds.core.domain.ApiKey;
import io.sportsfeeds.core.domain.Role;
import io.sportsfeeds.core.port.ConnectionGateway;
import io.sportsfeeds.core.usecase.AuthenticateCallers;
import io.sportsfeeds.core.usecase.ClientSecrets;
import io.sportsfeeds.core.usecase.DeliveryOrder;
import io.sportsfeeds.core.usecase.IngestFeeds;
import io.sportsfeeds.core.usecase.ManageConnections;
import io.sportsfeeds.core.usecase.ManageSubscriptions;
import io.sportsfeeds.core.usecase.PublishChanges;
import io.sportsfeeds.core.usecase.ReadOdds;
import io.sportsfeeds.core.usecase.RegisterClients;
import io.sportsfeeds.core.usecase.RegisterGames;
import io.sportsfeeds.core.usecase.RevokeClients;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds what the handlers need from the function's environment, once per execution environment
 * (in a handler's no-argument constructor, so SnapStart snapshots it; the SDK clients hold no
 * connection until first used, and no randomness is drawn here):
 *
 * <ul>
 *   <li>{@code SPORTSFEEDS_TABLE}, {@code SPORTSFEEDS_STREAM}: the table and the stream;
 *   <li>{@code SPORTSFEEDS_RETENTION_DAYS}: how long odds are kept (30 when unset);
 *   <li>{@code SPORTSFEEDS_ADMIN_KEY_SHA256}: the SHA-256 (hex) of the admin key the REST function
 *       accepts on the admin routes; unset, nobody may call them (the REST function only);
 *   <li>{@code AWS_REGION} (set by Lambda) and the SDK's endpoint variables, among them
 *       {@code AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI}: the WebSocket API stage's endpoint.
 * </ul>
 */
final class LambdaWiring {
    static final String TABLE = "SPORTSFEEDS_TABLE";
    static final String STREAM = "SPORTSFEEDS_STREAM";
    static final String RETENTION_DAYS = "SPORTSFEEDS_RETENTION_DAYS";
    static final String ADMIN_KEY_SHA256 = "SPORTSFEEDS_ADMIN_KEY_SHA256";

    private final Map<String, String> env;
    private final DynamoDbClient dynamo;
    private final DynamoDbStores stores;
    private final AwsSettings settings;
    private final Clock clock = Clock.systemUTC();
    private final SecureRandom random = new SecureRandom();
    // Built when first asked for: the REST function posts no frames and has no Management API endpoint.
    private ApiGatewayManagementApiAsyncClient managementApi;
    private ApiGatewayConnectionGateway gateway;

    private LambdaWiring(Map<String, String> env, AwsSettings settings, DynamoDbClient dynamo, DynamoDbStores stores) {
        this.env = env;
        this.settings = settings;
        this.dynamo = dynamo;
        this.stores = stores;
    }

    /** The wiring of a function, once its {@code System.Logger}s write JSON lines ({@link JsonLogging}). */
    static LambdaWiring fromEnvironment(Map<String, String> env) {
        JsonLogging.install();
        AwsSettings settings = AwsSettings.fromEnvironment(env, required(env, TABLE), required(env, STREAM));
        Duration retention = Duration.ofDays(Long.parseLong(env.getOrDefault(RETENTION_DAYS, "30")));
        DynamoDbClient dynamo = DynamoDbStores.newClient(settings);
        DynamoDbStores stores = DynamoDbStores.of(dynamo, settings, Clock.systemUTC(), retention);
        return new LambdaWiring(Map.copyOf(env), settings, dynamo, stores);
    }

    /**
     * What the REST function answers. API Gateway checks the provider's API key on the operations
     * of {@link RestHandler#KEY_CHECKED_BY_GATEWAY}, so those are answered without a second check;
     * every other operation (the admin routes) is checked here against the admin key's hash.
     * Appends are counted into {@code telemetry}'s metrics.
     */
    RestHandler.Apis restApis(Telemetry telemetry) {
        IngestFeeds ingest =
                new IngestFeeds(new CountingOddsStore(stores.oddsStore(), telemetry), IngestFeeds.DEFAULT_MAX_BATCH);
        ReadOdds read = new ReadOdds(stores.oddsStore());
        RegisterGames games = new RegisterGames(stores.gameCatalogue());
        ClientSecrets secrets = new ClientSecrets(random);
        RegisterClients clients = new RegisterClients(stores.clientRegistry(), secrets);
        List<ApiKey> adminKeys = Optional.ofNullable(env.get(ADMIN_KEY_SHA256))
                .filter(hash -> !hash.isBlank())
                .map(hash -> List.of(new ApiKey(Role.ADMIN, hash.trim())))
                .orElse(List.of());
        return new RestHandler.Apis(
                new RestApi(ingest, read, games, clients, AuthenticateCallers.off()),
                new RestApi(
                        ingest,
                        read,
                        games,
                        clients,
                        AuthenticateCallers.with(adminKeys, stores.clientRegistry(), secrets)));
    }

    WebSocketSessions webSocketSessions() {
        DeliveryOrder order = new DeliveryOrder();
        // API keys are API Gateway's to check on the REST API; the WebSocket API's $connect checks
        // the client's secret here, as app-local does.
        AuthenticateCallers auth =
                AuthenticateCallers.with(List.of(), stores.clientRegistry(), new ClientSecrets(random));
        return new WebSocketSessions(
                new ManageConnections(
                        stores.clientRegistry(),
                        stores.connectionStore(),
                        clock,
                        ManageConnections.DEFAULT_IDLE_EXPIRY),
                auth,
                new ManageSubscriptions(
                        stores.oddsStore(),
                        stores.connectionStore(),
                        gateway(),
                        new PushedMessages(),
                        new ProtocolMessages(),
                        order));
    }

    PublishChanges publishChanges() {
        return new PublishChanges(
                stores.oddsStore(),
                stores.publishedSeqs(),
                stores.connectionStore(),
                gateway(),
                new PushedMessages(),
                clock,
                new DeliveryOrder());
    }

    RevokeClients revokeClients() {
        return new RevokeClients(stores.clientRegistry(), stores.connectionStore(), gateway());
    }

    ChangeRecordDecoder decoder() {
        return new ChangeRecordDecoder(settings.table());
    }

    ConnectionGateway gateway() {
        if (gateway == null) {
            managementApi = ApiGatewayConnectionGateway.newClient(settings);
            gateway = ApiGatewayConnectionGateway.create(managementApi);
        }
        return gateway;
    }

    /** Closes the clients. A function never does (the environment ends with them); tests do. */
    void close() {
        dynamo.close();
        if (gateway != null) {
            gateway.close();
            managementApi.close();
        }
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " must be set in the function's environment");
        }
        return value;
    }
}
