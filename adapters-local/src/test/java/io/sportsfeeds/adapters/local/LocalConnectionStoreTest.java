package io.sportsfeeds.adapters.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.domain.Connection;
import io.sportsfeeds.core.fakes.Receivers;
import io.sportsfeeds.core.port.ConnectionStore;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class LocalConnectionStoreTest {
    /**
     * A connection moving between "every game" and its own games is in both indexes for a moment;
     * a reader in that moment must still name it once, or it would be pushed the same frame twice.
     */
    @Test
    void namesAConnectionOnce_whileItMovesBetweenEveryGameAndItsOwnGames() throws InterruptedException {
        ConnectionStore store = LocalConnections.newStore();
        Instant now = Instant.parse("2026-12-01T19:31:00Z");
        AtomicBoolean stop = new AtomicBoolean();
        Thread saver = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                store.save(Connection.toEveryGame("c1", "client-001", now, now.plusSeconds(3600)));
                store.save(Connection.toGames("c1", "client-001", now, now.plusSeconds(3600), Set.of("game-1")));
            }
        });
        int reads = 0;
        int named = 0;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        try {
            // At least some reads even when a loaded machine spends the whole window starting up.
            while (System.nanoTime() < deadline || reads < 10_000) {
                List<String> receivers = List.copyOf(Receivers.ids(store.receiversOf("game-1", now)));
                assertThat(new HashSet<>(receivers))
                        .as("read %d: %s", reads, receivers)
                        .hasSameSizeAs(receivers);
                named += receivers.size();
                reads++;
            }
        } finally {
            stop.set(true);
            saver.join();
        }
        assertThat(named).as("the connection was seen at all").isPositive();
    }
}
