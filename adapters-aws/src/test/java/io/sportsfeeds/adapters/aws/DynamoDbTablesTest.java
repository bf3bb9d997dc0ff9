package io.sportsfeeds.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveResponse;

class DynamoDbTablesTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    @Test
    void createsAnActiveTableWithTheIndexesTheStoresUse_andLeavesItAsItIsTheSecondTime() {
        AwsSettings settings = dynalite.settings("tables-" + UUID.randomUUID());

        boolean created = DynamoDbTables.createIfMissing(dynalite.client(), settings, Duration.ofSeconds(10));
        boolean createdAgain = DynamoDbTables.createIfMissing(dynalite.client(), settings, Duration.ofSeconds(10));

        assertThat(created).isTrue();
        assertThat(createdAgain).isFalse();
        TableDescription table = dynalite.client()
                .describeTable(r -> r.tableName(settings.table()))
                .table();
        assertThat(table.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(table.keySchema()).containsExactly(key("PK", KeyType.HASH), key("SK", KeyType.RANGE));
        assertThat(table.globalSecondaryIndexes())
                .extracting(GlobalSecondaryIndexDescription::indexName, GlobalSecondaryIndexDescription::keySchema)
                .containsExactlyInAnyOrder(
                        Tuple.tuple("GSI-1", List.of(key("ISSCHEDULED", KeyType.HASH), key("GAMEDATE", KeyType.RANGE))),
                        Tuple.tuple(
                                "GSI-UNSCHEDULED",
                                List.of(key("ISUNSCHEDULED", KeyType.HASH), key("GAMEDATE", KeyType.RANGE))),
                        Tuple.tuple("GSI-CLIENTS", List.of(key("ACTIVE", KeyType.HASH), key("PK", KeyType.RANGE))),
                        Tuple.tuple(
                                "GSI-EXPIRY",
                                List.of(key("EXPIRYSHARD", KeyType.HASH), key("EXPIRESAT", KeyType.RANGE))));
        assertThat(table.localSecondaryIndexes()).singleElement().satisfies(index -> {
            assertThat(index.indexName()).isEqualTo("LSI-IDENTITY");
            assertThat(index.keySchema()).containsExactly(key("PK", KeyType.HASH), key("IDENTITY", KeyType.RANGE));
        });
        assertThat(table.attributeDefinitions())
                .filteredOn(definition -> definition.attributeName().equals("GAMEDATE"))
                .singleElement()
                .satisfies(definition -> assertThat(definition.attributeType()).isEqualTo(ScalarAttributeType.N));
    }

    @Test
    void namesTheMissingIndex_whenAnExistingTableWasMadeWithoutIt() {
        AwsSettings settings = dynalite.settings("bare-" + UUID.randomUUID());
        dynalite.client()
                .createTable(DynamoDbTables.definition(settings.table()).toBuilder()
                        .localSecondaryIndexes((List<LocalSecondaryIndex>) null)
                        .build());

        assertThatThrownBy(() -> DynamoDbTables.createIfMissing(dynalite.client(), settings, Duration.ofSeconds(10)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "table " + settings.table()
                                + " has no local secondary index LSI-IDENTITY (local indexes exist only when a table is created with them); its local indexes: []");
    }

    /** dynalite has no TTL, so DynamoDB's answers about it are stood in for here. */
    @ParameterizedTest(name = "TTL {0}")
    @EnumSource(
            value = TimeToLiveStatus.class,
            names = {"DISABLED", "ENABLED"})
    void turnsTheTtlOnExpireOn_unlessItIsOnAlready(TimeToLiveStatus status) {
        AwsSettings settings = dynalite.settings("ttl-" + UUID.randomUUID());
        List<UpdateTimeToLiveRequest> asked = new CopyOnWriteArrayList<>();
        InterceptedDynamoDbClient client = new InterceptedDynamoDbClient(dynalite.client());
        client.intercept(new InterceptedDynamoDbClient.Interceptor() {
            @Override
            public SdkResponse before(SdkRequest request) {
                if (request instanceof DescribeTimeToLiveRequest) {
                    return DescribeTimeToLiveResponse.builder()
                            .timeToLiveDescription(d -> d.timeToLiveStatus(status))
                            .build();
                }
                if (request instanceof UpdateTimeToLiveRequest update) {
                    asked.add(update);
                    return UpdateTimeToLiveResponse.builder().build();
                }
                return null;
            }
        });

        DynamoDbTables.createIfMissing(client, settings, Duration.ofSeconds(10));

        if (status == TimeToLiveStatus.ENABLED) {
            assertThat(asked).isEmpty();
        } else {
            assertThat(asked).singleElement().satisfies(update -> {
                assertThat(update.tableName()).isEqualTo(settings.table());
                assertThat(update.timeToLiveSpecification().enabled()).isTrue();
                assertThat(update.timeToLiveSpecification().attributeName()).isEqualTo("EXPIRE");
            });
        }
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
