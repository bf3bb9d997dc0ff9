package io.sportsfeeds.core.usecase;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.port.ConnectionGateway;
import io.sportsfeeds.core.port.ConnectionStore;
import io.sportsfeeds.core.port.FrameEncoder;
import java.util.List;

/**
 * Pushes captured changes to the connections that receive their game. Each change is encoded once
 * and the same frame goes to every receiver; connections found gone are forgotten.
 */
public final class PublishChanges {
  private final ConnectionStore connections;
  private final ConnectionGateway gateway;
  private final FrameEncoder encoder;

  public PublishChanges(ConnectionStore connections, ConnectionGateway gateway, FrameEncoder encoder) {
    this.connections = connections;
    this.gateway = gateway;
    this.encoder = encoder;
  }

  /** What a publish did. */
  public record Report(long framesSent, long connectionsGone) {}

  public Report publish(List<CapturedChange> changes) {
    long sent = 0;
    long gone = 0;
    for (CapturedChange change : changes) {
      var receivers = connections.receiversOf(change.gameId());
      if (receivers.isEmpty()) {
        continue;
      }
      String frame = encoder.encode(change);
      for (String connectionId : receivers) {
        if (gateway.send(connectionId, frame) == ConnectionGateway.Delivery.GONE) {
          connections.remove(connectionId);
          gone++;
        } else {
          sent++;
        }
      }
    }
    return new Report(sent, gone);
  }
}
