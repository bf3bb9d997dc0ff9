package io.sportsfeeds.adapters.local;

import io.sportsfeeds.adapters.local.WriterEvent.Pending;
import io.sportsfeeds.adapters.local.WriterEvent.Stop;
import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
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
 *
 * <p>This class is the callers' side: starting, appending and closing, under its lifecycle lock.
 * The writer thread's work is {@link GroupCommitLoop}, the sync thread's {@link SyncedGroupWrite}.
 */
final class GroupCommitWriter implements AutoCloseable {

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

    private final RocksTable table;
    private final Retention retention;
    private final LinkedBlockingQueue<WriterEvent> queue = new LinkedBlockingQueue<>();
    /** What the writer thread runs; it owns the sequencer and the groups. */
    private final GroupCommitLoop loop;

    private final Object lifecycle = new Object();
    /** Why appends are refused for good (not started, closed, the writer thread died), or null while accepting. */
    private String stopped;

    private Thread thread;
    private ScheduledThreadPoolExecutor sync;

    GroupCommitWriter(RocksTable table, Clock clock, Retention retention, Settings settings) {
        this.table = table;
        this.retention = retention;
        this.loop = new GroupCommitLoop(table, clock, settings, queue, this::stopAccepting);
        this.stopped = "the store in " + table.dataDir() + " is not started";
    }

    /** Who is told of each committed group from now on. */
    void observeCommits(CommitObserver observer) {
        loop.observeCommits(observer);
    }

    /** Starts the writer threads; {@code onCommit} gets each group's stored changes, in commit order. */
    void start(Consumer<List<CapturedChange>> onCommit) {
        synchronized (lifecycle) {
            if (thread != null) {
                throw new IllegalStateException("the writer of " + table.dataDir() + " was started already");
            }
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
            loop.prepareStart(onCommit, sync);
            thread = Thread.ofPlatform()
                    .name("sportsfeeds-store-writer")
                    .daemon(true)
                    .start(loop::run);
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
            String down = loop.outageCause();
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

    /** Writer thread, ending abnormally: every append from now on is refused saying why, unless one is already. */
    private void stopAccepting(String reason) {
        synchronized (lifecycle) {
            if (stopped == null) {
                stopped = reason;
            }
        }
    }

    static StoreUnavailableException closedBeforeCommit(RocksTable table) {
        return new StoreUnavailableException(
                "the store in " + table.dataDir() + " was closed before these updates were committed");
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
                StoreUnavailableException closing = closedBeforeCommit(table);
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
