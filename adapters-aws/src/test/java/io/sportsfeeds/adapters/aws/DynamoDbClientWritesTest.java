package io.sportsfeeds.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.SecretHash;
import io.sportsfeeds.core.port.ClientRegistry;
import io.sportsfeeds.core.port.ClientRegistry.Change;
import io.sportsfeeds.core.usecase.ClientSecrets;
import io.sportsfeeds.core.usecase.RegisterClients;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The DynamoDB client registry's conditional put where the contract cannot reach: another writer
 * changing the item between the read and the put (the condition itself, not the read before it),
 * the sample's items (no {@code NAME}), a creation under another name at the same time, and what a
 * registration costs in calls.
 */
class DynamoDbClientWritesTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private static final SecretHash HASH =
            SecretHash.of(1_000, "0123456789abcdef".getBytes(StandardCharsets.US_ASCII), new byte[32]);

    private AwsSettings table;
    private InterceptedDynamoDbClient client;
    private ClientRegistry registry;

    @BeforeEach
    void createTable() {
        table = dynalite.newTable("clients");
        client = new InterceptedDynamoDbClient(dynalite.client());
        registry = DynamoDbStores.of(client, table, Clock.systemUTC(), Duration.ofDays(365))
                .clientRegistry();
    }

    /** Before the first PutItem is sent, runs {@code meanwhile} (another writer's work). */
    private void beforeThePut(Runnable meanwhile) {
        AtomicBoolean done = new AtomicBoolean();
        client.intercept(new InterceptedDynamoDbClient.Interceptor() {
            @Override
            public SdkResponse before(SdkRequest request) {
                if (request instanceof PutItemRequest && !done.getAndSet(true)) {
                    meanwhile.run();
                }
                return null;
            }
        });
    }

    private void putRaw(Map<String, AttributeValue> item) {
        dynalite.client().putItem(r -> r.tableName(table.table()).item(item));
    }

    private List<String> sortKeysOf(String clientId) {
        return dynalite
                .client()
                .query(r -> r.tableName(table.table())
                        .keyConditionExpression("PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", s(clientId)))
                        .consistentRead(true))
                .items()
                .stream()
                .map(item -> item.get("SK").s())
                .toList();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    @Test
    void refusesThePut_whenAnotherWriterChangesTheItemBetweenTheReadAndThePut() {
        Client before = new Client("client-001", "Desk", true);
        registry.putClients(List.of(before));
        beforeThePut(() -> dynalite.client()
                .updateItem(r -> r.tableName(table.table())
                        .key(Table.key("client-001", "cli-Desk"))
                        .updateExpression("SET ACTIVE = :n")
                        .expressionAttributeValues(Map.of(":n", s("N")))));

        var conflicts = registry.putClientsIfUnchanged(
                List.of(new Change(Optional.of(before), new Client("client-001", "Desk", true, HASH))));

        assertThat(conflicts).containsExactly("client-001");
        assertThat(registry.client("client-001")).contains(new Client("client-001", "Desk", false));
    }

    @Test
    void writesOverTheSamplesItemInItsPlace_whenItIsAsRead_andRefusesWhenItChanged() {
        putRaw(Map.of("PK", s("client-001"), "SK", s("cli-name1"), "ACTIVE", s("Y")));
        putRaw(Map.of("PK", s("client-002"), "SK", s("cli-name2"), "ACTIVE", s("Y")));
        Map<String, Client> read = registry.clients(List.of("client-001", "client-002"));
        assertThat(read.get("client-001")).isEqualTo(new Client("client-001", "name1", true));
        beforeThePut(() -> putRaw(
                Map.of("PK", s("client-002"), "SK", s("cli-name2"), "ACTIVE", s("Y"), "SECRETHASH", s(HASH.value()))));

        var conflicts = registry.putClientsIfUnchanged(List.of(
                new Change(Optional.of(read.get("client-002")), new Client("client-002", "Desk Two", false)),
                new Change(Optional.of(read.get("client-001")), new Client("client-001", "Desk One", false, HASH))));

        assertThat(conflicts).containsExactly("client-002");
        assertThat(registry.client("client-001")).contains(new Client("client-001", "Desk One", false, HASH));
        assertThat(sortKeysOf("client-001")).containsExactly("cli-name1");
        assertThat(registry.client("client-002")).contains(new Client("client-002", "name2", true, HASH));
    }

    @Test
    void yieldsTheCreation_whenAnotherWriterCreatedTheClientUnderAnotherNameMeanwhile() {
        beforeThePut(() ->
                putRaw(Map.of("PK", s("client-003"), "SK", s("cli-Theirs"), "ACTIVE", s("Y"), "NAME", s("Theirs"))));

        var conflicts = registry.putClientsIfUnchanged(
                List.of(new Change(Optional.empty(), new Client("client-003", "Mine", true, HASH))));

        assertThat(conflicts).containsExactly("client-003");
        assertThat(sortKeysOf("client-003")).containsExactly("cli-Theirs");
        assertThat(registry.client("client-003")).contains(new Client("client-003", "Theirs", true));
    }

    @Test
    void registersFortyClients_withOneQueryEachToRead_andOneQueryAndOnePutEachToWrite() {
        List<Map<String, Object>> known = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            known.add(Map.of("clientId", "client-" + i, "secret", "a-secret-of-client-" + i));
        }
        RegisterClients register = new RegisterClients(registry, new ClientSecrets(new SecureRandom(), 1_000));
        register.register(Map.of("clients", known));
        Map<String, Integer> calls = new ConcurrentHashMap<>();
        client.intercept(new InterceptedDynamoDbClient.Interceptor() {
            @Override
            public SdkResponse before(SdkRequest request) {
                calls.merge(request.getClass().getSimpleName(), 1, Integer::sum);
                return null;
            }
        });

        register.register(Map.of("clients", known));

        // The registration's read, then each put's own read of the item's sort key, then the put.
        assertThat(calls).containsExactlyInAnyOrderEntriesOf(Map.of("QueryRequest", 80, "PutItemRequest", 40));
    }
}
