package io.sportsfeeds.adapters.aws;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * Creates the single table the stores use: keys {@code PK}/{@code SK} (strings), on-demand
 * capacity, the indexes below and a TTL on {@code EXPIRE}. Whoever deploys the table another way
 * (the CDK stack) must create the same indexes; their names are public for that reason. Enabling
 * Kinesis Data Streams for DynamoDB is the deployment's business, not this class's.
 */
public final class DynamoDbTables {
    /** Scheduled games by start time: {@code ISSCHEDULED} = {@code Y}, {@code GAMEDATE} (N); the original sample's index. */
    public static final String SCHEDULED_GAMES_INDEX = Layout.SCHEDULED_GAMES_INDEX;
    /** Every other game by start time: {@code ISUNSCHEDULED} = {@code Y}, {@code GAMEDATE} (N). */
    public static final String UNSCHEDULED_GAMES_INDEX = Layout.UNSCHEDULED_GAMES_INDEX;
    /** Clients: {@code ACTIVE} ({@code Y} or {@code N}), {@code PK}. */
    public static final String CLIENTS_INDEX = Layout.CLIENTS_INDEX;
    /** Connections by expiry: {@code EXPIRYSHARD}, {@code EXPIRESAT} (N); keys only. */
    public static final String CONNECTION_EXPIRY_INDEX = Layout.CONNECTION_EXPIRY_INDEX;
    /** A game's stored updates by identity (local: {@code PK}, {@code IDENTITY}), for strongly consistent dedupe. */
    public static final String IDENTITY_INDEX = Layout.IDENTITY_INDEX;

    private static final Duration POLL = Duration.ofMillis(100);

    private DynamoDbTables() {}

    /**
     * Creates the table unless it exists, waits until it and its indexes are active (polling
     * DescribeTable), and turns its TTL on {@code EXPIRE} on unless it is (an emulator without TTL,
     * such as dynalite, answers {@code UnknownOperationException}: there items simply never expire).
     *
     * @return whether the table was created (false: it existed)
     * @throws IllegalStateException when the table is not active within {@code timeout}, or an
     *     existing table lacks an index the stores need
     */
    public static boolean createIfMissing(DynamoDbClient client, AwsSettings settings, Duration timeout) {
        Objects.requireNonNull(client, "client");
        String table = settings.table();
        boolean created;
        try {
            client.createTable(definition(table));
            created = true;
        } catch (ResourceInUseException exists) {
            created = false;
        }
        TableDescription description = awaitActive(client, table, timeout);
        requireIndexes(table, description);
        enableTimeToLive(client, table);
        return created;
    }

