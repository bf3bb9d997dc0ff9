package io.sportsfeeds.core.port;

/**
 * The ordered stream of captured changes: every update the feed store acknowledged, once per
 * subscription, each game's in sequence order with no gap and no repeat.
 */
public interface ChangeSource {

  /**
   * Delivers to the listener the changes the cursor has not seen (replayed from storage) and then
   * every change captured from now on, until the returned subscription is closed.
   */
  Subscription subscribe(ChangeCursor cursor, ChangeListener listener);

  /** A running subscription. Closing it stops deliveries; closing twice does nothing. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}
