package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.port.ConnectionGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the gateway writes to a connection: one write in flight, the frames queued meanwhile coalesced, conflated or split. */
class JettyConnectionGatewayWritesTest extends JettyConnectionGatewayFixture {
    @Test
    void conflatesASupersededUpdate_onceTheQueueIsHalfFull_markingTheNewOneAndKeepingTheOrder() {
        try (JettyConnectionGateway gateway = new JettyConnectionGateway(8, Duration.ofMinutes(1))) {
            SlowPeer peer = new SlowPeer();
            gateway.reserve("c1", NOTHING);
            gateway.attach("c1", peer);
            offer(gateway, "{\"seq\":1}", "g#spread"); // in flight
            offer(gateway, "{\"seq\":2}", "g#spread");
            offer(gateway, "{\"seq\":3}", "g#total");
            offer(gateway, "{\"seq\":4}", "g#moneyline");
            offer(gateway, "{\"seq\":5}", "g#total"); // 3 queued: below half, kept
            offer(gateway, "{\"seq\":6}", "g#spread"); // 4 queued: half full, supersedes seq 2

            peer.completeNext();

            assertThat(peer.writes.get(1))
                    .containsExactly("{\"seq\":3}", "{\"seq\":4}", "{\"seq\":5}", "{\"conflated\":true,\"seq\":6}");
            assertThat(gateway.conflations()).isEqualTo(1);
        }
    }

    @Test
    void conflatesASupersededUpdate_onceTheOldestQueuedFrameWaitedTheConflationAge_farFromHalfFull() {
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
        long age = JettyConnectionGateway.CONFLATE_AFTER.toNanos();
        try (JettyConnectionGateway gateway = new JettyConnectionGateway(1_024, Duration.ofMinutes(1), 1, clock::get)) {
            SlowPeer peer = new SlowPeer();
            gateway.reserve("c1", NOTHING);
            gateway.attach("c1", peer);
            offer(gateway, "{\"seq\":1}", "g#spread"); // in flight
            offer(gateway, "{\"seq\":2}", "g#spread"); // the oldest queued, at 0
            clock.set(age - 1);
            offer(gateway, "{\"seq\":3}", "g#spread"); // the oldest waited just under the age: kept
            clock.set(age);
            offer(gateway, "{\"seq\":4}", "g#spread"); // now it has: supersedes seq 3

            peer.completeNext();

            assertThat(peer.writes.get(1)).containsExactly("{\"seq\":2}", "{\"conflated\":true,\"seq\":4}");
            assertThat(gateway.conflations()).isEqualTo(1);
        }
    }

    @Test
    void neverConflatesAFrameWithoutAKey_suchAsASnapshotOrAReply() {
        try (JettyConnectionGateway gateway = new JettyConnectionGateway(4, Duration.ofMinutes(1))) {
            SlowPeer peer = new SlowPeer();
            gateway.reserve("c1", NOTHING);
            gateway.attach("c1", peer);
            offer(gateway, "{\"seq\":1}", null);
            offer(gateway, "{\"seq\":2}", null);
            offer(gateway, "{\"seq\":3}", null);
            offer(gateway, "{\"seq\":4}", null);

            peer.completeNext();

            assertThat(peer.writes.get(1)).containsExactly("{\"seq\":2}", "{\"seq\":3}", "{\"seq\":4}");
            assertThat(gateway.conflations()).isZero();
        }
    }

    @Test
    void endsAWriteOnceItCarriesTheMostBytesAWriteMay_andSendsTheRestInTheNext() {
        try (JettyConnectionGateway gateway = new JettyConnectionGateway(64, Duration.ofMinutes(1))) {
            SlowPeer peer = new SlowPeer();
            gateway.reserve("c1", NOTHING);
            gateway.attach("c1", peer);
            // Each frame a little over a third of the limit: the third one a write takes crosses it.
            int size = JettyConnectionGateway.MAX_BYTES_PER_WRITE / 3;
            List<ConnectionGateway.Push> batch = new ArrayList<>();
            for (int seq = 1; seq <= 6; seq++) {
                batch.add(new ConnectionGateway.Push(
                        "{\"seq\":" + seq + ",\"pad\":\"" + "x".repeat(size) + "\"}", List.of("c1")));
            }

            gateway.send(batch);
            peer.completeNext();
            peer.completeNext();

            assertThat(peer.writes).extracting(List::size).containsExactly(3, 3);
        }
    }

    private static void offer(JettyConnectionGateway gateway, String frame, String key) {
        assertThat(gateway.send(List.of(new ConnectionGateway.Push(frame, List.of("c1"), key)))
                        .gone())
                .isEmpty();
    }

    @Test
    void keepsOneWriteInFlight_andCoalescesWhatQueuedMeanwhileIntoTheNextWrite_inOrder() {
        SlowPeer peer = new SlowPeer();
        gateway.reserve("c1", NOTHING);
        gateway.attach("c1", peer);

        assertThat(accepted(gateway, "c1", "1")).isTrue();
        assertThat(accepted(gateway, "c1", "2")).isTrue();
        assertThat(accepted(gateway, "c1", "3")).isTrue();
        assertThat(peer.writes).containsExactly(List.of("1"));

        peer.completeNext();
        assertThat(peer.writes).containsExactly(List.of("1"), List.of("2", "3"));
        peer.completeNext();
        assertThat(peer.pending).isEmpty();
    }

