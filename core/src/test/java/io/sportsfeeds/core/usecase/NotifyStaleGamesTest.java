package io.sportsfeeds.core.usecase;

import static io.sportsfeeds.core.fakes.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.Connection;
import io.sportsfeeds.core.fakes.InMemoryConnectionStore;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.fakes.RecordingConnectionGateway;
import io.sportsfeeds.core.fakes.TextProtocol;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NotifyStaleGamesTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T19:31:00Z"));
    private final InMemoryConnectionStore connections = new InMemoryConnectionStore();
    private final RecordingConnectionGateway gateway = new RecordingConnectionGateway();
    private final NotifyStaleGames stale = new NotifyStaleGames(
            connections, gateway, new TextProtocol(), clock, Duration.ofSeconds(60), new DeliveryOrder());

    @Test
    void tellsTheGamesSubscribersOnce_whenItsFeedGoesQuiet_andAgainAfterItsNextQuietSpell() {
        connections.save(Connection.toGames(
                "conn-1", "client-001", clock.instant(), clock.instant().plus(Duration.ofDays(1)), Set.of("game-1")));
        gateway.open("conn-1");
        stale.observe(List.of(change("game-1"), change("game-2")));

        clock.advance(Duration.ofSeconds(59));
        assertThat(stale.check()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(stale.check()).isEqualTo(2);
        assertThat(stale.check()).isZero();
        assertThat(gateway.framesSentTo("conn-1")).containsExactly("stale game-1 60s");

        stale.observe(List.of(change("game-1")));
        clock.advance(Duration.ofSeconds(61));
        stale.check();
        assertThat(gateway.framesSentTo("conn-1")).containsExactly("stale game-1 60s", "stale game-1 61s");
    }

    private CapturedChange change(String game) {
        return new CapturedChange(1, clock.instant(), update(game, "spread", -110, 1_764_617_400L));
    }
}
