package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.OddsUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides what appends do: which updates are duplicates, the seq and store time of each one that
 * is stored, whether it becomes its market's latest odds, and the rows that store it.
 * Single-threaded (the writer thread's) and pure: it starts no thread and reads or writes no
 * database. What it needs from disk, the caller reads first (the seqs stored under the updates'
 * identities, and the heads and latest odds it does not hold yet, see {@link #reads}); what it
 * decides, the caller writes ({@link Group#rows}) and, once durable, reports back ({@link
 * #committed}), or when the write failed, has it forget ({@link #forgetAll}).
 *
 * <p>The latest odds of a market are the newest by the provider's date, ties going to the higher
 * seq: an update that arrives late, older than the market's latest, is stored in the history
 * under its seq but leaves the latest as it is.
 *
 * <p>It knows the groups not yet durable, which RocksDB does not: their seqs are in the heads it
 * holds, and their identities are in flight, so a duplicate of an update still being written is
 * found here.
 *
 * <p>Its memory is bounded: it keeps the heads of at most {@code maxGames} games, dropping the
 * least recently used (read again from their head rows when they come back), except those of
 * games a group not yet durable has stored updates of, which only it knows.
 */
final class Sequencer {

    /** The date (epoch ms) and seq of a market's latest odds. */
    record LatestMark(long dateMillis, long seq) {
        /** A market without latest odds: any update replaces it. */
        static final LatestMark NONE = new LatestMark(Long.MIN_VALUE, 0);

        static LatestMark of(CapturedChange latest) {
            return new LatestMark(latest.update().dateMillis(), latest.seq());
        }
    }

    /** One market of one game. */
    record Market(String game, String market) {}

    /**
     * What must be read from disk before an append can be sequenced.
     *
     * @param games games whose head rows to read (see {@link #loadHead})
     * @param markets markets whose latest rows to read (see {@link #loadLatest}), after the heads
     */
    record Reads(List<String> games, List<Market> markets) {
        static final Reads NONE = new Reads(List.of(), List.of());
    }

    /** A key and its value, to be put. */
    record Row(byte[] key, byte[] value) {
        static final Comparator<Row> BY_KEY = (a, b) -> Arrays.compareUnsigned(a.key(), b.key());
    }

    /** The appends sequenced to commit together, as one write: their rows and changes. */
    static final class Group {
        /**
         * The rows, in the order they were made; sorted once by {@link #rows} when the write starts (on
         * the store's sync thread).
         * Appending here and sorting once costs far less than keeping a sorted map, and this runs on
         * the writer thread, which every append waits on.
         */
        private final List<Row> rows = new ArrayList<>();

        private final List<CapturedChange> changes = new ArrayList<>();
        /** Each touched game's head after this group: written with it. */
        private final Map<String, Codec.Head> after = new HashMap<>();
        /** The games this group stored updates of, each once: kept in memory until it is durable. */
        private final List<GameState> pinned = new ArrayList<>();
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
                boolean overwrittenByNext = i + 1 < rows.size()
                        && Arrays.equals(rows.get(i).key(), rows.get(i + 1).key());
                if (!overwrittenByNext) {
                    unique.add(rows.get(i));
                }
            }
            return unique;
        }
    }

    /** A market's latest odds as held: changed in place, as this runs for every update stored. */
    private static final class Latest {
        long dateMillis;
        long seq;

        Latest(LatestMark mark) {
            this.dateMillis = mark.dateMillis();
            this.seq = mark.seq();
        }

        /** Newest by the provider's date, ties to the higher seq. */
        boolean isOlderThan(long otherDateMillis, long otherSeq) {
            return dateMillis < otherDateMillis || (dateMillis == otherDateMillis && seq < otherSeq);
        }
    }

    /** What the sequencer holds of a game. */
    private static final class GameState {
        /** The last seq assigned (durable or not) and its store time. */
        Codec.Head head;
        /** Per market read so far, its latest odds. */
        final Map<String, Latest> latest = new HashMap<>(4);
        /** How many groups not yet durable stored updates of this game: while any, it is not dropped. */
        int pins;

        GameState(Codec.Head head) {
            this.head = head;
        }
    }

    private final int maxGames;
    /** Per game, loaded from the head rows; least recently used first. */
    private final LinkedHashMap<String, GameState> games = new LinkedHashMap<>(1024, 0.75f, true);
    /** Identity key to seq of every update stored by a group not yet durable. */
    private final Map<String, Long> inFlight = new HashMap<>();

    /** Keeps the heads of at most {@code maxGames} games, more only while groups not yet durable need them. */
    Sequencer(int maxGames) {
        if (maxGames < 1) {
            throw new IllegalArgumentException("maxGames must be at least 1, was " + maxGames);
        }
        this.maxGames = maxGames;
    }

    /** What must be read from disk (and loaded) before these updates can be {@linkplain #sequence sequenced}. */
    Reads reads(List<PreparedUpdate> updates) {
        Set<String> games = null;
        Set<Market> markets = null;
        for (PreparedUpdate update : updates) {
            String game = update.gameId();
            GameState state = this.games.get(game);
            if (state == null) {
                if (games == null) {
                    games = new LinkedHashSet<>();
                }
                games.add(game);
            }
            if (state == null || !state.latest.containsKey(update.update().market())) {
                if (markets == null) {
                    markets = new LinkedHashSet<>();
                }
                markets.add(new Market(game, update.update().market()));
            }
        }
        if (games == null && markets == null) {
            return Reads.NONE;
        }
        return new Reads(
                games == null ? List.of() : List.copyOf(games), markets == null ? List.of() : List.copyOf(markets));
    }

    /** A head read from disk: {@link Codec.Head#EMPTY} for a game without odds. */
    void loadHead(String game, Codec.Head head) {
        // No eviction here: what is loaded for an append must stay until it is sequenced.
        games.putIfAbsent(game, new GameState(head));
    }

    /** A market's latest odds read from disk ({@link LatestMark#NONE} when none), after its game's head. */
    void loadLatest(String game, String market, LatestMark latest) {
        GameState state = games.get(game);
        if (state == null) {
            throw new IllegalStateException(
                    "the head of game " + game + " must be loaded before the latest odds of its markets");
        }
        state.latest.putIfAbsent(market, new Latest(latest));
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
            GameState state = games.get(game);
            if (state == null) {
                throw new IllegalStateException("the head of game " + game + " was not loaded before sequencing");
            }
            Codec.Head head = state.head;
            // Store times never go back within a game, even when the clock does.
            Instant storedAt = now.isBefore(head.storedAt()) ? head.storedAt() : now;
            long seq = head.seq() + 1;
            Codec.Head next = new Codec.Head(seq, storedAt);
            state.head = next;
            if (group.after.put(game, next) == null) {
                state.pins++;
                group.pinned.add(state);
            }
            inFlight.put(prepared.identityKey(), seq);
            group.identities.add(prepared.identityKey());

            byte[] value = Codec.change(seq, storedAt, prepared.expireAt(), prepared.payload());
            group.put(Keys.odds(game, seq), value);
            Latest latest = state.latest.get(update.market());
            if (latest == null) {
                throw new IllegalStateException("the latest odds of game " + game + " market " + update.market()
                        + " were not loaded before sequencing");
            }
            long dateMillis = update.dateMillis();
            if (latest.isOlderThan(dateMillis, seq)) {
                latest.dateMillis = dateMillis;
                latest.seq = seq;
                group.put(Keys.latest(game, update.market()), value);
            }
            group.put(prepared.dedupeKey(), Codec.dedupe(seq, prepared.expireAt()));
            group.changes.add(new CapturedChange(seq, storedAt, update));
            outcomes.add(new AppendOutcome(game, seq, false));
        }
        dropLeastRecentlyUsed();
        return outcomes;
    }

    /** The group is durable: its identities and heads are found on disk from now on. */
    void committed(Group group) {
        group.identities.forEach(inFlight::remove);
        group.pinned.forEach(state -> state.pins--);
        dropLeastRecentlyUsed();
    }

    /** Beyond {@code maxGames}, drops the least recently used games that no group not yet durable needs. */
    private void dropLeastRecentlyUsed() {
        if (games.size() <= maxGames) {
            return;
        }
        Iterator<GameState> leastRecentFirst = games.values().iterator();
        while (games.size() > maxGames && leastRecentFirst.hasNext()) {
            if (leastRecentFirst.next().pins == 0) {
                leastRecentFirst.remove();
            }
        }
    }

    /** How many games' heads are held: for tests of the bound. */
    int gamesHeld() {
        return games.size();
    }

    /**
     * A write failed, and may have stored its group all the same: nothing held here can be trusted
     * any more (heads, latest odds, identities in flight). All are read from disk again as games come back.
     */
    void forgetAll() {
        games.clear();
        inFlight.clear();
    }
}
