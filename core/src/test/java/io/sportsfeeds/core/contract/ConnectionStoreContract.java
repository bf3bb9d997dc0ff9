package io.sportsfeeds.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.domain.Connection;
import io.sportsfeeds.core.port.ConnectionStore;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ConnectionStore} does. An adapter's test extends this and supplies the store. */
public abstract class ConnectionStoreContract {
  private static final Instant NOW = Instant.parse("2026-12-01T19:31:00Z");
  private ConnectionStore store;

  protected abstract ConnectionStore newStore();

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  @Test
  void findsASavedConnection_andForgetsItWhenRemoved() {
    Connection connection = Connection.toEveryGame(uniqueId(), "client-001", NOW);
    store.save(connection);

    assertThat(store.find(connection.connectionId())).contains(connection);

    store.remove(connection.connectionId());
    assertThat(store.find(connection.connectionId())).isEmpty();
    assertThat(store.receiversOf("game-1")).doesNotContain(connection.connectionId());
  }

  @Test
  void answersReceiversOfAGame_fromEveryGameAndSubscribedConnections() {
    String game = "game-" + UUID.randomUUID();
    Connection everyGame = Connection.toEveryGame(uniqueId(), "client-001", NOW);
    Connection subscribed = new Connection(uniqueId(), "client-001", NOW, Set.of(game));
    Connection elsewhere = new Connection(uniqueId(), "client-001", NOW, Set.of("game-" + UUID.randomUUID()));
    store.save(everyGame);
    store.save(subscribed);
    store.save(elsewhere);

    assertThat(store.receiversOf(game))
        .contains(everyGame.connectionId(), subscribed.connectionId())
        .doesNotContain(elsewhere.connectionId());
  }

  @Test
  void followsTheNewSubscriptions_whenAConnectionIsSavedAgain() {
    String game = "game-" + UUID.randomUUID();
    String other = "game-" + UUID.randomUUID();
    String id = uniqueId();
    store.save(new Connection(id, "client-001", NOW, Set.of(game)));

    store.save(new Connection(id, "client-001", NOW, Set.of(other)));

    assertThat(store.receiversOf(game)).doesNotContain(id);
    assertThat(store.receiversOf(other)).containsOnlyOnce(id);
  }

  @Test
  void countsOpenConnections() {
    int before = store.count();
    String id = uniqueId();
    store.save(Connection.toEveryGame(id, "client-001", NOW));
    store.save(Connection.toEveryGame(id, "client-001", NOW));
    store.save(Connection.toEveryGame(uniqueId(), "client-001", NOW));

    assertThat(store.count()).isEqualTo(before + 2);

    store.remove(id);
    store.remove(id);
    assertThat(store.count()).isEqualTo(before + 1);
  }

  private static String uniqueId() {
    return "conn-" + UUID.randomUUID();
  }
}
