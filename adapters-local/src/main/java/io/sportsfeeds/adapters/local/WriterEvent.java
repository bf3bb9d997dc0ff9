package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.domain.AppendOutcome;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the writer thread of a {@link GroupCommitWriter} takes from its queue: appends from the
 * callers, the sync thread's reports, and the request to stop.
 */
sealed interface WriterEvent permits WriterEvent.Pending, WriterEvent.Written, WriterEvent.Probed, WriterEvent.Stop {

    /** One append waiting for its group's commit. */
    record Pending(List<PreparedUpdate> updates, CompletableFuture<List<AppendOutcome>> done) implements WriterEvent {}

    /** The sync thread finished writing a group; {@code failure} is null when the write succeeded. */
    record Written(CommitGroup group, Throwable failure) implements WriterEvent {}

    /** The sync thread wrote probe number {@code probe} of an outage; {@code failure} is null when it was written. */
    record Probed(int probe, Throwable failure) implements WriterEvent {}

    record Stop() implements WriterEvent {}
}
