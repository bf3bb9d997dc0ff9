package io.sportsfeeds.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.Game;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A table seeded the way the original sample's {@code scripts/initDB.sh} seeds it (two
 * {@code batch-write-item} calls of raw items, {@code {TIME}} replaced by the epoch second) reads
 * correctly through the stores, and stays one item per game and client when the stores put them.
 */
class SeededTableTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private static final long TIME = 1_764_617_400L;
    private static final String WEMBLEY_1 = "game-2957FB14-2939-4A7C-BC54-331D65EE7D58";
    private static final String WEMBLEY_2 = "game-CC39FC2A-8CD7-44F7-91EA-585D441BDDAF";

    private AwsSettings table;
    private DynamoDbStores stores;

    /** A table per test, since one test replaces seeded items. */
    @BeforeEach
    void seedAsTheSampleDoes() {
        table = dynalite.newTable("seeded");
        List<WriteRequest> games = List.of(WEMBLEY_1, WEMBLEY_2).stream()
                .map(id -> Map.of(
                        "PK", s(id),
                        "SK", s("game-soccer"),
                        "CREATED", n(TIME),
                        "GAMEDATE", n(TIME),
                        "ISSCHEDULED", s("Y"),
                        "STATUS", s("scheduled"),
                        "VENUE", s("Wembley Stadium"),
                        "NAME", s("World Cup Qualifier"),
                        "SEASON", s("2021"),
                        "TYPE", s("regular")))
                .map(SeededTableTest::put)
                .toList();
        List<WriteRequest> clients = List.of(
                put(Map.of("PK", s("client-001"), "SK", s("cli-name1"), "CREATED", n(TIME), "ACTIVE", s("Y"))),
                put(Map.of("PK", s("client-002"), "SK", s("cli-name2"), "CREATED", n(TIME), "ACTIVE", s("Y"))));
        dynalite.client().batchWriteItem(r -> r.requestItems(Map.of(table.table(), games)));
        dynalite.client().batchWriteItem(r -> r.requestItems(Map.of(table.table(), clients)));
        stores = DynamoDbStores.of(dynalite.client(), table, Clock.systemUTC(), Duration.ofDays(365));
    }

    @Test
    void readsTheSeededGames_oneByOneAndListedByStartTime() {
        Game wembley1 = new Game(
                WEMBLEY_1, TIME, "scheduled", "soccer", "World Cup Qualifier", "Wembley Stadium", "2021", "regular");
        Game wembley2 = new Game(
                WEMBLEY_2, TIME, "scheduled", "soccer", "World Cup Qualifier", "Wembley Stadium", "2021", "regular");

        assertThat(stores.gameCatalogue().game(WEMBLEY_1)).contains(wembley1);
        assertThat(stores.gameCatalogue().games(TIME, TIME + 1)).containsExactly(wembley1, wembley2);
        assertThat(stores.gameCatalogue().games(TIME + 1, TIME + 86_400)).isEmpty();
    }

    @Test
    void readsTheSeededClients_withTheNameTheirSortKeyCarries() {
        assertThat(stores.clientRegistry().client("client-001")).contains(new Client("client-001", "name1", true));
        assertThat(stores.clientRegistry().clients())
                .containsExactly(new Client("client-001", "name1", true), new Client("client-002", "name2", true));
    }

    @Test
    void keepsOneItemPerGameAndClient_whenTheStoresReplaceSeededOnesWithOtherLabels() {
        Game moved = new Game(
                WEMBLEY_2, TIME + 7_200, "live", "football", "Friendly", "Wembley Stadium", "2021", "friendly");
        Client renamed = new Client("client-002", "Trading desk B", false);

        stores.gameCatalogue().putGames(List.of(moved));
        stores.clientRegistry().putClients(List.of(renamed));

        assertThat(stores.gameCatalogue().game(WEMBLEY_2)).contains(moved);
        assertThat(stores.gameCatalogue().games(TIME + 7_200, TIME + 7_201)).containsExactly(moved);
        assertThat(stores.clientRegistry().client("client-002")).contains(renamed);
        assertThat(itemsOf(WEMBLEY_2)).extracting(item -> item.get("SK").s()).containsExactly("game-soccer");
        assertThat(itemsOf("client-002")).extracting(item -> item.get("SK").s()).containsExactly("cli-name2");
    }

    private List<Map<String, AttributeValue>> itemsOf(String pk) {
        return dynalite.client()
                .query(r -> r.tableName(table.table())
                        .keyConditionExpression("PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", s(pk)))
                        .consistentRead(true))
                .items();
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder()
                .putRequest(PutRequest.builder().item(item).build())
                .build();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
