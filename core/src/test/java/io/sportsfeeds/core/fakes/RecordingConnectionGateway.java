package io.sportsfeeds.core.fakes;

import io.sportsfeeds.core.port.ConnectionGateway;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Records the frames sent to each open connection; a connection never opened, or gone, answers GONE. */
public final class RecordingConnectionGateway implements ConnectionGateway {
  private final Set<String> open = new HashSet<>();
  private final Map<String, List<String>> framesByConnection = new HashMap<>();

  /** A connection opens, as its transport would report it. */
  public synchronized void open(String connectionId) {
    open.add(connectionId);
  }

  /** The connection's peer went away; the frames it got stay readable. */
  public synchronized void markGone(String connectionId) {
    open.remove(connectionId);
  }

  @Override
  public synchronized Delivery send(String connectionId, String frame) {
    if (!open.contains(connectionId)) {
      return Delivery.GONE;
    }
    framesByConnection.computeIfAbsent(connectionId, id -> new ArrayList<>()).add(frame);
    return Delivery.ACCEPTED;
  }

  public synchronized List<String> framesSentTo(String connectionId) {
    return List.copyOf(framesByConnection.getOrDefault(connectionId, List.of()));
  }
}
