package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
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
 *       its queue as it arrives, reads what the sequencer needs (the stored seqs of its identities,
 *       and the heads and latest odds it does not hold yet: one {@code multiGet}), has it sequenced into the
 *       open group and, when no write is in progress, hands the group over to be written and opens
 *       the next one.
 *   <li>The <em>sync</em> thread does the synced writes, one at a time and in group order, and
 *       reports each result back through the writer's queue.
 * </ul>
 *
 * <p>Only when group N's write has returned does the writer acknowledge N, hand its changes to
 * the change source and start the write of N+1. So groups commit in seq order, the change source
 * sees them in commit order, and nothing is written, let alone visible, after a failed write.
 *
 * <p><b>A failed write</b> fails its group and every group prepared after it (their seqs follow
 * the failed ones). What it stored is unknown: a synced write that reported an error may be in
 * RocksDB's log all the same, and would come back when the log is replayed. So the writer reuses
 * no seq on a guess: it stops acknowledging (appends fail at once, as not acknowledged, which
 * makes a retry safe), drops what the sequencer held, and probes the store with a small synced
 * write after a backoff, reopening the database from the second probe on (RocksDB refuses writes
 * after some I/O errors until it is reopened, and rocksdbjni offers no {@code resume()}). Once a
 * probe is written, the changes the failed write did store are published, and appends are taken
 * again; the sequencer reads heads and identities from disk anew, so a retried update the failed
 * write had stored comes back as a duplicate with its seq.
 */
