package io.sportsfeeds.core.fakes;

import io.sportsfeeds.core.port.ConnectionGateway;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records the frames delivered to each open connection. A connection never opened, or gone, is
 * answered gone; one told to fail is answered failed (as a throttled or failing remote API would),
 * and is not closed when asked.
 */
public final class RecordingConnectionGateway implements ConnectionGateway {
    private final Set<String> open = new HashSet<>();
    private final Set<String> failing = new HashSet<>();
    private final Map<String, List<String>> framesByConnection = new HashMap<>();
    private final Map<String, String> closedWithReason = new LinkedHashMap<>();
    private int calls;

    /** A connection opens, as its transport would report it. */
    public synchronized void open(String connectionId) {
        open.add(connectionId);
    }

    /** The connection's peer went away; the frames it got stay readable. */
    public synchronized void markGone(String connectionId) {
        open.remove(connectionId);
    }

    /** Frames to the connection fail for now (true) or go through again (false). */
    public synchronized void failing(String connectionId, boolean fail) {
        if (fail) {
            failing.add(connectionId);
        } else {
            failing.remove(connectionId);
        }
    }

    @Override
    public synchronized Report send(List<Push> pushes) {
        calls++;
        long delivered = 0;
        Set<String> gone = new LinkedHashSet<>();
        Map<Integer, Set<String>> failed = new HashMap<>();
        for (int i = 0; i < pushes.size(); i++) {
            Push push = pushes.get(i);
            for (String connectionId : push.connectionIds()) {
                if (!open.contains(connectionId)) {
                    gone.add(connectionId);
                } else if (failing.contains(connectionId)) {
                    failed.computeIfAbsent(i, index -> new LinkedHashSet<>()).add(connectionId);
                } else {
                    framesByConnection
                            .computeIfAbsent(connectionId, id -> new ArrayList<>())
                            .add(push.frame());
                    delivered++;
                }
            }
        }
        return new Report(delivered, gone, failed);
    }

    @Override
    public synchronized Set<String> close(Collection<String> connectionIds, String reason) {
        Set<String> notClosed = new LinkedHashSet<>();
        for (String connectionId : connectionIds) {
            if (failing.contains(connectionId)) {
                notClosed.add(connectionId);
            } else if (open.remove(connectionId)) {
                closedWithReason.put(connectionId, reason);
            }
        }
        return notClosed;
    }

    /** The connections closed from the server's side (open ones only), each with the reason given. */
    public synchronized Map<String, String> closed() {
        return Map.copyOf(closedWithReason);
    }

    public synchronized List<String> framesSentTo(String connectionId) {
        return List.copyOf(framesByConnection.getOrDefault(connectionId, List.of()));
    }

    /** How many batches were sent: the publisher makes one call per batch. */
    public synchronized int calls() {
        return calls;
    }
}
