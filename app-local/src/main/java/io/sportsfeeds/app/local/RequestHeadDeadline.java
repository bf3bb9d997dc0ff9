package io.sportsfeeds.app.local;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes an HTTP/1.1 connection whose request line and headers are not all in within a deadline
 * from their first byte. Jetty's idle timeout starts again with every byte, so a client that sends
 * its head a byte a second would otherwise hold the connection (and its buffer) for as long as it
 * likes; Jetty has no deadline of its own for the head.
 *
 * <p>A look every quarter of the deadline (at most every second) at each connection's parser: one
 * still in its head past the deadline is closed without an answer. A connection waiting idle for its
 * next request is not in a head and is left to the idle timeout; a WebSocket is no HTTP connection.
 */
final class RequestHeadDeadline extends AbstractLifeCycle implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RequestHeadDeadline.class);

    private final Server server;
    private final long deadlineNanos;
    private final long periodMillis;
    private volatile Scheduler.Task next;

    /** Watches the connectors of {@code server}; add it to the server as a bean. */
    RequestHeadDeadline(Server server, Duration deadline) {
        this.server = Objects.requireNonNull(server, "server");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("the request head deadline must be positive, was " + deadline);
        }
        this.deadlineNanos = deadline.toNanos();
        this.periodMillis = Math.clamp(deadline.toMillis() / 4, 10, 1_000);
    }

    @Override
    protected void doStart() {
        schedule();
    }

    @Override
    protected void doStop() {
        Scheduler.Task task = next;
        if (task != null) {
            task.cancel();
        }
    }

    private void schedule() {
        next = server.getScheduler().schedule(this, periodMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void run() {
        try {
            for (Connector connector : server.getConnectors()) {
                for (EndPoint endPoint : connector.getConnectedEndPoints()) {
                    if (endPoint.getConnection() instanceof HttpConnection http && overdue(http.getParser())) {
                        LOG.debug("closing {}: its request head took longer than the deadline", endPoint);
                        endPoint.close(new TimeoutException("the request head was not complete within the deadline"));
                    }
                }
            }
        } finally {
            if (isRunning()) {
                schedule();
            }
        }
    }

    /**
     * Whether the parser is between the first byte of a request and the end of its headers, for
     * longer than the deadline. The state is read first: it is volatile and written after the time.
     */
    private boolean overdue(HttpParser parser) {
        HttpParser.State state = parser.getState();
        boolean inHead = state.compareTo(HttpParser.State.START) > 0 && state.compareTo(HttpParser.State.HEADER) <= 0;
        return inHead && NanoTime.since(parser.getBeginNanoTime()) > deadlineNanos;
    }
}