    @Test
    void sendsABatchOfPushes_asOneWritePerConnection() {
        SlowPeer first = new SlowPeer();
        SlowPeer second = new SlowPeer();
        gateway.reserve("c1", NOTHING);
        gateway.attach("c1", first);
        gateway.reserve("c2", NOTHING);
        gateway.attach("c2", second);

        gateway.send(List.of(
                new ConnectionGateway.Push("1", List.of("c1", "c2")),
                new ConnectionGateway.Push("2", List.of("c1")),
                new ConnectionGateway.Push("3", List.of("c1", "c2"))));

        assertThat(first.writes).containsExactly(List.of("1", "2", "3"));
        assertThat(second.writes).containsExactly(List.of("1", "3"));
    }

    @Test
    void sendsABatchLargerThanTheQueue_toAnIdleConnection_withoutCallingItSlow() {
        SlowPeer peer = new SlowPeer();
        gateway.reserve("c1", NOTHING);
        gateway.attach("c1", peer);

        ConnectionGateway.Report report = gateway.send(List.of(
                new ConnectionGateway.Push("1", List.of("c1")),
                new ConnectionGateway.Push("2", List.of("c1")),
                new ConnectionGateway.Push("3", List.of("c1")),
                new ConnectionGateway.Push("4", List.of("c1")),
                new ConnectionGateway.Push("5", List.of("c1"))));

        assertThat(report.gone()).isEmpty();
        assertThat(report.delivered()).isEqualTo(5);
        assertThat(peer.closedWith).isNull();
        assertThat(peer.writes).containsExactly(List.of("1", "2", "3"));
        peer.completeNext();
        assertThat(peer.writes).containsExactly(List.of("1", "2", "3"), List.of("4", "5"));
    }

    @Test
    void writesABatchReachingManyConnections_overTheWriterThreads_eachConnectionInOrder() {
        int many = JettyConnectionGateway.INLINE_STARTS * 3;
        try (JettyConnectionGateway shared = new JettyConnectionGateway(1_024, Duration.ofMinutes(1), 2)) {
            List<String> ids = new ArrayList<>();
            List<List<String>> received = new ArrayList<>();
            for (int c = 0; c < many; c++) {
                String id = "c" + c;
                FastPeer peer = new FastPeer();
                ids.add(id);
                received.add(peer.sent);
                shared.reserve(id, NOTHING);
                shared.attach(id, peer);
            }
            List<String> expected = new ArrayList<>();
            for (int batch = 0; batch < 20; batch++) {
                List<ConnectionGateway.Push> pushes = new ArrayList<>();
                for (int f = 0; f < 5; f++) {
                    String frame = batch + "." + f;
                    expected.add(frame);
                    pushes.add(new ConnectionGateway.Push(frame, ids));
                }
                assertThat(shared.send(pushes).delivered()).isEqualTo(5L * many);
            }

            io.sportsfeeds.core.fakes.Await.until(
                    Duration.ofSeconds(10),
                    () -> received.stream().allMatch(frames -> frames.size() == expected.size()),
                    () -> "frames received per connection: "
                            + received.stream().map(List::size).toList());
            for (List<String> frames : received) {
                assertThat(frames).containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void encodesAFrameOnce_forAllItsReceivers() {
        FastPeer first = new FastPeer();
        FastPeer second = new FastPeer();
        gateway.reserve("c1", NOTHING);
        gateway.attach("c1", first);
        gateway.reserve("c2", NOTHING);
        gateway.attach("c2", second);

        gateway.send(List.of(new ConnectionGateway.Push("{\"seq\":1}", List.of("c1", "c2"))));

        assertThat(first.sent).containsExactly("{\"seq\":1}");
        assertThat(second.sent).containsExactly("{\"seq\":1}");
        assertThat(first.buffers.getFirst().array())
                .isSameAs(second.buffers.getFirst().array());
    }

    @Test
    void sendsWhatWaited_whenTheSessionAttachesAfterTheHandshake() {
        FastPeer peer = new FastPeer();
        gateway.reserve("c1", NOTHING);

        accepted(gateway, "c1", "early-1");
        accepted(gateway, "c1", "early-2");
        gateway.attach("c1", peer);
        accepted(gateway, "c1", "late");

        assertThat(peer.sent).containsExactly("early-1", "early-2", "late");
    }

    @Test
    void sendsEveryFrameWithoutRecursion_whenSendsCompleteAtOnce() {
        try (JettyConnectionGateway roomy = new JettyConnectionGateway(100_000, Duration.ofMinutes(1))) {
            FastPeer peer = new FastPeer();
            roomy.reserve("c1", NOTHING);
            for (int i = 0; i < 50_000; i++) {
                accepted(roomy, "c1", Integer.toString(i));
            }

            roomy.attach("c1", peer);

            assertThat(peer.sent).hasSize(50_000).endsWith("49999");
        }
    }
}