    /** The table as {@link #createIfMissing} creates it. */
    static CreateTableRequest definition(String table) {
        return CreateTableRequest.builder()
                .tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attribute(Layout.PK, ScalarAttributeType.S),
                        attribute(Layout.SK, ScalarAttributeType.S),
                        attribute(Layout.ISSCHEDULED, ScalarAttributeType.S),
                        attribute(Layout.ISUNSCHEDULED, ScalarAttributeType.S),
                        attribute(Layout.GAMEDATE, ScalarAttributeType.N),
                        attribute(Layout.ACTIVE, ScalarAttributeType.S),
                        attribute(Layout.EXPIRYSHARD, ScalarAttributeType.S),
                        attribute(Layout.EXPIRESAT, ScalarAttributeType.N),
                        attribute(Layout.IDENTITY, ScalarAttributeType.S))
                .keySchema(key(Layout.PK, KeyType.HASH), key(Layout.SK, KeyType.RANGE))
                .globalSecondaryIndexes(
                        gsi(
                                Layout.SCHEDULED_GAMES_INDEX,
                                Layout.ISSCHEDULED,
                                Layout.GAMEDATE,
                                Projection.builder()
                                        .projectionType(ProjectionType.ALL)
                                        .build()),
                        gsi(
                                Layout.UNSCHEDULED_GAMES_INDEX,
                                Layout.ISUNSCHEDULED,
                                Layout.GAMEDATE,
                                Projection.builder()
                                        .projectionType(ProjectionType.ALL)
                                        .build()),
                        gsi(
                                Layout.CLIENTS_INDEX,
                                Layout.ACTIVE,
                                Layout.PK,
                                Projection.builder()
                                        .projectionType(ProjectionType.ALL)
                                        .build()),
                        gsi(
                                Layout.CONNECTION_EXPIRY_INDEX,
                                Layout.EXPIRYSHARD,
                                Layout.EXPIRESAT,
                                Projection.builder()
                                        .projectionType(ProjectionType.KEYS_ONLY)
                                        .build()))
                .localSecondaryIndexes(LocalSecondaryIndex.builder()
                        .indexName(Layout.IDENTITY_INDEX)
                        .keySchema(key(Layout.PK, KeyType.HASH), key(Layout.IDENTITY, KeyType.RANGE))
                        .projection(Projection.builder()
                                .projectionType(ProjectionType.KEYS_ONLY)
                                .build())
                        .build())
                .build();
    }

    private static TableDescription awaitActive(DynamoDbClient client, String table, Duration timeout) {
        // The SDK's waiter first polls after 20 s; tables on emulators are active in well under one.
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            TableDescription description;
            try {
                description = client.describeTable(r -> r.tableName(table)).table();
            } catch (ResourceNotFoundException notYetVisible) {
                description = null;
            }
            if (description != null && isActive(description)) {
                return description;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "table " + table + " is not active after " + timeout.toMillis() + " ms (status "
                                + (description == null ? "not found" : description.tableStatusAsString()) + ")");
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for table " + table, e);
            }
        }
    }

    private static boolean isActive(TableDescription description) {
        return description.tableStatus() == TableStatus.ACTIVE
                && description.globalSecondaryIndexes().stream().allMatch(i -> i.indexStatus() == IndexStatus.ACTIVE);
    }

    private static void requireIndexes(String table, TableDescription description) {
        List<String> global = description.globalSecondaryIndexes().stream()
                .map(i -> i.indexName())
                .toList();
        List<String> local = description.localSecondaryIndexes().stream()
                .map(i -> i.indexName())
                .toList();
        for (String index :
                List.of(SCHEDULED_GAMES_INDEX, UNSCHEDULED_GAMES_INDEX, CLIENTS_INDEX, CONNECTION_EXPIRY_INDEX)) {
            if (!global.contains(index)) {
                throw new IllegalStateException(
                        "table " + table + " has no global secondary index " + index + "; its indexes: " + global);
            }
        }
        if (!local.contains(IDENTITY_INDEX)) {
            throw new IllegalStateException("table " + table + " has no local secondary index " + IDENTITY_INDEX
                    + " (local indexes exist only when a table is created with them); its local indexes: " + local);
        }
    }

    /** Turns the TTL on unless it is on (or turning on) already: asking twice is an error in DynamoDB. */
    private static void enableTimeToLive(DynamoDbClient client, String table) {
        try {
            TimeToLiveStatus status = client.describeTimeToLive(r -> r.tableName(table))
                    .timeToLiveDescription()
                    .timeToLiveStatus();
            if (status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING) {
                return;
            }
            client.updateTimeToLive(r -> r.tableName(table)
                    .timeToLiveSpecification(TimeToLiveSpecification.builder()
                            .enabled(true)
                            .attributeName(Layout.EXPIRE)
                            .build()));
        } catch (DynamoDbException e) {
            if (!"UnknownOperationException"
                    .equals(
                            e.awsErrorDetails() == null
                                    ? null
                                    : e.awsErrorDetails().errorCode())) {
                throw e;
            }
            // An emulator without TTL (dynalite): nothing expires there, which no test relies on.
        }
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder()
                .attributeName(name)
                .attributeType(type)
                .build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static GlobalSecondaryIndex gsi(String name, String partition, String sort, Projection projection) {
        return GlobalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(key(partition, KeyType.HASH), key(sort, KeyType.RANGE))
                .projection(projection)
                .build();
    }
}
