package io.sportsfeeds.core.port;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Sends frames to analyst connections over whatever transport holds them. One call carries a whole
 * batch, so an adapter can fan out concurrently, coalesce the frames of one connection into one
 * write, or call a remote API for many connections at once.
 */
public interface ConnectionGateway {

    /**
     * One frame for several connections.
     *
     * @param conflationKey frames with the same key supersede each other (the same game and market):
     *     a connection that falls behind may be sent only the newest of those still queued, marked
     *     {@code "conflated":true}; null when the frame must never be dropped (replies, snapshots)
     */
    record Push(String frame, List<String> connectionIds, String conflationKey) {
        public Push {
            Objects.requireNonNull(frame, "frame");
            connectionIds = List.copyOf(connectionIds);
        }

        /** A frame that is never conflated. */
        public Push(String frame, List<String> connectionIds) {
            this(frame, connectionIds, null);
        }
    }

    /**
     * What became of a batch. Every frame not named here was delivered (sent, or queued in order for
     * its connection without waiting on a slow peer).
     *
     * @param gone the connections that no longer exist; their owner should forget them
     * @param failed per push (its index in the batch), the connections whose delivery failed in a way
     *     that may pass (throttled, a server error): sending the push to them again may succeed
     */
    record Report(long delivered, Set<String> gone, Map<Integer, Set<String>> failed) {
        public Report {
            gone = Set.copyOf(gone);
            failed = Map.copyOf(failed);
        }

        public static Report allDelivered(long delivered) {
            return new Report(delivered, Set.of(), Map.of());
        }
    }

    /**
     * Sends every push to each of its connections. Frames to one connection arrive in the order of
     * the batch (and of earlier batches); a slow connection never delays another.
     */
    Report send(List<Push> pushes);

    /**
     * Closes connections from the server's side (their client was cut off), telling each peer why
     * where the transport can: a WebSocket close frame with 1008 (policy violation) and {@code
     * reason} in process; API Gateway's {@code DeleteConnection} carries no reason. Later frames to a
     * closed connection are answered gone. A connection already gone, or never held, counts as
     * closed.
     *
     * @return the connections that could not be closed (throttled, the transport unreachable or
     *     refusing), after whatever retries the adapter makes; empty when all are closed
     */
    Set<String> close(Collection<String> connectionIds, String reason);
}
