package io.sportsfeeds.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.domain.Connection;
import io.sportsfeeds.core.port.ConnectionStore;
import java.time.Duration;
import java.time.Instant;
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

    assertThat(store.receiversOf(game, NOW)).contains(connection.connectionId());

    store.remove(connection.connectionId());
    store.remove(connection.connectionId());
    assertThat(store.receiversOf(game, NOW)).doesNotContain(connection.connectionId());
  }

  @Test
  void answersReceiversOfAGame_fromEveryGameAndSubscribedConnections() {
    String game = uniqueGame();
    Connection everyGame = Connection.toEveryGame(uniqueId(), "client-001", NOW, LATER);
    Connection subscribed = new Connection(uniqueId(), "client-001", NOW, LATER, Set.of(game));
    Connection elsewhere = new Connection(uniqueId(), "client-001", NOW, LATER, Set.of(uniqueGame()));
    store.save(everyGame);
    store.save(subscribed);
    store.save(elsewhere);

    assertThat(store.receiversOf(game, NOW))
        .contains(everyGame.connectionId(), subscribed.connectionId())
        .doesNotContain(elsewhere.connectionId())
        .doesNotHaveDuplicates();
  }

  @Test
  void followsTheNewSubscriptions_whenAConnectionIsSavedAgain() {
    String game = uniqueGame();
    String other = uniqueGame();
    String id = uniqueId();
    store.save(new Connection(id, "client-001", NOW, LATER, Set.of(game)));

    store.save(new Connection(id, "client-001", NOW, LATER, Set.of(other)));

    assertThat(store.receiversOf(game, NOW)).doesNotContain(id);
    assertThat(store.receiversOf(other, NOW)).containsOnlyOnce(id);
  }

  @Test
  void answersNoExpiredConnection_andRemovesThemWhenAsked() {
    String game = uniqueGame();
    Connection expiring = new Connection(uniqueId(), "client-001", NOW, NOW.plusSeconds(60), Set.of(game));
    Connection lasting = new Connection(uniqueId(), "client-001", NOW, LATER, Set.of(game));
    store.save(expiring);
    store.save(lasting);
    Instant afterExpiry = NOW.plusSeconds(60);

    assertThat(store.receiversOf(game, afterExpiry)).containsExactly(lasting.connectionId());

    store.removeExpired(afterExpiry);
    assertThat(store.receiversOf(game, NOW)).containsExactly(lasting.connectionId());
  }

  @Test
  void keepsATouchedConnection_pastItsFirstExpiry() {
    String game = uniqueGame();
    String id = uniqueId();
    store.save(new Connection(id, "client-001", NOW, NOW.plusSeconds(60), Set.of(game)));

    store.touch(id, NOW.plusSeconds(600));
    store.touch(uniqueId(), NOW.plusSeconds(600));

    assertThat(store.receiversOf(game, NOW.plusSeconds(300))).containsExactly(id);
    assertThat(store.removeExpired(NOW.plusSeconds(300))).doesNotContain(id);
  }

  private static String uniqueId() {
    return "conn-" + UUID.randomUUID();
  }

  private static String uniqueGame() {
    return "game-" + UUID.randomUUID();
  }
}