final class GroupCommitWriter implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(GroupCommitWriter.class.getName());
  /** Enough to merge 8 concurrent batches of 1,000; a bigger single append still goes alone. */
  private static final int MAX_GROUP_UPDATES = 10_000;
  private static final String RETRY_IS_SAFE =
      "; they were not acknowledged, and a retry is safe: any of them the store kept is reported as a duplicate with its seq";

  /** Writes a group's batch; the seam where a test makes the disk fail. */
  @FunctionalInterface
  interface Committer {
    Committer SYNCED = (db, syncWrite, batch) -> db.write(syncWrite, batch);

    void commit(RocksDB db, WriteOptions syncWrite, WriteBatch batch) throws RocksDBException;
  }

  /**
   * The waits before the probe writes of a failure episode: {@code first} before the first, each
   * next one twice the previous, at most {@code max}.
   */
  record Backoff(Duration first, Duration max) {
    Backoff {
      Objects.requireNonNull(first, "first");
      Objects.requireNonNull(max, "max");
      if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
        throw new IllegalArgumentException("a backoff needs 0 < first <= max, was first " + first + ", max " + max);
      }
    }

    long millisBefore(int probe) {
      long millis = first.toMillis() << Math.min(probe - 1, 20);
      return Math.min(millis, max.toMillis());
    }
  }

  /**
   * How the writer works.
   *
   * @param committer writes each group's batch and each probe
   * @param probeBackoff the waits before the probe writes after a failed commit
   * @param maxCachedGames how many games' heads the sequencer keeps in memory
   */
  record Settings(Committer committer, Backoff probeBackoff, int maxCachedGames) {
    Settings {
      Objects.requireNonNull(committer, "committer");
      Objects.requireNonNull(probeBackoff, "probeBackoff");
    }
  }

  /** What the writer thread takes from its queue. */
  private sealed interface Event permits Pending, Written, Probed, Stop {}

  /** One append waiting for its group's commit. */
  private record Pending(List<PreparedUpdate> updates, CompletableFuture<List<AppendOutcome>> done) implements Event {}

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
    /** Made when the write starts. */
    WriteBatch batch;

    boolean isFull() {
      return updates >= MAX_GROUP_UPDATES;
    }
  }

  /** From a failed write until a probe write succeeds: appends are refused meanwhile. */
  private static final class Outage {
    final String cause;
    final long startNanos = System.nanoTime();
    /** The changes of the failed write: stored or not, which only the disk can tell once it takes writes again. */
    final List<CapturedChange> unconfirmed;
    int failedProbes;
    String lastProbeFailure;

    Outage(String cause, List<CapturedChange> unconfirmed) {
      this.cause = cause;
      this.unconfirmed = unconfirmed;
    }
  }

  private final RocksTable table;
  private final Clock clock;
  private final Retention retention;
  private final Committer committer;
  private final Backoff backoff;
  private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();

  // Touched by the writer thread only.
  private final Sequencer sequencer;
  /** Groups prepared and not yet written, oldest first; the last one takes new appends until full. */
  private final ArrayDeque<Group> prepared = new ArrayDeque<>();
  /** The group whose write is in progress, or null. */
  private Group writing;
  private Outage outage;

  /** While an outage lasts, its cause: appenders read it to fail at once rather than queue. */
  private volatile String outageCause;

  private final Object lifecycle = new Object();
  /** Why appends are refused for good (not started, closed, the writer thread died), or null while accepting. */
  private String stopped;
  private Thread thread;
  private ScheduledThreadPoolExecutor sync;
  private Consumer<List<CapturedChange>> onCommit;

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
  void start(Consumer<List<CapturedChange>> onCommit) {
    synchronized (lifecycle) {
      if (thread != null) {
        throw new IllegalStateException("the writer of " + table.dataDir() + " was started already");
      }
      this.onCommit = onCommit;
      this.stopped = null;
      // Daemons, so a store that was never closed does not keep the JVM alive; every
      // acknowledged append was synced already, so stopping them abruptly loses nothing acknowledged.
      sync = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("sportsfeeds-store-sync").daemon(true).factory());
      // A probe still waiting for its time when the writer stops is not needed any more.
      sync.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      thread = Thread.ofPlatform().name("sportsfeeds-store-writer").daemon(true).start(this::run);
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
        throw refused(updates.size(), down);
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
          "interrupted while waiting for " + updates.size() + " updates to commit: they may or may not be stored;"
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
      pending.done().completeExceptionally(refused(pending.updates().size(), outage.cause));
      return;
    }
    long[] storedSeqs;
    try {
      storedSeqs = lookUp(pending.updates());
    } catch (RuntimeException e) {
      // A failed read stored nothing; the next append reads again.
      pending.done().completeExceptionally(new StoreUnavailableException(causeOfLookup(pending, e) + RETRY_IS_SAFE, e));
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
    List<byte[]> keys = new ArrayList<>(updates.size() + reads.games().size() + reads.markets().size());
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
      sequencer.loadLatest(market.game(), market.market(), latest == null ? Sequencer.LatestMark.NONE : Sequencer.LatestMark.of(Codec.readChange(latest)));
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
      group.batch = new WriteBatch();
      table.call(
          "prepare " + group.updates + " updates",
          t -> {
            for (Sequencer.Row row : group.sequenced.rows()) {
              group.batch.put(t.table(), row.key(), row.value());
            }
            return null;
          });
      sync.execute(() -> queue.add(new Written(group, write(group))));
    } catch (RuntimeException e) {
      queue.add(new Written(group, e));
    }
  }

  /** Sync thread: the synced write of a group; returns its failure, or null. */
  private Throwable write(Group group) {
    try {
      if (!group.sequenced.isEmpty()) {
        table.call(
            "commit " + group.updates + " updates",
            t -> {
              committer.commit(t.db(), t.syncWrite(), group.batch);
              return null;
            });
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
   * groups prepared after it, forgets what the sequencer held, and begins an outage.
   */
  private void failWrite(Group group, Throwable failure) {
    String cause = causeOf(failure);
    if (outage == null) {
      LOG.log(
          System.Logger.Level.WARNING,
          "the store in " + table.dataDir() + " failed to commit (" + cause + "): appends are refused, as not acknowledged,"
              + " until a probe write succeeds; then seqs and identities are read again from disk");
    }
    // Before any caller hears of the failure, so its retry is refused at once rather than queued.
    outage = new Outage(cause, List.copyOf(group.sequenced.changes()));
    outageCause = cause;
    sequencer.forgetAll();
    StoreUnavailableException groupFailure =
        new StoreUnavailableException(
            "cannot commit " + group.updates + " updates in the store in " + table.dataDir() + ": " + cause + RETRY_IS_SAFE, failure);
    group.appends.forEach(pending -> pending.done().completeExceptionally(groupFailure));
    for (Group behind : prepared) {
      StoreUnavailableException behindFailure =
          new StoreUnavailableException(
              "cannot commit " + behind.updates + " updates in the store in " + table.dataDir()
                  + ": they were to follow updates whose commit failed (" + cause + ")" + RETRY_IS_SAFE,
              failure);
      behind.appends.forEach(pending -> pending.done().completeExceptionally(behindFailure));
    }
    prepared.clear();
    scheduleProbe(1);
  }

  private void scheduleProbe(int probe) {
    sync.schedule(() -> queue.add(new Probed(probe, probe(probe))), backoff.millisBefore(probe), TimeUnit.MILLISECONDS);
  }

  /** Sync thread: one probe write; returns its failure, or null. */
  private Throwable probe(int probe) {
    try {
      if (probe > 1) {
        table.reopen();
      }
      table.call(
          "write a probe",
          t -> {
            try (WriteBatch batch = new WriteBatch()) {
              // A tombstone of a key no reader asks for: a synced write that leaves no data.
              batch.delete(t.table(), Keys.probe());
              committer.commit(t.db(), t.syncWrite(), batch);
            }
            return null;
          });
      return null;
    } catch (RuntimeException | Error e) {
      return e;
    }
  }

  /** A probe returned: end the outage when it was written, or probe again later. */
  private void probed(Probed probed) {
    if (outage == null) {
      return;
    }
    Throwable failure = probed.failure();
    if (failure == null) {
      try {
        publishKept(outage.unconfirmed);
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    if (failure != null) {
      outage.failedProbes++;
      outage.lastProbeFailure = causeOf(failure);
      LOG.log(System.Logger.Level.DEBUG, "probe " + probed.probe() + " of the store in " + table.dataDir() + " failed: " + outage.lastProbeFailure);
      scheduleProbe(probed.probe() + 1);
      return;
    }
    LOG.log(
        System.Logger.Level.INFO,
        "the store in " + table.dataDir() + " takes appends again, "
            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - outage.startNanos) + " ms after a commit failed ("
            + outage.cause + ")" + (outage.failedProbes == 0 ? "" : "; " + outage.failedProbes + " probe writes failed meanwhile, the last with: " + outage.lastProbeFailure));
    outage = null;
    outageCause = null;
  }

  /**
   * Publishes the changes of the failed write that the store did keep (read back: a write is all
   * or nothing, but only the disk knows which), so subscribers miss no stored seq. Nothing has
   * been written since, so they come before any later change of their games.
   */
  private void publishKept(List<CapturedChange> unconfirmed) {
    if (unconfirmed.isEmpty()) {
      return;
    }
    List<byte[]> keys = unconfirmed.stream().map(change -> Keys.odds(change.gameId(), change.seq())).toList();
    List<byte[]> found = table.call("read back " + keys.size() + " updates of a failed commit", t -> t.db().multiGetAsList(keys));
    List<CapturedChange> kept = new ArrayList<>();
    for (byte[] value : found) {
      if (value != null) {
        kept.add(Codec.readChange(value));
      }
    }
    if (!kept.isEmpty()) {
      onCommit.accept(kept);
    }
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
    String reason = why + RETRY_IS_SAFE;
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
    return new StoreUnavailableException("the store in " + table.dataDir() + " was closed before these updates were committed");
  }

  private StoreUnavailableException refused(int updates, String cause) {
    return new StoreUnavailableException(
        "cannot append " + updates + " updates: the store in " + table.dataDir() + " is recovering from a failed commit ("
            + cause + ")" + RETRY_IS_SAFE);
  }

  private String causeOfLookup(Pending pending, RuntimeException failure) {
    // The table's own exceptions say what failed where already.
    return failure instanceof StoreUnavailableException
        ? failure.getMessage()
        : "cannot look up " + pending.updates().size() + " updates in the store in " + table.dataDir() + ": " + failure;
  }

  /** What went wrong, in a few words: RocksDB's message, without the wrapping of the table's call. */
  private static String causeOf(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof StoreUnavailableException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause instanceof StoreUnavailableException || cause instanceof RocksDBException
        ? String.valueOf(cause.getMessage())
        : cause.toString();
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
        queue.removeIf(
            event -> event instanceof Pending pending && pending.done().completeExceptionally(closing));
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
