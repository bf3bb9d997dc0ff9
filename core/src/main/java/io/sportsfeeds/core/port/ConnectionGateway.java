package io.sportsfeeds.core.port;

/** Sends frames to analyst connections over whatever transport holds them. */
public interface ConnectionGateway {

  /** What became of a frame. */
  enum Delivery {
    /** Sent, or queued for the connection in order; never waits on a slow peer. */
    ACCEPTED,
    /** The connection no longer exists; its owner should forget it. */
    GONE
  }

  /** Sends one text frame; frames sent to one connection arrive in the order they were sent. */
  Delivery send(String connectionId, String frame);
}
