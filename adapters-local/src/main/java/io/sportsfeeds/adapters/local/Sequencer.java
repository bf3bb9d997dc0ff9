package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.OddsUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides what appends do: which updates are duplicates, the seq and store time of each one that
 * is stored, and the rows that store it. Single-threaded (the writer thread's) and pure: it starts
 * no thread and reads or writes no database. What it needs from disk, the caller reads first (the
 * seqs stored under the updates' identities, the heads of games it does not know yet, see
 * {@link #unknownGames}); what it decides, the caller writes ({@link Group#rows}) and, once
 * durable, reports back ({@link #committed}), or when the write failed, has it forget ({@link
 * #forgetAll}).
 *
 * <p>It knows the groups not yet durable, which RocksDB does not: their seqs are in the heads it
 * holds, and their identities are in flight, so a duplicate of an update still being written is
 * found here.
 */
final class Sequencer {

  /** A key and its value, to be put. */
  record Row(byte[] key, byte[] value) {
    static final Comparator<Row> BY_KEY = (a, b) -> Arrays.compareUnsigned(a.key(), b.key());
  }

  /** The appends sequenced to commit together, as one write: their rows and changes. */
  static final class Group {
    /**
     * The rows, in the order they were made; sorted once by {@link #rows} when the write starts.
     * Appending here and sorting once costs far less than keeping a sorted map, and this runs on
     * the writer thread, which every append waits on.
     */
    private final List<Row> rows = new ArrayList<>();
    private final List<CapturedChange> changes = new ArrayList<>();
    /** Each touched game's head after this group: written with it. */
    private final Map<String, Codec.Head> after = new LinkedHashMap<>();
    /** Identity keys of the updates this group stores, in flight until it is durable. */
    private final List<String> identities = new ArrayList<>();

    private void put(byte[] key, byte[] value) {
      rows.add(new Row(key, value));
    }

    /** The changes stored, in seq order per game. */
    List<CapturedChange> changes() {
      return changes;
    }

    boolean isEmpty() {
      return changes.isEmpty();
    }

    /**
     * What to write: the rows and the heads, in key order, each key once with its last value
     * (sorted in place: a group is written once). RocksDB inserts a batch into its memtable (a
     * skip list) in batch order, and keys in order make each insert start where the previous one
     * ended, which takes a fraction of the CPU of inserting a shuffle.
     */
    List<Row> rows() {
      after.forEach((game, head) -> put(Keys.head(game), Codec.head(head)));
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

  /** Per game, the last seq assigned (durable or not) and its store time; loaded from the head rows. */
  private final Map<String, Codec.Head> heads = new HashMap<>();
  /** Identity key to seq of every update stored by a group not yet durable. */
  private final Map<String, Long> inFlight = new HashMap<>();

  /** The games of these updates whose heads must be read (see {@link #loadHead}) before {@link #sequence}. */
  List<String> unknownGames(List<PreparedUpdate> updates) {
    Set<String> unknown = null;
    for (PreparedUpdate update : updates) {
      if (!heads.containsKey(update.gameId())) {
        if (unknown == null) {
          unknown = new LinkedHashSet<>();
        }
        unknown.add(update.gameId());
      }
    }
    return unknown == null ? List.of() : List.copyOf(unknown);
  }

  /** A head read from disk: {@link Codec.Head#EMPTY} for a game without odds. */
  void loadHead(String game, Codec.Head head) {
    heads.putIfAbsent(game, head);
  }

  /**
   * Decides each update of an append and adds the rows of those stored to the group.
   *
   * @param storedSeqs per update, the seq stored under its identity on disk, or 0 when none
   * @param now the store time, kept from going back within a game
   * @return one outcome per update, in order
   */
  List<AppendOutcome> sequence(Group group, List<PreparedUpdate> updates, long[] storedSeqs, Instant now) {
    List<AppendOutcome> outcomes = new ArrayList<>(updates.size());
    for (int i = 0; i < updates.size(); i++) {
      PreparedUpdate prepared = updates.get(i);
      OddsUpdate update = prepared.update();
      String game = update.gameId();
      Long earlier = inFlight.get(prepared.identityKey());
      if (earlier == null && storedSeqs[i] > 0) {
        earlier = storedSeqs[i];
      }
      if (earlier != null) {
        outcomes.add(new AppendOutcome(game, earlier, true));
        continue;
      }
      Codec.Head head = heads.get(game);
      if (head == null) {
        throw new IllegalStateException("the head of game " + game + " was not loaded before sequencing");
      }
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
      outcomes.add(new AppendOutcome(game, seq, false));
    }
    return outcomes;
  }

  /** The group is durable: its identities are found on disk from now on. */
  void committed(Group group) {
    group.identities.forEach(inFlight::remove);
  }

  /**
   * A write failed, and may have stored its group all the same: nothing held here can be trusted
   * any more (heads, identities in flight). Heads are read from disk again as games come back.
   */
  void forgetAll() {
    heads.clear();
    inFlight.clear();
  }
}
