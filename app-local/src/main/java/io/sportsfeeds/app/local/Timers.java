package io.sportsfeeds.app.local;

import io.sportsfeeds.core.usecase.ManageConnections;
import io.sportsfeeds.core.usecase.NotifyStaleGames;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's periodic work, on one daemon thread: heartbeats to every connection (and closing
 * connections whose writes are stuck), telling subscribers of games gone quiet, closing
 * connections idle past their expiry, and closing those whose client was deactivated or given a
 * new secret. A failing round is logged and the next one tries again.
 */
final class Timers {
    private static final Logger LOG = LoggerFactory.getLogger(Timers.class);
    /** How often connections idle past their expiry are looked for and closed. */
    static final Duration EXPIRY_SWEEP = Duration.ofMinutes(1);
    /** A write pending this long means the peer stopped reading: the connection is closed as a slow consumer. */
    static final Duration STUCK_WRITE = Duration.ofSeconds(30);

    static final int EXPIRED_CLOSE_CODE = 1001;
    /** How often the clients of open connections are checked: one deactivated or given a new secret is cut off within it. */
    static final Duration REVOCATION_SWEEP = Duration.ofSeconds(5);

    private Timers() {}

    static AutoCloseable start(
            ServerSettings settings,
            Clock clock,
            ManageConnections manage,
            NotifyStaleGames stale,
            JettyConnectionGateway gateway,
            WebSocketEndpoint webSockets,
            Supplier<String> heartbeat) {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("sportsfeeds-timers").factory());
        every(timers, settings.heartbeat(), "heartbeats", () -> {
            gateway.broadcast(heartbeat.get());
            gateway.closeStuck(STUCK_WRITE);
        });
        every(timers, settings.staleAfter().dividedBy(4), "stale-game notices", stale::check);
        every(timers, EXPIRY_SWEEP, "expired connections", () -> {
            for (String connectionId : manage.expire()) {
                gateway.closeConnection(
                        connectionId,
                        EXPIRED_CLOSE_CODE,
                        "the connection was idle longer than " + ManageConnections.DEFAULT_IDLE_EXPIRY);
            }
        });
        every(
                timers,
                REVOCATION_SWEEP,
                "revoked clients",
                () -> manage.revokeWithdrawn(webSockets.clientAtOpen())
                        .forEach((reason, connectionIds) -> gateway.close(connectionIds, reason)));
        return timers::shutdownNow;
    }

    private static void every(ScheduledExecutorService timers, Duration period, String what, Runnable work) {
        long nanos = Math.max(period.toNanos(), Duration.ofMillis(25).toNanos());
        timers.scheduleAtFixedRate(
                () -> {
                    try {
                        work.run();
                    } catch (RuntimeException e) {
                        LOG.warn("{} failed this round; the next round tries again: {}", what, e.toString());
                    }
                },
                nanos,
                nanos,
                TimeUnit.NANOSECONDS);
    }
}
