package io.sportsfeeds.core.usecase;

import static io.sportsfeeds.core.fakes.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.Connection;
import io.sportsfeeds.core.fakes.InMemoryConnectionStore;
import io.sportsfeeds.core.fakes.InMemoryFeedStore;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.fakes.RecordingConnectionGateway;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConnectionsAndPublishTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T19:31:00Z"));
  private final InMemoryFeedStore feeds = new InMemoryFeedStore(clock);
  private final InMemoryConnectionStore connections = new InMemoryConnectionStore();
  private final ManageConnections manage = new ManageConnections(feeds, connections, clock);

  @Test
  void opensAConnectionToEveryGame_forAnActiveClient() {
    feeds.putClients(List.of(new Client("client-001", "Trading desk A", true)));

    Connection connection = manage.open("conn-1", "client-001");

    assertThat(connection).isEqualTo(Connection.toEveryGame("conn-1", "client-001", clock.instant()));
    assertThat(connections.find("conn-1")).contains(connection);
  }

  @Test
  void refusesAConnection_forAMissingUnknownOrInactiveClient() {
    feeds.putClients(List.of(new Client("client-002", "Trading desk B", false)));

    assertThatThrownBy(() -> manage.open("conn-1", null))
        .isInstanceOfSatisfying(ConnectionRefusedException.class, e -> assertThat(e.reason()).isEqualTo(ConnectionRefusedException.Reason.MISSING_CLIENT));
    assertThatThrownBy(() -> manage.open("conn-1", "client-404"))
        .isInstanceOfSatisfying(ConnectionRefusedException.class, e -> assertThat(e.reason()).isEqualTo(ConnectionRefusedException.Reason.UNKNOWN_CLIENT))
        .hasMessage("client client-404 is not registered");
    assertThatThrownBy(() -> manage.open("conn-1", "client-002"))
        .isInstanceOfSatisfying(ConnectionRefusedException.class, e -> assertThat(e.reason()).isEqualTo(ConnectionRefusedException.Reason.INACTIVE_CLIENT));
    assertThat(connections.count()).isZero();
  }

  @Test
  void encodesEachChangeOnce_andSendsTheSameFrameToEveryReceiver() {
    RecordingConnectionGateway gateway = new RecordingConnectionGateway();
    AtomicInteger encodings = new AtomicInteger();
    PublishChanges publish = new PublishChanges(connections, gateway, change -> "frame-" + encodings.incrementAndGet());
    connections.save(Connection.toEveryGame("conn-all", "client-001", clock.instant()));
    connections.save(new Connection("conn-game-1", "client-001", clock.instant(), Set.of("game-1")));
    connections.save(new Connection("conn-game-2", "client-001", clock.instant(), Set.of("game-2")));
    List.of("conn-all", "conn-game-1", "conn-game-2").forEach(gateway::open);

    PublishChanges.Report report = publish.publish(List.of(change("game-1", 1), change("game-1", 2)));

    assertThat(encodings).hasValue(2);
    assertThat(gateway.framesSentTo("conn-all")).containsExactly("frame-1", "frame-2");
    assertThat(gateway.framesSentTo("conn-game-1")).containsExactly("frame-1", "frame-2");
    assertThat(gateway.framesSentTo("conn-game-2")).isEmpty();
    assertThat(report).isEqualTo(new PublishChanges.Report(4, 0));
  }

  @Test
  void forgetsAConnection_whenTheGatewaySaysItIsGone() {
    RecordingConnectionGateway gateway = new RecordingConnectionGateway();
    PublishChanges publish = new PublishChanges(connections, gateway, change -> "frame");
    connections.save(Connection.toEveryGame("conn-gone", "client-001", clock.instant()));
    connections.save(Connection.toEveryGame("conn-live", "client-001", clock.instant()));
    gateway.open("conn-gone");
    gateway.open("conn-live");
    gateway.markGone("conn-gone");

    PublishChanges.Report report = publish.publish(List.of(change("game-1", 1)));

    assertThat(report).isEqualTo(new PublishChanges.Report(1, 1));
    assertThat(connections.find("conn-gone")).isEmpty();
    assertThat(connections.find("conn-live")).isPresent();
  }

  private CapturedChange change(String game, long seq) {
    return new CapturedChange(seq, clock.instant(), update(game, "spread", -110, 1_764_617_400L + seq));
  }
}
