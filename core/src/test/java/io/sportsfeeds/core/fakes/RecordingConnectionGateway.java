package io.sportsfeeds.core.fakes;

import io.sportsfeeds.core.port.ConnectionGateway;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Records the frames sent to each connection; connections marked gone answer GONE. */
public final class RecordingConnectionGateway implements ConnectionGateway {
  private final Map<String, List<String>> framesByConnection = new ConcurrentHashMap<>();
  private final Set<String> gone = ConcurrentHashMap.newKeySet();

  public void markGone(String connectionId) {
    gone.add(connectionId);
  }

  @Override
  public Delivery send(String connectionId, String frame) {
    if (gone.contains(connectionId)) {
      return Delivery.GONE;
    }
    framesByConnection.computeIfAbsent(connectionId, id -> new ArrayList<>()).add(frame);
    return Delivery.ACCEPTED;
  }

  public List<String> framesSentTo(String connectionId) {
    return List.copyOf(framesByConnection.getOrDefault(connectionId, List.of()));
  }
}
