package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The gateway's connections: reserved, attached, closed, released and abandoned; a queue that overflows. */
class JettyConnectionGatewayTest extends JettyConnectionGatewayFixture {
    @Test
    void answersGone_whenTheConnectionIsUnknown() {
        assertThat(accepted(gateway, "nobody", "{}")).isFalse();
    }

    @Test
    void closesAConnectionClosedBeforeItsSocketOpened_withTheReasonGiven_whenItOpens() {
        SlowPeer peer = new SlowPeer();
        gateway.reserve("c1", NOTHING);

        gateway.close(List.of("c1"), "the client was deactivated; ask an admin to activate it");
        gateway.attach("c1", peer);

        assertThat(peer.closedWith).isEqualTo("1008 the client was deactivated; ask an admin to activate it");
        assertThat(gateway.connections()).isZero();
    }

    @Test
    void closesWith1008AndAnswersGone_whenTheQueueOverflows() {
        SlowPeer peer = new SlowPeer();
        gateway.reserve("c1", NOTHING);
        gateway.attach("c1", peer);
        accepted(gateway, "c1", "in-flight");
        accepted(gateway, "c1", "q1");
        accepted(gateway, "c1", "q2");
        accepted(gateway, "c1", "q3");

        boolean overflow = accepted(gateway, "c1", "q4");

        assertThat(overflow).isFalse();
        assertThat(peer.closedWith).isEqualTo("1008 slow consumer: 3 frames queued; reconnect and resume");
        assertThat(accepted(gateway, "c1", "q5")).isFalse();
        assertThat(gateway.connections()).isZero();
        assertThat(gateway.slowConsumersClosed())
                .as("counted once, not per refused frame")
                .isEqualTo(1);
    }

    @Test
    void forgetsTheConnection_whenASendFails() {
        SlowPeer peer = new SlowPeer();
        gateway.reserve("c1", NOTHING);
        gateway.attach("c1", peer);
        accepted(gateway, "c1", "1");

        peer.pending.remove(0).failed(new java.io.IOException("connection reset"));

        assertThat(accepted(gateway, "c1", "2")).isFalse();
    }

    @Test
    void dropsTheQueue_whenReleased() {
        SlowPeer peer = new SlowPeer();
        gateway.reserve("c1", NOTHING);
        gateway.attach("c1", peer);
        accepted(gateway, "c1", "1");
        accepted(gateway, "c1", "2");

        gateway.release("c1");
        peer.completeNext();

        assertThat(peer.started).containsExactly("1");
        assertThat(accepted(gateway, "c1", "3")).isFalse();
    }

    @Test
    void releasesTheReservationAndTellsItsOwner_whenNoSocketAttachesInTime() throws InterruptedException {
        try (JettyConnectionGateway hasty = new JettyConnectionGateway(3, Duration.ofMillis(50))) {
            CountDownLatch abandoned = new CountDownLatch(1);
            hasty.reserve("c1", abandoned::countDown);
            accepted(hasty, "c1", "waiting");

            assertThat(abandoned.await(5, TimeUnit.SECONDS)).as("abandoned").isTrue();
            assertThat(hasty.connections()).isZero();
            assertThat(accepted(hasty, "c1", "later")).isFalse();

            SlowPeer late = new SlowPeer();
            hasty.attach("c1", late);
            assertThat(late.started).isEmpty();
            assertThat(late.closedWith).startsWith("1008 the connection expired");
        }
    }

    @Test
    void keepsTheConnection_whenItsSocketAttachedBeforeTheDeadline() throws InterruptedException {
        try (JettyConnectionGateway hasty = new JettyConnectionGateway(3, Duration.ofMillis(500))) {
            CountDownLatch abandoned = new CountDownLatch(1);
            FastPeer peer = new FastPeer();
            hasty.reserve("c1", abandoned::countDown);
            hasty.attach("c1", peer);

            assertThat(abandoned.await(1_000, TimeUnit.MILLISECONDS))
                    .as("abandoned")
                    .isFalse();
            assertThat(accepted(hasty, "c1", "after-the-deadline")).isTrue();
            assertThat(peer.sent).containsExactly("after-the-deadline");
        }
    }

    @Test
    void tellsTheSocketWhy_whenTheQueueOverflowedBeforeItAttached() {
        gateway.reserve("c1", NOTHING);
        accepted(gateway, "c1", "q1");
        accepted(gateway, "c1", "q2");
        accepted(gateway, "c1", "q3");
        assertThat(accepted(gateway, "c1", "q4")).isFalse();

        SlowPeer peer = new SlowPeer();
        gateway.attach("c1", peer);

        assertThat(peer.started).isEmpty();
        assertThat(peer.closedWith).isEqualTo("1008 slow consumer: 3 frames queued; reconnect and resume");
        assertThat(gateway.connections()).isZero();
        assertThat(gateway.slowConsumersClosed()).isEqualTo(1);
    }

    @Test
    void closesTheSocket_whenItOpensAfterItsConnectionWasReleased() {
        gateway.reserve("c1", NOTHING);
        gateway.release("c1");
        SlowPeer late = new SlowPeer();

        gateway.attach("c1", late);

        assertThat(late.closedWith).startsWith("1008 the connection expired");
        assertThat(gateway.connections()).isZero();
    }

    @Test
    void closesEveryOpenConnectionWithTheCode_andForgetsThem() {
        SlowPeer first = new SlowPeer();
        SlowPeer second = new SlowPeer();
        gateway.reserve("c1", NOTHING);
        gateway.attach("c1", first);
        gateway.reserve("c2", NOTHING);
        gateway.attach("c2", second);

        gateway.closeAll(1001, "the server is stopping", Duration.ofSeconds(1));

        assertThat(first.closedWith).isEqualTo("1001 the server is stopping");
        assertThat(second.closedWith).isEqualTo("1001 the server is stopping");
        assertThat(accepted(gateway, "c1", "late")).isFalse();
        assertThat(gateway.connections()).isZero();
    }
}
