package io.sportsfeeds.adapters.local;

import io.sportsfeeds.adapters.local.WriterEvent.Pending;
import io.sportsfeeds.adapters.local.WriterEvent.Probed;
import io.sportsfeeds.adapters.local.WriterEvent.Stop;
import io.sportsfeeds.adapters.local.WriterEvent.Written;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The writer thread of a {@link GroupCommitWriter} (see there for the pipeline): it takes each
 * event from the queue, sequences appends into groups, hands each group to the sync thread when no
 * write is in progress, settles the groups as their writes return, and runs the outage after a
 * failed write.
 *
 * <p>Every field is touched by the writer thread only, except the two volatiles; {@code onCommit}
 * and {@code sync} are set before the writer thread starts.
 */
final class GroupCommitLoop {
    /** Under the writer's name: it is the writer that stops. */
    private static final System.Logger LOG = System.getLogger(GroupCommitWriter.class.getName());

    private final RocksTable table;
    private final Clock clock;
    private final GroupCommitWriter.Committer committer;
    private final Outage.Backoff backoff;
    private final LinkedBlockingQueue<WriterEvent> queue;
    /** Makes the writer refuse every append from now on, saying why, unless it refuses them already. */
    private final Consumer<String> stopAccepting;
    /** Runs on the sync thread. */
    private final SyncedGroupWrite syncedWrite;

    // Touched by the writer thread only.
    private final Sequencer sequencer;
    private final AppendLookup lookup;
    /** Groups prepared and not yet written, oldest first; the last one takes new appends until full. */
    private final ArrayDeque<CommitGroup> prepared = new ArrayDeque<>();
    /** The group whose write is in progress, or null. */
    private CommitGroup writing;
    /** Null unless a write failed and no probe has been written since. */
    private Outage outage;

    /** While an outage lasts, its cause: appenders read it to fail at once rather than queue. */
    private volatile String outageCause;

    private Consumer<List<CapturedChange>> onCommit;
    private ScheduledThreadPoolExecutor sync;
    private volatile CommitObserver observer = CommitObserver.NONE;

    GroupCommitLoop(
            RocksTable table,
            Clock clock,
            GroupCommitWriter.Settings settings,
            LinkedBlockingQueue<WriterEvent> queue,
            Consumer<String> stopAccepting) {
        this.table = table;
        this.clock = clock;
        this.committer = settings.committer();
        this.backoff = settings.probeBackoff();
        this.queue = queue;
        this.stopAccepting = stopAccepting;
        this.syncedWrite = new SyncedGroupWrite(table, committer);
        this.sequencer = new Sequencer(settings.maxCachedGames());
        this.lookup = new AppendLookup(table, sequencer);
    }

    /** Who is told of each committed group from now on. */
    void observeCommits(CommitObserver observer) {
        this.observer = java.util.Objects.requireNonNull(observer, "observer");
    }

    /** Before the writer thread starts: where committed changes go, and the sync thread. */
    void prepareStart(Consumer<List<CapturedChange>> onCommit, ScheduledThreadPoolExecutor sync) {
        this.onCommit = onCommit;
        this.sync = sync;
    }

    /** While an outage lasts, its cause; null otherwise. Read by the appending threads. */
    String outageCause() {
        return outageCause;
    }

    /** The writer thread's body. */
    void run() {
        try {
            while (true) {
                switch (queue.take()) {
                    case Pending pending -> add(pending);
                    case Written written -> finish(written);
                    case Probed probed -> probed(probed);
                    case Stop stop -> {
                        stop();
                        return;
                    }
                }
                // Appends already queued join the open group first; a write never waits for more.
                if (writing == null && !prepared.isEmpty() && (queue.isEmpty() || prepared.size() > 1)) {
                    startWrite(prepared.poll());
                }
            }
        } catch (InterruptedException e) {
            // Nobody interrupts the writer but the JVM's end; fail what waits rather than leave it hanging.
            failEverything("the store's writer thread was interrupted", e);
            Thread.currentThread().interrupt();
        } catch (VirtualMachineError e) {
            failEverything("the store's writer thread stopped: " + e, e);
            throw e;
        } catch (RuntimeException | Error e) {
            // A bug: said once, with its stack, and every append from now on is refused saying why.
            LOG.log(System.Logger.Level.ERROR, "the writer of the store in " + table.dataDir() + " stopped", e);
            failEverything("the store's writer thread stopped: " + e, e);
        } finally {
            sync.shutdown();
        }
    }

    /** Sequences an append into the open group. */
    private void add(Pending pending) {
        if (outage != null) {
            // Queued before the outage began: refused as the ones after it are.
            pending.done()
                    .completeExceptionally(
                            Outage.refused(table, pending.updates().size(), outage.cause()));
            return;
        }
        long[] storedSeqs;
        try {
            storedSeqs = lookup.storedSeqs(pending.updates());
        } catch (RuntimeException e) {
            // A failed read stored nothing; the next append reads again.
            pending.done()
                    .completeExceptionally(new StoreUnavailableException(
                            lookup.causeOf(pending.updates().size(), e) + Outage.RETRY_IS_SAFE, e));
            return;
        }
        CommitGroup group = prepared.peekLast();
        if (group == null || group.isFull()) {
            group = new CommitGroup();
            prepared.add(group);
        }
        try {
            group.outcomes.add(sequencer.sequence(group.sequenced, pending.updates(), storedSeqs, clock.instant()));
        } catch (RuntimeException bug) {
            // The writer stops on it (see run), failing the groups; this append is in none yet.
            pending.done().completeExceptionally(bug);
            throw bug;
        }
        group.appends.add(pending);
        group.updates += pending.updates().size();
    }

