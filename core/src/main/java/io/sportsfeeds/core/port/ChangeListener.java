package io.sportsfeeds.core.port;

import io.sportsfeeds.core.domain.CapturedChange;
import java.util.List;

/** Receives captured changes, each game's in sequence order. Called from one thread at a time. */
@FunctionalInterface
public interface ChangeListener {
  void onChanges(List<CapturedChange> changes);
}
