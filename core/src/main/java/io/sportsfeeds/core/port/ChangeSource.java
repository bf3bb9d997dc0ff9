package io.sportsfeeds.core.port;

/**
 * The ordered stream of captured changes: every update the feed store acknowledged, once per
 * subscription, each game's in sequence order with no gap and no repeat.
 */
public interface ChangeSource {

  /**
   * Delivers to the listener the changes the cursor has not seen (replayed from storage) and then
   * every change captured from now on, until the returned subscription is closed. The replay may
   * run on the calling thread before this returns. A listener that throws loses only the changes
   * of that call (they count as delivered); its subscription and every other one go on.
   */
  Subscription subscribe(ChangeCursor cursor, ChangeListener listener);

  /** A running subscription. Closing it stops deliveries; closing twice does nothing. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}
