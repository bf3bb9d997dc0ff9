package io.sportsfeeds.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.domain.Connection;
import io.sportsfeeds.core.domain.Receiver;
import io.sportsfeeds.core.domain.Subscription;
import io.sportsfeeds.core.fakes.Receivers;
import io.sportsfeeds.core.port.ConnectionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ConnectionStore} does. An adapter's test extends this and supplies the store. */
public abstract class ConnectionStoreContract {
    private static final Instant NOW = Instant.parse("2026-12-01T19:31:00Z");
    private static final Instant LATER = NOW.plus(Duration.ofHours(2));
    private ConnectionStore store;

    /** A store that may hold other tests' connections. */
    protected abstract ConnectionStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    @Test
    void answersASavedConnectionAsReceiver_andForgetsItWhenRemoved() {
        String game = uniqueGame();
        Connection connection = Connection.toEveryGame(uniqueId(), "client-001", NOW, LATER);
        store.save(connection);

        assertThat(Receivers.ids(store.receiversOf(game, NOW))).contains(connection.connectionId());

        store.remove(connection.connectionId());
        store.remove(connection.connectionId());
        assertThat(Receivers.ids(store.receiversOf(game, NOW))).doesNotContain(connection.connectionId());
    }

    @Test
    void answersReceiversOfAGame_fromEveryGameAndSubscribedConnections() {
        String game = uniqueGame();
        Connection everyGame = Connection.toEveryGame(uniqueId(), "client-001", NOW, LATER);
        Connection subscribed = Connection.toGames(uniqueId(), "client-001", NOW, LATER, Set.of(game));
        Connection elsewhere = Connection.toGames(uniqueId(), "client-001", NOW, LATER, Set.of(uniqueGame()));
        store.save(everyGame);
        store.save(subscribed);
        store.save(elsewhere);

        assertThat(Receivers.ids(store.receiversOf(game, NOW)))
                .contains(everyGame.connectionId(), subscribed.connectionId())
                .doesNotContain(elsewhere.connectionId())
                .doesNotHaveDuplicates();
    }

    @Test
    void followsTheNewSubscriptions_whenAConnectionIsSavedAgain() {
        String game = uniqueGame();
        String other = uniqueGame();
        String id = uniqueId();
        store.save(Connection.toGames(id, "client-001", NOW, LATER, Set.of(game)));

        store.save(Connection.toGames(id, "client-001", NOW, LATER, Set.of(other)));

        assertThat(Receivers.ids(store.receiversOf(game, NOW))).doesNotContain(id);
        assertThat(Receivers.ids(store.receiversOf(other, NOW))).containsOnlyOnce(id);
    }

    @Test
    void answersNoExpiredConnection_andRemovesThemWhenAsked() {
        String game = uniqueGame();
        Connection expiring = Connection.toGames(uniqueId(), "client-001", NOW, NOW.plusSeconds(60), Set.of(game));
        Connection lasting = Connection.toGames(uniqueId(), "client-001", NOW, LATER, Set.of(game));
        store.save(expiring);
        store.save(lasting);
        Instant afterExpiry = NOW.plusSeconds(60);

        assertThat(Receivers.ids(store.receiversOf(game, afterExpiry))).containsExactly(lasting.connectionId());

        store.removeExpired(afterExpiry);
        assertThat(Receivers.ids(store.receiversOf(game, NOW))).containsExactly(lasting.connectionId());
    }

    @Test
    void keepsATouchedConnection_pastItsFirstExpiry() {
        String game = uniqueGame();
        String id = uniqueId();
        store.save(Connection.toGames(id, "client-001", NOW, NOW.plusSeconds(60), Set.of(game)));

        store.touch(id, NOW.plusSeconds(600));
        store.touch(uniqueId(), NOW.plusSeconds(600));

        assertThat(Receivers.ids(store.receiversOf(game, NOW.plusSeconds(300)))).containsExactly(id);
        assertThat(store.removeExpired(NOW.plusSeconds(300))).doesNotContain(id);
    }

    @Test
    void keepsWhatAConnectionReceivesOfEachGame_andAnswersItWithTheReceiver() {
        String game = uniqueGame();
        Subscription spreadsAfterSeven = new Subscription(Set.of("spread"), 7);
        Connection connection = Connection.toEveryGame(uniqueId(), "client-001", NOW, LATER)
                .subscribedTo(Map.of(game, spreadsAfterSeven));

        store.save(connection);

        assertThat(store.find(connection.connectionId())).contains(connection);
        assertThat(store.receiversOf(game, NOW)).contains(new Receiver(connection.connectionId(), spreadsAfterSeven));
        assertThat(store.find(uniqueId())).isEmpty();
    }

