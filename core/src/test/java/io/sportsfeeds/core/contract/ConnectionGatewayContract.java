package io.sportsfeeds.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.port.ConnectionGateway;
import io.sportsfeeds.core.port.ConnectionGateway.Push;
import io.sportsfeeds.core.port.ConnectionGateway.Report;
import java.util.List;
import java.util.Set;
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

    /** The frames that reached the connection's peer so far, in the order they arrived (awaiting them if sent asynchronously). */
    protected abstract List<String> received(String connectionId, int expected);

    /** The connection's peer goes away (closes, or its socket drops), and the transport says so. */
    protected abstract void leave(String connectionId);

    @BeforeEach
    void createGateway() {
        gateway = newGateway();
    }

    @Test
    void deliversEveryFrameInTheOrderSent_toAnOpenConnection() {
        String connection = open();

        Report first = gateway.send(List.of(new Push("1", List.of(connection)), new Push("2", List.of(connection))));
        Report second = gateway.send(List.of(new Push("3", List.of(connection))));

        assertThat(first).isEqualTo(Report.allDelivered(2));
        assertThat(second).isEqualTo(Report.allDelivered(1));
        assertThat(received(connection, 3)).containsExactly("1", "2", "3");
    }

    @Test
    void deliversEachConnectionOnlyItsOwnFrames() {
        String first = open();
        String second = open();

        gateway.send(List.of(
                new Push("to-first", List.of(first)),
                new Push("to-both", List.of(first, second)),
                new Push("to-second", List.of(second))));

        assertThat(received(first, 2)).containsExactly("to-first", "to-both");
        assertThat(received(second, 2)).containsExactly("to-both", "to-second");
    }

    @Test
    void answersGone_forAConnectionItNeverHad() {
        String open = open();

        Report report = gateway.send(List.of(new Push("frame", List.of("never-opened", open))));

        assertThat(report.gone()).containsExactly("never-opened");
        assertThat(report.delivered()).isEqualTo(1);
        assertThat(report.failed()).isEmpty();
    }

    @Test
    void answersGone_onceThePeerHasLeft() {
        String leaving = open();
        String staying = open();

        leave(leaving);
        Report report = gateway.send(List.of(new Push("late", List.of(leaving, staying))));

        assertThat(report.gone()).containsExactly(leaving);
        assertThat(received(staying, 1)).containsExactly("late");
        assertThat(received(leaving, 0)).isEmpty();
    }

    @Test
    void closesTheConnectionsAsked_whichAreThenGone_andNotTheOthers() {
        String closing = open();
        String staying = open();
        String left = open();
        leave(left);

        Set<String> notClosed = gateway.close(List.of(closing, left, "never-opened"), "the client was deactivated");
        Report report = gateway.send(List.of(new Push("late", List.of(closing, staying))));

        assertThat(notClosed).isEmpty();
        assertThat(report.gone()).containsExactly(closing);
        assertThat(received(staying, 1)).containsExactly("late");
        assertThat(received(closing, 0)).isEmpty();
    }
}