    /** Hands a group to the sync thread, which writes it and reports back through the queue. */
    private void startWrite(CommitGroup group) {
        writing = group;
        try {
            sync.execute(() -> queue.add(new Written(group, syncedWrite.write(group))));
        } catch (RuntimeException e) {
            queue.add(new Written(group, e));
        }
    }

    /** A group's write returned: acknowledge it, or fail it with every group prepared after it. */
    private void finish(Written written) {
        CommitGroup group = written.group();
        writing = null;
        if (group.batch != null) {
            group.batch.close();
        }
        if (written.failure() != null) {
            failWrite(group, written.failure());
            return;
        }
        sequencer.committed(group.sequenced);
        if (!group.sequenced.isEmpty()) {
            observer.committed(group.updates, group.writeNanos);
        }
        // The changes go to the dispatcher before the acknowledgements, so every acknowledged
        // update is already on its way to the subscribers.
        if (!group.sequenced.isEmpty()) {
            onCommit.accept(group.sequenced.changes());
        }
        group.acknowledge();
    }

    /**
     * The write of {@code group} failed, and may have stored it all the same: fails it and the
     * groups prepared after it, has the sequencer forget what it held, and begins an outage.
     */
    private void failWrite(CommitGroup group, Throwable failure) {
        String cause = Outage.causeOf(failure);
        // Before any caller hears of the failure, so its retry is refused at once rather than queued.
        outage = Outage.begin(table, committer, backoff, cause, group.sequenced.changes());
        outageCause = cause;
        sequencer.forgetAll();
        StoreUnavailableException groupFailure = new StoreUnavailableException(
                "cannot commit " + group.updates + " updates in the store in " + table.dataDir() + ": " + cause
                        + Outage.RETRY_IS_SAFE,
                failure);
        group.fail(groupFailure);
        for (CommitGroup behind : prepared) {
            StoreUnavailableException behindFailure = new StoreUnavailableException(
                    "cannot commit " + behind.updates + " updates in the store in " + table.dataDir()
                            + ": they were to follow updates whose commit failed (" + cause + ")"
                            + Outage.RETRY_IS_SAFE,
                    failure);
            behind.fail(behindFailure);
        }
        prepared.clear();
        scheduleProbe(1);
    }

    private void scheduleProbe(int probe) {
        Outage current = outage;
        sync.schedule(
                () -> queue.add(new Probed(probe, current.probe(probe))),
                current.millisBefore(probe),
                TimeUnit.MILLISECONDS);
    }

    /** A probe returned: ends the outage when it was written (publishing what the failed write kept), or probes again later. */
    private void probed(Probed probed) {
        if (outage == null) {
            return;
        }
        Throwable failure = probed.failure();
        List<CapturedChange> kept = List.of();
        if (failure == null) {
            try {
                kept = outage.kept();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null) {
            outage.probeFailed(probed.probe(), failure);
            scheduleProbe(probed.probe() + 1);
            return;
        }
        // Nothing was written since the failed write, so its changes come before any later change of their games.
        if (!kept.isEmpty()) {
            onCommit.accept(kept);
        }
        outage.end();
        outage = null;
        outageCause = null;
    }

    /** Closing: fails what is not written yet, lets the write in progress finish. */
    private void stop() throws InterruptedException {
        StoreUnavailableException closing = GroupCommitWriter.closedBeforeCommit(table);
        for (CommitGroup group : prepared) {
            group.fail(closing);
        }
        prepared.clear();
        while (writing != null) {
            switch (queue.take()) {
                case Written written -> finish(written);
                case Pending pending -> pending.done().completeExceptionally(closing);
                case Probed probed -> {}
                case Stop stop -> {}
            }
        }
        failQueued(closing);
    }

    /** The writer thread is ending abnormally: stops accepting and fails every append not acknowledged. */
    private void failEverything(String why, Throwable cause) {
        String reason = why + Outage.RETRY_IS_SAFE;
        stopAccepting.accept(reason);
        StoreUnavailableException failure = new StoreUnavailableException(reason, cause);
        List<CommitGroup> unacknowledged = new ArrayList<>();
        if (writing != null) {
            unacknowledged.add(writing);
            writing = null;
        }
        unacknowledged.addAll(prepared);
        prepared.clear();
        for (CommitGroup group : unacknowledged) {
            group.fail(failure);
        }
        failQueued(failure);
    }

    private void failQueued(StoreUnavailableException failure) {
        WriterEvent left;
        while ((left = queue.poll()) != null) {
            if (left instanceof Pending pending) {
                pending.done().completeExceptionally(failure);
            }
        }
    }
}