    @Test
    void receivesNoGame_afterUnsubscribingFromEveryGameItHad() {
        String game = uniqueGame();
        Connection connection = Connection.toEveryGame(uniqueId(), "client-001", NOW, LATER);
        store.save(connection.subscribedTo(Map.of(game, Subscription.EVERYTHING)));

        store.save(
                connection.subscribedTo(Map.of(game, Subscription.EVERYTHING)).unsubscribedFrom(Set.of(game)));

        assertThat(Receivers.ids(store.receiversOf(game, NOW))).doesNotContain(connection.connectionId());
        assertThat(Receivers.ids(store.receiversOf(uniqueGame(), NOW))).doesNotContain(connection.connectionId());
    }

    @Test
    void countsAClientsUnexpiredConnections() {
        String client = "client-" + UUID.randomUUID();
        store.save(Connection.toEveryGame(uniqueId(), client, NOW, LATER));
        store.save(Connection.toEveryGame(uniqueId(), client, NOW, NOW.plusSeconds(60)));
        store.save(Connection.toEveryGame(uniqueId(), "client-other", NOW, LATER));

        assertThat(store.countOf(client, NOW)).isEqualTo(2);
        assertThat(store.countOf(client, NOW.plusSeconds(60))).isEqualTo(1);
    }

    @Test
    void countsAConnectionOnceWhateverItsGames_andNoLongerOnceItIsRemoved() {
        String client = "client-" + UUID.randomUUID();
        Connection kept = Connection.toEveryGame(uniqueId(), client, NOW, LATER);
        Connection removed = Connection.toEveryGame(uniqueId(), client, NOW, LATER);
        store.save(kept);
        store.save(removed);
        store.save(kept.subscribedTo(Map.of(uniqueGame(), Subscription.EVERYTHING)));
        assertThat(store.countOf(client, NOW)).isEqualTo(2);

        store.remove(removed.connectionId());

        assertThat(store.countOf(client, NOW)).isEqualTo(1);
    }

    @Test
    void listsEveryConnectionOfAClient_expiredToo_andNoLongerOnceItIsRemoved() {
        String client = "client-" + UUID.randomUUID();
        Connection everyGame = Connection.toEveryGame(uniqueId(), client, NOW, LATER);
        Connection subscribed = Connection.toGames(uniqueId(), client, NOW, LATER, Set.of(uniqueGame(), uniqueGame()));
        Connection expired = Connection.toEveryGame(uniqueId(), client, NOW, NOW.plusSeconds(60));
        Connection removed = Connection.toEveryGame(uniqueId(), client, NOW, LATER);
        Connection others = Connection.toEveryGame(uniqueId(), "client-other", NOW, LATER);
        List.of(everyGame, subscribed, expired, removed, others).forEach(store::save);
        store.save(everyGame.subscribedTo(Map.of(uniqueGame(), Subscription.EVERYTHING)));
        store.remove(removed.connectionId());

        assertThat(store.connectionsOf(client))
                .containsExactlyInAnyOrder(everyGame.connectionId(), subscribed.connectionId(), expired.connectionId());
        assertThat(store.connectionsOf("client-" + UUID.randomUUID())).isEmpty();
    }

    @Test
    void answersTheReceiversOfSeveralGamesAtOnce_asItAnswersEachGameAlone() {
        String game = uniqueGame();
        String other = uniqueGame();
        String nobodys = uniqueGame();
        Connection everyGame = Connection.toEveryGame(uniqueId(), "client-001", NOW, LATER);
        Connection both = Connection.toEveryGame(uniqueId(), "client-001", NOW, LATER)
                .subscribedTo(Map.of(game, new Subscription(Set.of("spread"), 7), other, Subscription.EVERYTHING));
        Connection oneGame = Connection.toGames(uniqueId(), "client-001", NOW, LATER, Set.of(game));
        Connection expiring = Connection.toGames(uniqueId(), "client-001", NOW, NOW.plusSeconds(60), Set.of(other));
        Connection elsewhere = Connection.toGames(uniqueId(), "client-001", NOW, LATER, Set.of(uniqueGame()));
        List.of(everyGame, both, oneGame, expiring, elsewhere).forEach(store::save);
        Instant at = NOW.plusSeconds(60);

        Map<String, List<Receiver>> together = store.receiversOf(List.of(game, other, nobodys, game), at);

        Map<String, List<Receiver>> alone = new LinkedHashMap<>();
        for (String each : List.of(game, other, nobodys)) {
            alone.put(each, store.receiversOf(each, at));
        }
        assertThat(together).isEqualTo(alone);
        assertThat(Receivers.ids(together.get(game)))
                .containsExactlyInAnyOrder(everyGame.connectionId(), both.connectionId(), oneGame.connectionId());
        assertThat(together.get(other))
                .contains(new Receiver(both.connectionId(), Subscription.EVERYTHING))
                .extracting(Receiver::connectionId)
                .doesNotContain(expiring.connectionId(), elsewhere.connectionId());
        assertThat(Receivers.ids(together.get(nobodys))).contains(everyGame.connectionId());
        assertThat(store.receiversOf(List.of(), at)).isEmpty();
    }

    private static String uniqueId() {
        return "conn-" + UUID.randomUUID();
    }

    private static String uniqueGame() {
        return "game-" + UUID.randomUUID();
    }
}
