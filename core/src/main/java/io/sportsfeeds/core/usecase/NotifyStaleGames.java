package io.sportsfeeds.core.usecase;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.Receiver;
import io.sportsfeeds.core.port.ConnectionGateway;
import io.sportsfeeds.core.port.ConnectionStore;
import io.sportsfeeds.core.port.ProtocolEncoder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Tells a game's subscribers when its feed has gone quiet: no change stored for {@code quietAfter}
 * (a provider that stopped sending, a broken feed). Each quiet spell is told once; the game's next
 * update ends it (its {@code storedAt} shows it is live again). Only games seen since this process
 * started are watched, and a game is forgotten once told, so memory follows the active games.
 */
public final class NotifyStaleGames {
    private final ConnectionStore connections;
    private final ConnectionGateway gateway;
    private final ProtocolEncoder messages;
    private final Clock clock;
    private final Duration quietAfter;
    private final DeliveryOrder order;
    /** Per game still live, the store time of its last published change. */
    private final Map<String, Instant> lastStoredAt = new HashMap<>();

    public NotifyStaleGames(
            ConnectionStore connections,
            ConnectionGateway gateway,
            ProtocolEncoder messages,
            Clock clock,
            Duration quietAfter,
            DeliveryOrder order) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.messages = Objects.requireNonNull(messages, "messages");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (quietAfter.isNegative() || quietAfter.isZero()) {
            throw new IllegalArgumentException("quietAfter must be positive, was " + quietAfter);
        }
        this.quietAfter = quietAfter;
        this.order = Objects.requireNonNull(order, "order");
    }

    /** Notes the changes just published: their games are live. */
    public synchronized void observe(List<CapturedChange> published) {
        for (CapturedChange change : published) {
            lastStoredAt.merge(change.gameId(), change.storedAt(), (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    /** Tells the subscribers of every game quiet for longer than {@code quietAfter}; answers how many games. */
    public int check() {
        Instant now = clock.instant();
        List<Map.Entry<String, Instant>> quiet = new ArrayList<>();
        synchronized (this) {
            var games = lastStoredAt.entrySet().iterator();
            while (games.hasNext()) {
                Map.Entry<String, Instant> game = games.next();
                if (Duration.between(game.getValue(), now).compareTo(quietAfter) >= 0) {
                    quiet.add(Map.entry(game.getKey(), game.getValue()));
                    games.remove();
                }
            }
        }
        if (quiet.isEmpty()) {
            return 0;
        }
        // In order with the live updates: a stale notice never overtakes the game's last update.
        return order.exclusively(() -> {
            List<ConnectionGateway.Push> pushes = new ArrayList<>();
            for (Map.Entry<String, Instant> game : quiet) {
                List<String> to = connections.receiversOf(game.getKey(), now).stream()
                        .map(Receiver::connectionId)
                        .toList();
                if (!to.isEmpty()) {
                    pushes.add(new ConnectionGateway.Push(
                            messages.stale(game.getKey(), game.getValue(), Duration.between(game.getValue(), now)),
                            to));
                }
            }
            if (!pushes.isEmpty()) {
                gateway.send(pushes);
            }
            return quiet.size();
        });
    }
}
