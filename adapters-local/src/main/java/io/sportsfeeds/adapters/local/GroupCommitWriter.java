package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Appends odds updates with group commit: one writer thread takes every append waiting in its
 * queue, writes them all as one {@link WriteBatch} with one synced write (one WAL fsync for the
 * whole group), then acknowledges each. Concurrent appenders thus share the cost of the sync,
 * which is what bounds durable throughput.
 *
 * <p>The writer thread alone owns the per-game heads (last seq and last store time), loaded lazily
 * from each game's {@code head} row, so assigning seqs needs no lock. A failed write fails every
 * append of its group and puts the heads back, so nothing unacknowledged is visible and the next
 * seq stays gap-free.
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

  /** One append waiting for its group's commit. */
  private record Pending(List<Prepared> updates, CompletableFuture<List<AppendOutcome>> done) {}

  private static final Pending STOP = new Pending(List.of(), new CompletableFuture<>());

  private final RocksTable table;
  private final Clock clock;
  private final Committer committer;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  /** Touched by the writer thread only. */
  private final Map<String, Codec.Head> heads = new HashMap<>();
  private final Object lifecycle = new Object();
  private boolean accepting;
  private Thread thread;
  private Consumer<List<CapturedChange>> onCommit;

  GroupCommitWriter(RocksTable table, Clock clock, Committer committer) {
    this.table = table;
    this.clock = clock;
    this.committer = committer;
  }

  /** Starts the writer thread; {@code onCommit} gets each group's stored changes, in commit order. */
  void start(Consumer<List<CapturedChange>> onCommit) {
    synchronized (lifecycle) {
      if (thread != null) {
        throw new IllegalStateException("the writer of " + table.dataDir() + " was started already");
      }
      this.onCommit = onCommit;
      this.accepting = true;
      // A daemon, so a store that was never closed does not keep the JVM alive; every
      // acknowledged append was synced already, so stopping it abruptly loses nothing acknowledged.
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
    List<Pending> group = new ArrayList<>();
    try {
      boolean stop = false;
      while (!stop) {
        Pending first = queue.take();
        if (first == STOP) {
          break;
        }
        group.add(first);
        int size = first.updates().size();
        Pending next;
        while (size < MAX_GROUP_UPDATES && (next = queue.poll()) != null) {
          if (next == STOP) {
            stop = true;
            break;
          }
          group.add(next);
          size += next.updates().size();
        }
        commit(group, size);
        group.clear();
      }
      failWaiting(group, new StoreUnavailableException("the store in " + table.dataDir() + " was closed before these updates were committed"));
    } catch (InterruptedException e) {
      // Nobody interrupts the writer but the JVM's end; fail what waits rather than leave it hanging.
      failWaiting(group, new StoreUnavailableException("the store's writer thread was interrupted", e));
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      failWaiting(group, new StoreUnavailableException("the store's writer thread stopped: " + e, e));
      throw e;
    }
  }

  /** Stops accepting, fails the given appends and everything still queued. */
  private void failWaiting(List<Pending> group, StoreUnavailableException failure) {
    synchronized (lifecycle) {
      accepting = false;
    }
    group.forEach(pending -> pending.done().completeExceptionally(failure));
    Pending left;
    while ((left = queue.poll()) != null) {
      left.done().completeExceptionally(failure);
    }
  }

  private void commit(List<Pending> group, int size) {
    Map<String, Codec.Head> before = new LinkedHashMap<>();
    List<List<AppendOutcome>> outcomes = new ArrayList<>(group.size());
    List<CapturedChange> committed = new ArrayList<>(size);
    try {
      Instant now = clock.instant();
      table.call(
          "commit " + size + " updates",
          t -> {
            try (WriteBatch batch = new WriteBatch()) {
              build(t, group, size, now, before, outcomes, committed, batch);
              if (batch.count() > 0) {
                committer.commit(t.db(), t.syncWrite(), batch);
              }
            }
            return null;
          });
    } catch (RuntimeException e) {
      heads.putAll(before);
      StoreUnavailableException failure =
          e instanceof StoreUnavailableException unavailable
              ? unavailable
              : new StoreUnavailableException("cannot commit " + size + " updates in the store in " + table.dataDir() + ": " + e, e);
      group.forEach(pending -> pending.done().completeExceptionally(failure));
      return;
    }
    // The changes go to the dispatcher before the acknowledgements, so every acknowledged
    // update is already on its way to the subscribers.
    if (!committed.isEmpty()) {
      onCommit.accept(committed);
    }
    for (int i = 0; i < group.size(); i++) {
      group.get(i).done().complete(outcomes.get(i));
    }
  }

  /**
   * Decides duplicates and seqs for a group and fills its batch. {@code before} receives each
   * touched game's head as it was, for the rollback.
   */
  private void build(
      RocksTable t,
      List<Pending> group,
      int size,
      Instant now,
      Map<String, Codec.Head> before,
      List<List<AppendOutcome>> outcomes,
      List<CapturedChange> committed,
      WriteBatch batch)
      throws RocksDBException {
    // One multiGet answers every dedupe lookup of the group and loads the heads not yet in memory.
    List<byte[]> keys = new ArrayList<>(size + 8);
    Set<String> unloaded = new LinkedHashSet<>();
    for (Pending pending : group) {
      for (Prepared prepared : pending.updates()) {
        keys.add(prepared.dedupeKey());
        if (!heads.containsKey(prepared.update().gameId())) {
          unloaded.add(prepared.update().gameId());
        }
      }
    }
    List<String> unloadedGames = List.copyOf(unloaded);
    unloadedGames.forEach(game -> keys.add(Keys.head(game)));
    List<byte[]> found = t.db().multiGetAsList(keys);
    for (int i = 0; i < unloadedGames.size(); i++) {
      byte[] head = found.get(size + i);
      heads.put(unloadedGames.get(i), head == null ? Codec.Head.EMPTY : Codec.readHead(head));
    }

    // The rows go into the batch in key order: RocksDB inserts a batch into its memtable (a skip
    // list) in batch order, and keys in order make each insert start where the previous one ended,
    // a fraction of the CPU of inserting a shuffle. A row put twice keeps its last value.
    TreeMap<byte[], byte[]> rows = new TreeMap<>(Arrays::compareUnsigned);
    Map<String, Long> seqByIdentity = new HashMap<>();
    int index = 0;
    for (Pending pending : group) {
      List<AppendOutcome> outcome = new ArrayList<>(pending.updates().size());
      for (Prepared prepared : pending.updates()) {
        byte[] stored = found.get(index++);
        OddsUpdate update = prepared.update();
        String game = update.gameId();
        Long earlier = seqByIdentity.get(prepared.identityKey());
        if (earlier == null && stored != null) {
          earlier = Codec.readSeq(stored);
          seqByIdentity.put(prepared.identityKey(), earlier);
        }
        if (earlier != null) {
          outcome.add(new AppendOutcome(game, earlier, true));
          continue;
        }
        Codec.Head head = heads.get(game);
        before.putIfAbsent(game, head);
        // Store times never go back within a game, even when the clock does.
        Instant storedAt = now.isBefore(head.storedAt()) ? head.storedAt() : now;
        long seq = head.seq() + 1;
        heads.put(game, new Codec.Head(seq, storedAt));
        seqByIdentity.put(prepared.identityKey(), seq);

        byte[] value = Codec.change(seq, storedAt, prepared.payload());
        rows.put(Keys.odds(game, seq), value);
        rows.put(Keys.latest(game, update.market()), value);
        rows.put(prepared.dedupeKey(), Codec.seq(seq));
        committed.add(new CapturedChange(seq, storedAt, update));
        outcome.add(new AppendOutcome(game, seq, false));
      }
      outcomes.add(outcome);
    }
    for (String game : before.keySet()) {
      rows.put(Keys.head(game), Codec.head(heads.get(game)));
    }
    for (Map.Entry<byte[], byte[]> row : rows.entrySet()) {
      batch.put(t.table(), row.getKey(), row.getValue());
    }
  }

  /**
   * Stops accepting appends, lets the writer finish the group it is committing, fails the appends
   * still queued, and waits for the thread to end. Idempotent.
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
        StoreUnavailableException closing =
            new StoreUnavailableException("the store in " + table.dataDir() + " was closed before these updates were committed");
        Pending left;
        while ((left = queue.poll()) != null) {
          left.done().completeExceptionally(closing);
        }
        queue.add(STOP);
      }
    }
    if (writer == Thread.currentThread()) {
      return;
    }
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while waiting for the store's writer to stop", e);
    }
  }
}
