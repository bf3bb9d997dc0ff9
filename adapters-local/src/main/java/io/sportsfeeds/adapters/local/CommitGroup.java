package io.sportsfeeds.adapters.local;

import io.sportsfeeds.adapters.local.WriterEvent.Pending;
import io.sportsfeeds.core.domain.AppendOutcome;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.WriteBatch;

/**
 * Appends sequenced into one group, for one synced write. The writer thread fills it and settles
 * its appends; the sync thread writes it, between the two hand-overs through the writer's queue.
 */
final class CommitGroup {
    /** Enough to merge 8 concurrent batches of 1,000; a bigger single append still goes alone. */
    private static final int MAX_GROUP_UPDATES = 10_000;

    final Sequencer.Group sequenced = new Sequencer.Group();
    final List<Pending> appends = new ArrayList<>();
    final List<List<AppendOutcome>> outcomes = new ArrayList<>();
    int updates;
    /** Made by the sync thread when the write starts (null for a group that stores nothing). */
    WriteBatch batch;
    /** How long the synced write took; set by the sync thread before it reports back. */
    long writeNanos;

    boolean isFull() {
        return updates >= MAX_GROUP_UPDATES;
    }

    /** Acknowledges each append with its outcomes. */
    void acknowledge() {
        for (int i = 0; i < appends.size(); i++) {
            appends.get(i).done().complete(outcomes.get(i));
        }
    }

    /** Fails each append with {@code failure}. */
    void fail(Throwable failure) {
        appends.forEach(pending -> pending.done().completeExceptionally(failure));
    }
}
