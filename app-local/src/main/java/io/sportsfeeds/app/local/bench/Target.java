package io.sportsfeeds.app.local.bench;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/** A system the push bench drives: sportsfeeds by its URLs, or the peer (NATS JetStream over WebSocket). */
interface Target {
    /** A short name for reports: {@code sportsfeeds}, {@code nats}. */
    String name();

    /** Where it is: its URLs. */
    String describe();

    /**
     * Readies the target for a run tagged {@code runTag} with so many subscribers (the peer creates
     * its stream; sportsfeeds may register clients for them).
     */
    default void prepare(String runTag, int subscribers) throws IOException, InterruptedException {}

    /** One publisher's own connection. */
    Publisher openPublisher(int index, String runTag) throws IOException, InterruptedException;

    /**
     * Opens one subscriber's WebSocket; the future completes once the server will push to it (it
     * answered a ping sent after the subscription), or fails with why it could not.
     */
    CompletableFuture<SwarmConnection> subscribe(WebSocketSwarm swarm, Subscriber subscriber, String runTag);

    /**
     * The server's metrics in the Prometheus text format, when it serves them; empty when it
     * does not, or could not be read (the run goes on without them).
     */
    default Optional<String> metricsText() {
        return Optional.empty();
    }

    /** The server's process, when known: its CPU time and RSS are read from /proc. */
    OptionalLong serverPid();

    /** Sends batches of updates, each awaited until the system acknowledged it. One thread each. */
    interface Publisher extends Closeable {
        /**
         * Sends the batch and returns once it is acknowledged.
         *
         * @throws IOException when it was refused or not acknowledged; the message says what came back
         */
        void publish(List<BenchUpdate> batch) throws IOException, InterruptedException;
    }
}
