package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.port.ChangeStream;
import java.util.Collection;
import java.util.List;

/** Followers of the store's change tail for tests. */
final class Tails {
    private Tails() {}

    /** A follower that adds every change it is handed to {@code sink} and asks for no retry. */
    static ChangeStream.BatchHandler into(Collection<CapturedChange> sink) {
        return batch -> {
            sink.addAll(batch);
            return List.of();
        };
    }
}
