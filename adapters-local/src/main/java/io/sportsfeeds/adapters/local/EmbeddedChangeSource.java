package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.port.ChangeCursor;
import io.sportsfeeds.core.port.ChangeListener;
import io.sportsfeeds.core.port.ChangeSource;
import io.sportsfeeds.core.port.FeedStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The change source fed by the store's commit order. The writer hands each group's committed
 * changes to {@link #publish}; one dispatcher thread delivers them to the subscriptions, so a slow
 * listener never delays a commit (it delays only the deliveries behind it, and the queue grows).
 *
 * <p>A subscription with a cursor is registered for live changes first (which it buffers), then
 * replays what the store holds after the cursor, then drains the buffer; every delivery drops
 * what is at or below the last seq it delivered of a game of the cursor (the only games replayed,
 * so the only ones a change can reach twice). So nothing committed while the
 * replay runs is missed, and nothing is delivered twice.
 */
final class EmbeddedChangeSource implements ChangeSource, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EmbeddedChangeSource.class.getName());
  private static final int REPLAY_PAGE = 1_000;
  private static final long STOP_WAIT_MILLIS = 10_000;
  private static final List<CapturedChange> STOP = new ArrayList<>();

  private final FeedStore store;
  private final LinkedBlockingQueue<List<CapturedChange>> queue = new LinkedBlockingQueue<>();
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final Thread dispatcher;
  private volatile boolean closed;

  EmbeddedChangeSource(FeedStore store) {
    this.store = store;
    this.dispatcher = Thread.ofPlatform().name("sportsfeeds-change-dispatcher").daemon(true).start(this::dispatch);
  }

  /** Called by the writer after each successful commit, with the group's changes in commit order. */
  void publish(List<CapturedChange> committed) {
    queue.add(committed);
  }

  @Override
  public Subscription subscribe(ChangeCursor cursor, ChangeListener listener) {
    if (closed) {
      throw new StoreUnavailableException("cannot subscribe: the change source is closed");
    }
    Delivery delivery = new Delivery(listener, cursor.lastSeqByGame());
    deliveries.add(delivery);
    if (closed) {
      // close() ran between the check above and the add: it may not have seen this delivery.
      deliveries.remove(delivery);
      throw new StoreUnavailableException("cannot subscribe: the change source is closed");
    }
    try {
      // Replayed on the subscribing thread: a long replay holds up only its own subscriber.
      for (Map.Entry<String, Long> game : cursor.lastSeqByGame().entrySet()) {
        long after = game.getValue();
        while (!delivery.closed) {
          List<CapturedChange> page = store.changesAfter(game.getKey(), after, REPLAY_PAGE);
          delivery.deliver(page);
          if (page.size() < REPLAY_PAGE) {
            break;
          }
          after = page.getLast().seq();
        }
      }
      delivery.goLive();
    } catch (RuntimeException | Error e) {
      delivery.close();
      throw e;
    }
    return delivery;
  }

  private void dispatch() {
    try {
      while (true) {
        List<CapturedChange> first = queue.take();
        if (first == STOP) {
          return;
        }
        // Whatever else has committed meanwhile goes out in the same call, in commit order.
        List<CapturedChange> changes = first;
        List<CapturedChange> next;
        boolean stop = false;
        while ((next = queue.poll()) != null) {
          if (next == STOP) {
            stop = true;
            break;
          }
          if (changes == first) {
            changes = new ArrayList<>(first);
          }
          changes.addAll(next);
        }
        List<CapturedChange> batch = List.copyOf(changes);
        for (Delivery delivery : deliveries) {
          delivery.offerLive(batch);
        }
        if (stop) {
          return;
        }
      }
    } catch (InterruptedException e) {
      // Only close() interrupts, after waiting in vain for a listener: stop delivering.
      Thread.currentThread().interrupt();
    }
  }

  /** Delivers what was committed before, then stops; later subscriptions are refused. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.add(STOP);
    if (Thread.currentThread() != dispatcher) {
      try {
        dispatcher.join(STOP_WAIT_MILLIS);
        if (dispatcher.isAlive()) {
          LOG.log(System.Logger.Level.WARNING, "a change listener still runs after " + STOP_WAIT_MILLIS + " ms; interrupting the dispatcher");
          dispatcher.interrupt();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        dispatcher.interrupt();
      }
    }
    deliveries.forEach(Delivery::close);
  }

  /** One subscription; its listener is called by one thread at a time. */
  private final class Delivery implements Subscription {
    private final ChangeListener listener;
    /** Per game of the cursor, the last seq delivered (or the cursor's); touched by the one delivering thread. */
    private final Map<String, Long> lastSeqByGame;
    private final Object lock = new Object();
    /** Guarded by lock: while replaying, live changes wait in the buffer. */
    private boolean replaying = true;

    private List<CapturedChange> buffer = new ArrayList<>();
    private volatile boolean closed;

    Delivery(ChangeListener listener, Map<String, Long> cursor) {
      this.listener = listener;
      this.lastSeqByGame = new HashMap<>(cursor);
    }

    /** Dispatcher thread. */
    void offerLive(List<CapturedChange> changes) {
      synchronized (lock) {
        if (closed) {
          return;
        }
        if (replaying) {
          buffer.addAll(changes);
          return;
        }
      }
      deliver(changes);
    }

    /** Subscribing thread: hands the buffer over, then leaves delivering to the dispatcher. */
    void goLive() {
      while (true) {
        List<CapturedChange> buffered;
        synchronized (lock) {
          if (buffer.isEmpty() || closed) {
            replaying = false;
            buffer = List.of();
            return;
          }
          buffered = buffer;
          buffer = new ArrayList<>();
        }
        deliver(buffered);
      }
    }

    void deliver(List<CapturedChange> changes) {
      List<CapturedChange> fresh = new ArrayList<>(changes.size());
      for (CapturedChange change : changes) {
        Long last = lastSeqByGame.get(change.gameId());
        if (last == null) {
          // Not a game of the cursor, so never replayed: live changes come once and in order.
          // Tracking only the cursor's games keeps this map as small as the cursor.
          fresh.add(change);
        } else if (change.seq() > last) {
          lastSeqByGame.put(change.gameId(), change.seq());
          fresh.add(change);
        }
      }
      if (!fresh.isEmpty() && !closed) {
        notifyListener(List.copyOf(fresh));
      }
    }

    /**
     * One failing listener must not stop the others, nor end its own subscription, on whichever
     * thread it runs (the dispatcher, or the subscriber's during replay): its changes count as
     * delivered, as they would had it dropped them itself. Only a failing JVM goes on up.
     */
    private void notifyListener(List<CapturedChange> changes) {
      try {
        listener.onChanges(changes);
      } catch (VirtualMachineError fatal) {
        throw fatal;
      } catch (Throwable failure) {
        LOG.log(System.Logger.Level.ERROR, "a change listener failed on " + changes.size() + " changes", failure);
      }
    }

    @Override
    public void close() {
      synchronized (lock) {
        closed = true;
        buffer = List.of();
      }
      deliveries.remove(this);
    }
  }
}
