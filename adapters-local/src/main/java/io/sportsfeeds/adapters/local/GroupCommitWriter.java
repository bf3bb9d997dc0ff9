package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Appends odds updates with pipelined group commit. Concurrent appends share one synced write
 * (one WAL fsync for the whole group), which is what bounds durable throughput; and the next group
 * is prepared while the previous one is being synced.
 *
 * <p>Two threads:
 *
 * <ul>
 *   <li>The <em>writer</em> thread owns all the state: it takes each append from its queue as it
 *       arrives, looks up its duplicates and the heads it needs (one {@code multiGet}), assigns its
 *       seqs and adds its rows to the open group's {@link WriteBatch}. When no write is in
 *       progress, it hands the group over to be written and opens the next one.
 *   <li>The <em>sync</em> thread does the synced writes, one at a time and in group order, and
 *       reports each result back through the writer's queue.
 * </ul>
 *
 * <p>Only when group N's write has returned does the writer acknowledge N, hand its changes to
 * the change source and start the write of N+1. So groups commit in seq order, the change source
 * sees them in commit order, and nothing is written, let alone visible, after a failed write.
 *
 * <p>Dedupe sees the groups not yet durable through {@link #inFlight}: their updates are not in
 * RocksDB yet. A failed write fails its group and every group prepared after it (their seqs follow
 * the failed ones), and puts the heads back as they were before it, so the next seq is gap-free.
 */
final class GroupCommitWriter implements AutoCloseable {
  /** Enough to merge 8 concurrent batches of 1,000; a bigger single append still goes alone. */
  private static final int MAX_GROUP_UPDATES = 10_000;

  /** Writes a group's batch; the seam where a test makes the disk fail. */
  @FunctionalInterface
  interface Committer {
    Committer SYNCED = (db, syncWrite, batch) -> db.write(syncWrite, batch);

    void commit(RocksDB db, WriteOptions syncWrite, WriteBatch batch) throws RocksDBException;
  }

  /** An update prepared on the appending thread: its identity key and its encoded fields. */
  private record Prepared(OddsUpdate update, String identityKey, byte[] dedupeKey, byte[] payload) {}

  /** What the writer thread takes from its queue. */
  private sealed interface Event permits Pending, Written, Stop {}

  /** One append waiting for its group's commit. */
  private record Pending(List<Prepared> updates, CompletableFuture<List<AppendOutcome>> done) implements Event {}

  /** The sync thread finished writing a group; {@code failure} is null when the write succeeded. */
  private record Written(Group group, Throwable failure) implements Event {}

  private record Stop() implements Event {}

  /** Appends with their seqs assigned and their rows, for one synced write. */
  private static final class Group {
    /**
     * The rows to write, in the order they were made; sorted by key when the write starts (see
     * {@link #inKeyOrder}). Appending here and sorting once costs far less than keeping a sorted
     * map, and this runs on the writer thread, which every append waits on.
     */
    final List<Row> rows = new ArrayList<>();
    final List<Pending> appends = new ArrayList<>();
    final List<List<AppendOutcome>> outcomes = new ArrayList<>();
    final List<CapturedChange> changes = new ArrayList<>();
    /** Each touched game's head before this group, for the rollback. */
    final Map<String, Codec.Head> before = new HashMap<>();
    /** Each touched game's head after this group: written with it. */
    final Map<String, Codec.Head> after = new LinkedHashMap<>();
    /** Identity keys of the updates this group stores, in {@link #inFlight} until it is durable. */
    final List<String> identities = new ArrayList<>();
    int updates;
    /** Made when the write starts. */
    WriteBatch batch;

    boolean isFull() {
      return updates >= MAX_GROUP_UPDATES;
    }

    void put(byte[] key, byte[] value) {
      rows.add(new Row(key, value));
    }

    /**
     * The rows in key order (sorted in place: the group is written once), each key once with its
     * last value. RocksDB inserts a batch into its
     * memtable (a skip list) in batch order, and keys in order make each insert start where the
     * previous one ended, which takes a fraction of the CPU of inserting a shuffle.
     */
    List<Row> inKeyOrder() {
      rows.sort(Row.BY_KEY); // stable: rows of one key stay in the order they were put
      List<Row> unique = new ArrayList<>(rows.size());
      for (int i = 0; i < rows.size(); i++) {
        boolean overwrittenByNext = i + 1 < rows.size() && Arrays.equals(rows.get(i).key(), rows.get(i + 1).key());
        if (!overwrittenByNext) {
          unique.add(rows.get(i));
        }
      }
      return unique;
    }
  }

  private record Row(byte[] key, byte[] value) {
    static final Comparator<Row> BY_KEY = (a, b) -> Arrays.compareUnsigned(a.key(), b.key());
  }

  private final RocksTable table;
  private final Clock clock;
  private final Committer committer;
  private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();

  // Touched by the writer thread only.
  /** Per game, the last seq assigned (durable or not) and its store time; loaded lazily from the head rows. */
  private final Map<String, Codec.Head> heads = new HashMap<>();
  /** Identity key to seq of every update stored by a group not yet durable. */
  private final Map<String, Long> inFlight = new HashMap<>();
  /** Groups prepared and not yet written, oldest first; the last one takes new appends until full. */
  private final ArrayDeque<Group> prepared = new ArrayDeque<>();
  /** The group whose write is in progress, or null. */
  private Group writing;

  private final Object lifecycle = new Object();
  private boolean accepting;
  private Thread thread;
  private ExecutorService sync;
  private Consumer<List<CapturedChange>> onCommit;

  GroupCommitWriter(RocksTable table, Clock clock, Committer committer) {
    this.table = table;
    this.clock = clock;
    this.committer = committer;
  }

  /** Starts the writer threads; {@code onCommit} gets each group's stored changes, in commit order. */
  void start(Consumer<List<CapturedChange>> onCommit) {
    synchronized (lifecycle) {
      if (thread != null) {
        throw new IllegalStateException("the writer of " + table.dataDir() + " was started already");
      }
      this.onCommit = onCommit;
      this.accepting = true;
      // Daemons, so a store that was never closed does not keep the JVM alive; every
      // acknowledged append was synced already, so stopping them abruptly loses nothing acknowledged.
      sync = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("sportsfeeds-store-sync").daemon(true).factory());
      thread = Thread.ofPlatform().name("sportsfeeds-store-writer").daemon(true).start(this::run);
    }
  }

  /** Stores the updates durably (see {@code FeedStore.append}); blocks until their group commits. */
  List<AppendOutcome> append(List<OddsUpdate> updates) {
    if (updates.isEmpty()) {
      return List.of();
    }
    // Encoding happens here, on the caller's thread, so concurrent appenders share the work.
    List<Prepared> prepared = new ArrayList<>(updates.size());
    for (OddsUpdate update : updates) {
      Objects.requireNonNull(update, "updates must not hold null");
      String identity = update.identity();
      prepared.add(
          new Prepared(update, update.gameId() + '\0' + identity, Keys.dedupe(update.gameId(), identity), Codec.updatePayload(update)));
    }
    Pending pending = new Pending(prepared, new CompletableFuture<>());
    synchronized (lifecycle) {
      if (!accepting) {
        throw new StoreUnavailableException(
            "cannot append " + updates.size() + " updates: the store in " + table.dataDir() + " is closed");
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
      failEverything(new StoreUnavailableException("the store's writer thread was interrupted", e));
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      failEverything(new StoreUnavailableException("the store's writer thread stopped: " + e, e));
      throw e;
    } finally {
      sync.shutdown();
    }
  }

  /** Prepares an append into the open group: dedupe, seqs, rows. */
  private void add(Pending pending) {
    long[] storedSeqs;
    try {
      storedSeqs = lookUp(pending);
    } catch (RuntimeException e) {
      pending.done().completeExceptionally(unavailable("prepare " + pending.updates().size() + " updates", e));
      return;
    }
    Group group = prepared.peekLast();
    if (group == null || group.isFull()) {
      group = new Group();
      prepared.add(group);
    }
    assign(group, pending, storedSeqs);
  }

  /**
   * One multiGet for the stored seq of each update's identity ({@code 0} when none) and the head
   * of each game whose head is not in memory yet, which it loads.
   */
  private long[] lookUp(Pending pending) {
    List<Prepared> updates = pending.updates();
    List<byte[]> keys = new ArrayList<>(updates.size() + 8);
    Set<String> unloaded = new LinkedHashSet<>();
    for (Prepared update : updates) {
      keys.add(update.dedupeKey());
      String game = update.update().gameId();
      if (!heads.containsKey(game)) {
        unloaded.add(game);
      }
    }
    unloaded.forEach(game -> keys.add(Keys.head(game)));
    List<byte[]> found = table.call("look up " + updates.size() + " updates", t -> t.db().multiGetAsList(keys));
    int headIndex = updates.size(); // the head keys follow the dedupe keys, in the set's order
    for (String game : unloaded) {
      byte[] head = found.get(headIndex++);
      heads.put(game, head == null ? Codec.Head.EMPTY : Codec.readHead(head));
    }
    long[] storedSeqs = new long[updates.size()];
    for (int i = 0; i < storedSeqs.length; i++) {
      byte[] stored = found.get(i);
      storedSeqs[i] = stored == null ? 0 : Codec.readSeq(stored);
    }
    return storedSeqs;
  }

  /** Decides duplicates and seqs of an append and adds its rows to the group. */
  private void assign(Group group, Pending pending, long[] storedSeqs) {
    Instant now = clock.instant();
    List<AppendOutcome> outcome = new ArrayList<>(pending.updates().size());
    int index = 0;
    for (Prepared prepared : pending.updates()) {
      long storedSeq = storedSeqs[index++];
      OddsUpdate update = prepared.update();
      String game = update.gameId();
      Long earlier = inFlight.get(prepared.identityKey());
      if (earlier == null && storedSeq > 0) {
        earlier = storedSeq;
      }
      if (earlier != null) {
        outcome.add(new AppendOutcome(game, earlier, true));
        continue;
      }
      Codec.Head head = heads.get(game);
      group.before.putIfAbsent(game, head);
      // Store times never go back within a game, even when the clock does.
      Instant storedAt = now.isBefore(head.storedAt()) ? head.storedAt() : now;
      long seq = head.seq() + 1;
      Codec.Head next = new Codec.Head(seq, storedAt);
      heads.put(game, next);
      group.after.put(game, next);
      inFlight.put(prepared.identityKey(), seq);
      group.identities.add(prepared.identityKey());

      byte[] value = Codec.change(seq, storedAt, prepared.payload());
      group.put(Keys.odds(game, seq), value);
      group.put(Keys.latest(game, update.market()), value);
      group.put(prepared.dedupeKey(), Codec.seq(seq));
      group.changes.add(new CapturedChange(seq, storedAt, update));
      outcome.add(new AppendOutcome(game, seq, false));
    }
    group.appends.add(pending);
    group.outcomes.add(outcome);
    group.updates += pending.updates().size();
  }

  /** Hands a group to the sync thread, which writes it and reports back through the queue. */
  private void startWrite(Group group) {
    writing = group;
    try {
      group.after.forEach((game, head) -> group.put(Keys.head(game), Codec.head(head)));
      group.batch = new WriteBatch();
      table.call(
          "prepare " + group.updates + " updates",
          t -> {
            for (Row row : group.inKeyOrder()) {
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
      if (!group.rows.isEmpty()) {
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
    if (written.failure() != null) {
      List<Group> failed = new ArrayList<>(prepared.size() + 1);
      failed.add(group);
      failed.addAll(prepared);
      prepared.clear();
      rollBack(failed, unavailable("commit " + group.updates + " updates", written.failure()));
      return;
    }
    group.batch.close();
    group.identities.forEach(inFlight::remove);
    // The changes go to the dispatcher before the acknowledgements, so every acknowledged
    // update is already on its way to the subscribers.
    if (!group.changes.isEmpty()) {
      onCommit.accept(group.changes);
    }
    for (int i = 0; i < group.appends.size(); i++) {
      group.appends.get(i).done().complete(group.outcomes.get(i));
    }
  }

  /**
   * Fails consecutive groups, oldest first in {@code groups}, none of them written, and the newest
   * of them prepared last: puts the heads back as they were before the oldest, forgets their
   * identities and fails their appends.
   */
  private void rollBack(List<Group> groups, StoreUnavailableException failure) {
    for (Group group : groups.reversed()) {
      heads.putAll(group.before);
      group.identities.forEach(inFlight::remove);
      if (group.batch != null) {
        group.batch.close();
      }
      StoreUnavailableException groupFailure =
          group == groups.getFirst()
              ? failure
              : new StoreUnavailableException(
                  "cannot commit " + group.updates + " updates in the store in " + table.dataDir()
                      + ": they were to follow updates whose commit failed: " + failure.getMessage(),
                  failure);
      group.appends.forEach(pending -> pending.done().completeExceptionally(groupFailure));
    }
  }

  /** Closing: fails what is not written yet, lets the write in progress finish. */
  private void stop() throws InterruptedException {
    StoreUnavailableException closing = closedBeforeCommit();
    List<Group> unwritten = List.copyOf(prepared);
    prepared.clear();
    rollBack(unwritten, closing);
    while (writing != null) {
      switch (queue.take()) {
        case Written written -> finish(written);
        case Pending pending -> pending.done().completeExceptionally(closing);
        case Stop stop -> {}
      }
    }
    failQueued(closing);
  }

  /** The writer thread is ending abnormally: stops accepting and fails every append not acknowledged. */
  private void failEverything(StoreUnavailableException failure) {
    synchronized (lifecycle) {
      accepting = false;
    }
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

  private StoreUnavailableException unavailable(String what, Throwable cause) {
    return cause instanceof StoreUnavailableException unavailable
        ? unavailable
        : new StoreUnavailableException("cannot " + what + " in the store in " + table.dataDir() + ": " + cause, cause);
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
      if (accepting) {
        accepting = false;
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
