package io.sportsfeeds.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.port.ConnectionGateway;
import io.sportsfeeds.core.port.ConnectionGateway.Delivery;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ConnectionGateway} does. An adapter's test extends this and supplies the
 * gateway, a way to open a connection on it (as its transport would), to read what reached the
 * peer, and to make the peer leave.
 */
public abstract class ConnectionGatewayContract {
  private ConnectionGateway gateway;

  protected abstract ConnectionGateway newGateway();

  /** Opens a connection on the gateway made last, as its transport would; returns its id. */
  protected abstract String open();

  /** The frames that reached the connection's peer so far, in the order they arrived. */
  protected abstract List<String> received(String connectionId);

  /** The connection's peer goes away (closes, or its socket drops), and the transport says so. */
  protected abstract void leave(String connectionId);

  @BeforeEach
  void createGateway() {
    gateway = newGateway();
  }

  @Test
  void deliversEveryFrameInTheOrderSent_toAnOpenConnection() {
    String connection = open();

    List<Delivery> deliveries = List.of(gateway.send(connection, "1"), gateway.send(connection, "2"), gateway.send(connection, "3"));

    assertThat(deliveries).containsOnly(Delivery.ACCEPTED);
    assertThat(received(connection)).containsExactly("1", "2", "3");
  }

  @Test
  void deliversEachConnectionOnlyItsOwnFrames() {
    String first = open();
    String second = open();

    gateway.send(first, "to-first");
    gateway.send(second, "to-second");

    assertThat(received(first)).containsExactly("to-first");
    assertThat(received(second)).containsExactly("to-second");
  }

  @Test
  void answersGone_forAConnectionItNeverHad() {
    assertThat(gateway.send("never-opened", "frame")).isEqualTo(Delivery.GONE);
  }

  @Test
  void answersGone_onceThePeerHasLeft() {
    String leaving = open();
    String staying = open();

    leave(leaving);

    assertThat(gateway.send(leaving, "late")).isEqualTo(Delivery.GONE);
    assertThat(gateway.send(staying, "still here")).isEqualTo(Delivery.ACCEPTED);
    assertThat(received(leaving)).isEmpty();
  }
}
