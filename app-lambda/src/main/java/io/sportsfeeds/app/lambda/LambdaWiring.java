package io.sportsfeeds.app.lambda;

import io.sportsfeeds.adapters.aws.ApiGatewayConnectionGateway;
import io.sportsfeeds.adapters.aws.AwsSettings;
import io.sportsfeeds.adapters.aws.ChangeRecordDecoder;
import io.sportsfeeds.adapters.aws.DynamoDbStores;
import io.sportsfeeds.api.ws.ProtocolMessages;
import io.sportsfeeds.api.ws.PushedMessages;
import io.sportsfeeds.api.ws.WebSocketSessions;
import io.sportsfeeds.core.port.ConnectionGateway;
import io.sportsfeeds.core.usecase.AuthenticateCallers;
import io.sportsfeeds.core.usecase.ClientSecrets;
import io.sportsfeeds.core.usecase.DeliveryOrder;
import io.sportsfeeds.core.usecase.ManageConnections;
import io.sportsfeeds.core.usecase.ManageSubscriptions;
import io.sportsfeeds.core.usecase.PublishChanges;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Builds what the handlers need from the function's environment, once per execution environment
 * (in a handler's no-argument constructor, so SnapStart snapshots it; the SDK clients hold no
 * connection until first used, and no randomness is drawn here):
 *
 * <ul>
 *   <li>{@code SPORTSFEEDS_TABLE}, {@code SPORTSFEEDS_STREAM}: the table and the stream;
 *   <li>{@code SPORTSFEEDS_RETENTION_DAYS}: how long odds are kept (30 when unset);
 *   <li>{@code AWS_REGION} (set by Lambda) and the SDK's endpoint variables, among them
 *       {@code AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI}: the WebSocket API stage's endpoint.
 * </ul>
 */
final class LambdaWiring {
    static final String TABLE = "SPORTSFEEDS_TABLE";
    static final String STREAM = "SPORTSFEEDS_STREAM";
    static final String RETENTION_DAYS = "SPORTSFEEDS_RETENTION_DAYS";

    private final DynamoDbStores stores;
    private final ConnectionGateway gateway;
    private final AwsSettings settings;
    private final Clock clock = Clock.systemUTC();

    private LambdaWiring(AwsSettings settings, DynamoDbStores stores, ConnectionGateway gateway) {
        this.settings = settings;
        this.stores = stores;
        this.gateway = gateway;
    }

    static LambdaWiring fromEnvironment(Map<String, String> env) {
        AwsSettings settings = AwsSettings.fromEnvironment(env, required(env, TABLE), required(env, STREAM));
        Duration retention = Duration.ofDays(Long.parseLong(env.getOrDefault(RETENTION_DAYS, "30")));
        DynamoDbStores stores =
                DynamoDbStores.of(DynamoDbStores.newClient(settings), settings, Clock.systemUTC(), retention);
        ConnectionGateway gateway = ApiGatewayConnectionGateway.create(ApiGatewayConnectionGateway.newClient(settings));
        return new LambdaWiring(settings, stores, gateway);
    }

    WebSocketSessions webSocketSessions() {
        DeliveryOrder order = new DeliveryOrder();
        // API keys are API Gateway's to check on the REST API; the WebSocket API's $connect checks
        // the client's secret here, as app-local does.
        AuthenticateCallers auth =
                AuthenticateCallers.with(List.of(), stores.clientRegistry(), new ClientSecrets(new SecureRandom()));
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
                        gateway,
                        new PushedMessages(),
                        new ProtocolMessages(),
                        order));
    }

    PublishChanges publishChanges() {
        return new PublishChanges(
                stores.oddsStore(),
                stores.publishedSeqs(),
                stores.connectionStore(),
                gateway,
                new PushedMessages(),
                clock,
                new DeliveryOrder());
    }

    ChangeRecordDecoder decoder() {
        return new ChangeRecordDecoder(settings.table());
    }

    ConnectionGateway gateway() {
        return gateway;
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " must be set in the function's environment");
        }
        return value;
    }
}
