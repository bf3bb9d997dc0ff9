package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Appends odds updates with pipelined group commit: the thin pipeline around the {@link
 * Sequencer}, which decides what each append stores. Concurrent appends share one synced write
 * (one WAL fsync for the whole group), which is what bounds durable throughput; and the next group
 * is prepared while the previous one is being synced.
 *
 * <p>Two threads:
 *
 * <ul>
 *   <li>The <em>writer</em> thread owns the sequencer and the groups: it takes each append from
 *       its queue as it arrives, reads what the sequencer needs (the stored seqs of its
 *       identities, and the heads and latest odds it does not hold yet: one {@code multiGet}), has
 *       it sequenced into the open group and, when no write is in progress, hands the group over
 *       to be written and opens the next one.
 *   <li>The <em>sync</em> thread does the synced writes, one at a time and in group order, and
 *       reports each result back through the writer's queue.
 * </ul>
 *
 * <p>Only when group N's write has returned does the writer acknowledge N, hand its changes to
 * the change source and start the write of N+1. So groups commit in seq order, the change source
 * sees them in commit order, and nothing is written, let alone visible, after a failed write.
 *
 * <p>A failed write fails its group and every group prepared after it (their seqs follow the
 * failed ones), has the sequencer forget what it held, and begins an {@link Outage}: appends are
 * refused until a probe write succeeds; then what the failed write kept is published, and
 * appends are taken again without a restart.
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GroupCommitWriter.class.getName());
    /** Enough to merge 8 concurrent batches of 1,000; a bigger single append still goes alone. */
    private static final int MAX_GROUP_UPDATES = 10_000;

    /** Writes a group's batch; the seam where a test makes the disk fail. */
    @FunctionalInterface
    interface Committer {
        Committer SYNCED = (db, syncWrite, batch) -> db.write(syncWrite, batch);

        void commit(RocksDB db, WriteOptions syncWrite, WriteBatch batch) throws RocksDBException;
    }

    /**
     * How the writer works.
     *
     * @param committer writes each group's batch and each probe
     * @param probeBackoff the waits before the probe writes after a failed commit
     * @param maxCachedGames how many games' heads the sequencer keeps in memory
     */
    record Settings(Committer committer, Outage.Backoff probeBackoff, int maxCachedGames) {
        Settings {
            Objects.requireNonNull(committer, "committer");
            Objects.requireNonNull(probeBackoff, "probeBackoff");
        }
    }

    /** What the writer thread takes from its queue. */
    private sealed interface Event permits Pending, Written, Probed, Stop {}

    /** One append waiting for its group's commit. */
    private record Pending(List<PreparedUpdate> updates, CompletableFuture<List<AppendOutcome>> done)
            implements Event {}

    /** The sync thread finished writing a group; {@code failure} is null when the write succeeded. */
    private record Written(Group group, Throwable failure) implements Event {}

    /** The sync thread wrote probe number {@code probe} of an outage; {@code failure} is null when it was written. */
    private record Probed(int probe, Throwable failure) implements Event {}

    private record Stop() implements Event {}

    /** Appends sequenced into one group, for one synced write. */
    private static final class Group {
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
    }

    private final RocksTable table;
    private final Clock clock;
    private final Retention retention;
    private final Committer committer;
    private final Outage.Backoff backoff;
    private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();

    // Touched by the writer thread only.
    private final Sequencer sequencer;
    /** Groups prepared and not yet written, oldest first; the last one takes new appends until full. */
    private final ArrayDeque<Group> prepared = new ArrayDeque<>();
    /** The group whose write is in progress, or null. */
    private Group writing;
    /** Null unless a write failed and no probe has been written since. */
    private Outage outage;

    /** While an outage lasts, its cause: appenders read it to fail at once rather than queue. */
    private volatile String outageCause;

    private final Object lifecycle = new Object();
    /** Why appends are refused for good (not started, closed, the writer thread died), or null while accepting. */
    private String stopped;

    private Thread thread;
    private ScheduledThreadPoolExecutor sync;
    private Consumer<List<CapturedChange>> onCommit;
    private volatile CommitObserver observer = CommitObserver.NONE;

    GroupCommitWriter(RocksTable table, Clock clock, Retention retention, Settings settings) {
        this.table = table;
        this.clock = clock;
        this.retention = retention;
        this.committer = settings.committer();
        this.backoff = settings.probeBackoff();
        this.sequencer = new Sequencer(settings.maxCachedGames());
        this.stopped = "the store in " + table.dataDir() + " is not started";
    }

    /** Starts the writer threads; {@code onCommit} gets each group's stored changes, in commit order. */
    /** Who is told of each committed group from now on. */
    void observeCommits(CommitObserver observer) {
        this.observer = java.util.Objects.requireNonNull(observer, "observer");
    }

    void start(Consumer<List<CapturedChange>> onCommit) {
        synchronized (lifecycle) {
            if (thread != null) {
                throw new IllegalStateException("the writer of " + table.dataDir() + " was started already");
            }
            this.onCommit = onCommit;
            this.stopped = null;
            // Daemons, so a store that was never closed does not keep the JVM alive; every
            // acknowledged append was synced already, so stopping them abruptly loses nothing acknowledged.
            sync = new ScheduledThreadPoolExecutor(
                    1,
                    Thread.ofPlatform()
                            .name("sportsfeeds-store-sync")
                            .daemon(true)
                            .factory());
            // A probe still waiting for its time when the writer stops is not needed any more.
            sync.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            thread = Thread.ofPlatform()
                    .name("sportsfeeds-store-writer")
                    .daemon(true)
                    .start(this::run);
        }
    }

    /** Stores the updates durably (see {@code FeedStore.append}); blocks until their group commits. */
    List<AppendOutcome> append(List<OddsUpdate> updates) {
        if (updates.isEmpty()) {
            return List.of();
        }
        // Encoding happens here, on the caller's thread, so concurrent appenders share the work.
        List<PreparedUpdate> prepared = new ArrayList<>(updates.size());
        for (OddsUpdate update : updates) {
            prepared.add(PreparedUpdate.of(update, retention));
        }
        Pending pending = new Pending(prepared, new CompletableFuture<>());
        synchronized (lifecycle) {
            if (stopped != null) {
                throw new StoreUnavailableException("cannot append " + updates.size() + " updates: " + stopped);
            }
            String down = outageCause;
            if (down != null) {
                throw Outage.refused(table, updates.size(), down);
            }
            queue.add(pending);
        }
        try {
            return pending.done().get();
        } catch (ExecutionException e) {
            // A new exception, so the caller's stack shows where it waited; the writer's is the cause.
            throw new StoreUnavailableException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException(
                    "interrupted while waiting for " + updates.size()
                            + " updates to commit: they may or may not be stored;"
                            + " appending them again is safe, duplicates are detected",
                    e);
        }
    }

    private void run() {
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
            storedSeqs = lookUp(pending.updates());
        } catch (RuntimeException e) {
            // A failed read stored nothing; the next append reads again.
            pending.done()
                    .completeExceptionally(
                            new StoreUnavailableException(causeOfLookup(pending, e) + Outage.RETRY_IS_SAFE, e));
            return;
        }
        Group group = prepared.peekLast();
        if (group == null || group.isFull()) {
            group = new Group();
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

    /**
     * One multiGet for the stored seq of each update's identity ({@code 0} when none), and the heads
     * and latest odds the sequencer does not hold yet, which it loads.
     */
    private long[] lookUp(List<PreparedUpdate> updates) {
        Sequencer.Reads reads = sequencer.reads(updates);
        List<byte[]> keys = new ArrayList<>(
                updates.size() + reads.games().size() + reads.markets().size());
        for (PreparedUpdate update : updates) {
            keys.add(update.dedupeKey());
        }
        reads.games().forEach(game -> keys.add(Keys.head(game)));
        reads.markets().forEach(market -> keys.add(Keys.latest(market.game(), market.market())));
        List<byte[]> found = table.call("look up " + updates.size() + " updates", t -> t.db().multiGetAsList(keys));
        // The heads follow the dedupe keys, then the latest odds.
        int index = updates.size();
        for (String game : reads.games()) {
            byte[] head = found.get(index++);
            sequencer.loadHead(game, head == null ? Codec.Head.EMPTY : Codec.readHead(head));
        }
        for (Sequencer.Market market : reads.markets()) {
            byte[] latest = found.get(index++);
            sequencer.loadLatest(
                    market.game(),
                    market.market(),
                    latest == null ? Sequencer.LatestMark.NONE : Sequencer.LatestMark.of(Codec.readChange(latest)));
        }
        long[] storedSeqs = new long[updates.size()];
        for (int i = 0; i < storedSeqs.length; i++) {
            byte[] stored = found.get(i);
            storedSeqs[i] = stored == null ? 0 : Codec.readSeq(stored);
        }
        return storedSeqs;
    }

    /** Hands a group to the sync thread, which writes it and reports back through the queue. */
    private void startWrite(Group group) {
        writing = group;
        try {
            sync.execute(() -> queue.add(new Written(group, write(group))));
        } catch (RuntimeException e) {
            queue.add(new Written(group, e));
        }
    }

    /**
     * Sync thread: the synced write of a group; returns its failure, or null. Its rows are sorted
     * and copied into the batch here rather than on the writer thread, which every append waits on:
     * the writer sequences the next group meanwhile.
     */
    private Throwable write(Group group) {
        try {
            if (!group.sequenced.isEmpty()) {
                group.batch = new WriteBatch();
                table.call("prepare " + group.updates + " updates", t -> {
                    for (Sequencer.Row row : group.sequenced.rows()) {
                        group.batch.put(t.table(), row.key(), row.value());
                    }
                    return null;
                });
                long started = System.nanoTime();
                table.call("commit " + group.updates + " updates", t -> {
                    committer.commit(t.db(), t.syncWrite(), group.batch);
                    return null;
                });
                group.writeNanos = System.nanoTime() - started;
            }
            return null;
        } catch (RuntimeException | Error e) {
            return e;
        }
    }

    /** A group's write returned: acknowledge it, or fail it with every group prepared after it. */
    private void finish(Written written) {
        Group group = written.group();
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
        for (int i = 0; i < group.appends.size(); i++) {
            group.appends.get(i).done().complete(group.outcomes.get(i));
        }
    }

    /**
     * The write of {@code group} failed, and may have stored it all the same: fails it and the
     * groups prepared after it, has the sequencer forget what it held, and begins an outage.
     */
    private void failWrite(Group group, Throwable failure) {
        String cause = Outage.causeOf(failure);
        // Before any caller hears of the failure, so its retry is refused at once rather than queued.
        outage = Outage.begin(table, committer, backoff, cause, group.sequenced.changes());
        outageCause = cause;
        sequencer.forgetAll();
        StoreUnavailableException groupFailure = new StoreUnavailableException(
                "cannot commit " + group.updates + " updates in the store in " + table.dataDir() + ": " + cause
                        + Outage.RETRY_IS_SAFE,
                failure);
        group.appends.forEach(pending -> pending.done().completeExceptionally(groupFailure));
        for (Group behind : prepared) {
            StoreUnavailableException behindFailure = new StoreUnavailableException(
                    "cannot commit " + behind.updates + " updates in the store in " + table.dataDir()
                            + ": they were to follow updates whose commit failed (" + cause + ")"
                            + Outage.RETRY_IS_SAFE,
                    failure);
            behind.appends.forEach(pending -> pending.done().completeExceptionally(behindFailure));
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
        StoreUnavailableException closing = closedBeforeCommit();
        for (Group group : prepared) {
            group.appends.forEach(pending -> pending.done().completeExceptionally(closing));
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
        synchronized (lifecycle) {
            if (stopped == null) {
                stopped = reason;
            }
        }
        StoreUnavailableException failure = new StoreUnavailableException(reason, cause);
        List<Group> unacknowledged = new ArrayList<>();
        if (writing != null) {
            unacknowledged.add(writing);
            writing = null;
        }
        unacknowledged.addAll(prepared);
        prepared.clear();
        for (Group group : unacknowledged) {
            group.appends.forEach(pending -> pending.done().completeExceptionally(failure));
        }
        failQueued(failure);
    }

    private void failQueued(StoreUnavailableException failure) {
        Event left;
        while ((left = queue.poll()) != null) {
            if (left instanceof Pending pending) {
                pending.done().completeExceptionally(failure);
            }
        }
    }

    private StoreUnavailableException closedBeforeCommit() {
        return new StoreUnavailableException(
                "the store in " + table.dataDir() + " was closed before these updates were committed");
    }

    private String causeOfLookup(Pending pending, RuntimeException failure) {
        // The table's own exceptions say what failed where already.
        return failure instanceof StoreUnavailableException
                ? failure.getMessage()
                : "cannot look up " + pending.updates().size() + " updates in the store in " + table.dataDir() + ": "
                        + failure;
    }

    /**
     * Stops accepting appends, lets the writer finish the group it is writing, fails the appends not
     * written yet, and waits for the threads to end. Idempotent.
     */
    @Override
    public void close() {
        Thread writer;
        synchronized (lifecycle) {
            writer = thread;
            if (writer == null) {
                return;
            }
            boolean accepting = stopped == null;
            stopped = "the store in " + table.dataDir() + " is closed";
            if (accepting) {
                // Whatever the writer has not taken yet fails now instead of delaying the close.
                StoreUnavailableException closing = closedBeforeCommit();
                queue.removeIf(event ->
                        event instanceof Pending pending && pending.done().completeExceptionally(closing));
                queue.add(new Stop());
            }
        }
        if (writer == Thread.currentThread()) {
            return;
        }
        // The writer ends promptly once Stop is queued; an interrupt must not leave it (and what
        // closes after it) running, so the wait goes on and the interrupt is kept for the caller.
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        sync.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
