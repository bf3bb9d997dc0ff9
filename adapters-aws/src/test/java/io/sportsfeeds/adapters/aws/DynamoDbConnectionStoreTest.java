package io.sportsfeeds.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.domain.Connection;
import io.sportsfeeds.core.fakes.Receivers;
import io.sportsfeeds.core.port.ConnectionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The connection store's items and its exact expiry, beyond the contract. */
class DynamoDbConnectionStoreTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private static final Instant NOW = Instant.parse("2026-12-01T19:31:00Z");

    private AwsSettings table;
    private ConnectionStore store;

    @BeforeEach
    void createStore() {
        table = dynalite.newTable("connections");
        store = DynamoDbStores.of(dynalite.client(), table, Clock.systemUTC(), Duration.ofDays(1))
                .connectionStore();
    }

    @Test
    void stopsAnsweringAConnection_atTheInstantItExpires_toTheNanosecond() {
        String game = "game-" + UUID.randomUUID();
        Instant expiresAt = NOW.plusNanos(500_000_001);
        store.save(Connection.toGames("conn-1", "client-001", NOW, expiresAt, Set.of(game)));

        assertThat(Receivers.ids(store.receiversOf(game, expiresAt.minusNanos(1))))
                .containsExactly("conn-1");
        assertThat(Receivers.ids(store.receiversOf(game, expiresAt))).isEmpty();
        // The TTL's whole seconds round up, so DynamoDB never deletes it early.
        assertThat(item("receivers#" + game, "conn-1").get("EXPIRE").n())
                .isEqualTo(Long.toString(NOW.getEpochSecond() + 1));
    }

    @Test
    void keepsOneIndexEntryPerGameItReceives_whenItMovesFromEveryGameToItsOwnGamesAndBack() {
        String game = "game-" + UUID.randomUUID();
        Instant later = NOW.plusSeconds(3_600);

        store.save(Connection.toEveryGame("conn-2", "client-001", NOW, later));
        store.save(Connection.toGames("conn-2", "client-001", NOW, later, Set.of(game)));

        assertThat(find("receivers#*", "conn-2")).isNull();
        assertThat(find("receivers#" + game, "conn-2")).isNotNull();
        assertThat(item("conn#conn-2", "conn").get("SUBSCRIPTIONS").m()).containsOnlyKeys(game);

        store.save(Connection.toEveryGame("conn-2", "client-001", NOW, later));

        assertThat(find("receivers#" + game, "conn-2")).isNull();
        assertThat(Receivers.ids(store.receiversOf(game, NOW))).containsExactly("conn-2");
    }

    @Test
    void removesAConnectionAndItsIndexEntries_whenExpired_butNotOneTouchedSince() {
        String game = "game-" + UUID.randomUUID();
        store.save(Connection.toGames("conn-3", "client-001", NOW, NOW.plusSeconds(60), Set.of(game)));
        store.save(Connection.toGames("conn-4", "client-001", NOW, NOW.plusSeconds(60), Set.of(game)));
        store.touch("conn-4", NOW.plusSeconds(600));

        assertThat(store.removeExpired(NOW.plusSeconds(60))).containsExactly("conn-3");

        assertThat(find("conn#conn-3", "conn")).isNull();
        assertThat(find("receivers#" + game, "conn-3")).isNull();
        assertThat(Receivers.ids(store.receiversOf(game, NOW.plusSeconds(300)))).containsExactly("conn-4");
    }

    private Map<String, AttributeValue> find(String pk, String sk) {
        var response = dynalite.client()
                .getItem(r -> r.tableName(table.table()).key(Table.key(pk, sk)).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? response.item() : null;
    }

    private Map<String, AttributeValue> item(String pk, String sk) {
        Map<String, AttributeValue> item = find(pk, sk);
        assertThat(item).as("item %s / %s", pk, sk).isNotNull();
        return item;
    }
}
