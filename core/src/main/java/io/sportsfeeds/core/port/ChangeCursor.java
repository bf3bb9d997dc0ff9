package io.sportsfeeds.core.port;

import java.util.Map;

/**
 * Where a subscription to a change source starts: after the last sequence number already seen of
 * each listed game (missed changes of those are replayed first), and from now on for every game.
 */
public record ChangeCursor(Map<String, Long> lastSeqByGame) {
  public ChangeCursor {
    lastSeqByGame = Map.copyOf(lastSeqByGame);
    lastSeqByGame.forEach(
        (game, seq) -> {
          if (seq < 0) {
            throw new IllegalArgumentException("last seq of " + game + " must not be negative, was " + seq);
          }
        });
  }

  /** Only changes captured from now on. */
  public static ChangeCursor live() {
    return new ChangeCursor(Map.of());
  }

  public static ChangeCursor after(Map<String, Long> lastSeqByGame) {
    return new ChangeCursor(lastSeqByGame);
  }
}
