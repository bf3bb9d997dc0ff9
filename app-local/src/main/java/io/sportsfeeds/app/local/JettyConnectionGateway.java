package io.sportsfeeds.app.local;

import io.sportsfeeds.core.port.ConnectionGateway;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends frames to the WebSocket sessions of this process. Each connection has a bounded outbound
 * queue and at most one asynchronous send in flight; the next frame goes out from the previous
 * send's callback. So {@link #send} never waits on a slow socket, and a connection whose queue
 * overflows is closed with {@value #SLOW_CONSUMER_CLOSE_CODE} (policy violation) and answered
 * {@link Delivery#GONE}, so the publisher forgets it.
 */
final class JettyConnectionGateway implements ConnectionGateway {
  static final int DEFAULT_QUEUE_CAPACITY = 1_024;
  static final int SLOW_CONSUMER_CLOSE_CODE = 1008;

  private static final Logger LOG = LoggerFactory.getLogger(JettyConnectionGateway.class);

  private final int queueCapacity;
  private final Map<String, Outbox> outboxes = new ConcurrentHashMap<>();

  /** Where a connection's frames go: its Jetty session (or, in tests, a recorder). */
  interface Peer {
    /** Starts sending one text frame; completes the callback when sent or failed, without blocking. */
    void sendText(String frame, Callback callback);

    void close(int code, String reason);
  }

  static Peer peer(Session session) {
    return new Peer() {
      @Override
      public void sendText(String frame, Callback callback) {
        session.sendText(frame, callback);
      }

      @Override
      public void close(int code, String reason) {
        session.close(code, reason, Callback.NOOP);
      }
    };
  }

  JettyConnectionGateway(int queueCapacity) {
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queueCapacity must be at least 1, was " + queueCapacity);
    }
    this.queueCapacity = queueCapacity;
  }

  /**
   * Makes a connection known before its handshake completes: frames published meanwhile wait in
   * its queue instead of finding it gone (the connection store knows it from the handshake on).
   */
  void reserve(String connectionId) {
    outboxes.put(connectionId, new Outbox(connectionId));
  }

  /** Binds an open session to its reserved connection and sends what waited. */
  void attach(String connectionId, Peer peer) {
    Outbox outbox = outboxes.get(connectionId);
    if (outbox == null) {
      // Closed for overflow before the socket opened: the client gets the reason now.
      peer.close(SLOW_CONSUMER_CLOSE_CODE, slowConsumerReason());
      return;
    }
    outbox.attach(peer);
  }

  private String slowConsumerReason() {
    return "slow consumer: more than " + queueCapacity + " frames queued";
  }

  /** Forgets a connection (closed, failed or refused); its unsent frames are dropped. Idempotent. */
  void release(String connectionId) {
    Outbox outbox = outboxes.remove(connectionId);
    if (outbox != null) {
      outbox.discard();
    }
  }

  int connections() {
    return outboxes.size();
  }

  @Override
  public Delivery send(String connectionId, String frame) {
    Outbox outbox = outboxes.get(connectionId);
    if (outbox == null || !outbox.offer(frame)) {
      return Delivery.GONE;
    }
    return Delivery.ACCEPTED;
  }

  /** One connection's queue and its single in-flight send. */
  private final class Outbox {
    private final String connectionId;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private Peer peer;
    private boolean sending;
    private boolean closed;
    /** Set while {@link #pump} waits in {@code sendText}; a send completing then is picked up by the loop. */
    private boolean pumping;

    private boolean completedWhilePumping;

    Outbox(String connectionId) {
      this.connectionId = connectionId;
    }

    /** Queues a frame and starts sending when nothing is in flight; false when the connection is gone. */
    boolean offer(String frame) {
      synchronized (this) {
        if (closed) {
          return false;
        }
        if (queue.size() >= queueCapacity) {
          closeAsSlow();
          return false;
        }
        queue.add(frame);
        if (sending || peer == null) {
          return true;
        }
        sending = true;
      }
      pump();
      return true;
    }

    void attach(Peer openSession) {
      synchronized (this) {
        if (closed) {
          return;
        }
        peer = openSession;
        if (sending || queue.isEmpty()) {
          return;
        }
        sending = true;
      }
      pump();
    }

    synchronized void discard() {
      closed = true;
      queue.clear();
    }

    /**
     * Sends queued frames one at a time. A send that completes inside {@code sendText} (Jetty may
     * complete small writes at once) is continued by this loop rather than by recursion from its
     * callback, so a long queue never grows the stack.
     */
    private void pump() {
      while (true) {
        String frame;
        synchronized (this) {
          frame = closed ? null : queue.poll();
          if (frame == null) {
            sending = false;
            return;
          }
          pumping = true;
          completedWhilePumping = false;
        }
        peer.sendText(frame, Callback.from(this::sent, this::failed));
        synchronized (this) {
          pumping = false;
          if (!completedWhilePumping) {
            return; // the callback continues when the send completes
          }
        }
      }
    }

    private void sent() {
      synchronized (this) {
        if (pumping) {
          completedWhilePumping = true;
          return;
        }
      }
      pump();
    }

    private void failed(Throwable cause) {
      // The socket is broken; onError/onClose of the session release it too, this just stops sending.
      LOG.debug("sending to connection {} failed; dropping it", connectionId, cause);
      synchronized (this) {
        closed = true;
        sending = false;
        queue.clear();
      }
      outboxes.remove(connectionId, this);
    }

    /** Called holding the lock. */
    private void closeAsSlow() {
      LOG.warn("connection {} has {} frames queued; closing it as a slow consumer", connectionId, queue.size());
      closed = true;
      queue.clear();
      outboxes.remove(connectionId, this);
      if (peer != null) {
        peer.close(SLOW_CONSUMER_CLOSE_CODE, slowConsumerReason());
      }
    }
  }
}
