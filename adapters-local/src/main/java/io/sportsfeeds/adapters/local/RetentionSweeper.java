package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.domain.CapturedChange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * Drops expired odds in the background, so that no request pays for it: a sweep every
 * {@code interval}, on a daemon thread of its own, visits every game and deletes the expired
 * prefix of its history (rows in seq order from the oldest, while expired) with the dedupe rows of
 * those updates, and records the game's lowest retained seq ({@code retained} row), from which
 * reads and the next sweep start.
 *
 * <p>Only a prefix: history stays gap-free from the lowest retained seq to the head, so a reader
 * that asks for changes after a dropped seq gets the first retained one and can tell what it
 * missed. A late update, stored after newer ones, waits for them to expire. The {@code latest#}
 * rows are never dropped: a market's latest odds stay until a newer update replaces them, which is
 * what analysts need of a market that has gone quiet. The head row stays too, so seqs never
 * restart.
 *
 * <p>A sweep works in pages of {@value #PAGE_GAMES} games or about {@value #PAGE_ROWS} rows, each
 * one short use of the database written as one batch, so closing and reopening never wait long.
 * Its deletes are not synced: one lost to a crash is done again by the next sweep.
 *
 * <p>(rocksdbjni cannot run a compaction filter written in Java, which would otherwise drop
 * expired rows as compaction rewrites them.)
 */
final class RetentionSweeper implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RetentionSweeper.class.getName());
    private static final int PAGE_GAMES = 1_000;
    private static final int PAGE_ROWS = 10_000;
    /**
     * From this many expired rows in a row, one range tombstone deletes them rather than a tombstone
     * each: fewer entries to write and compact. Shorter runs get point tombstones, as many range
     * tombstones in a memtable slow down its reads (each read after a new one re-fragments them).
     */
    private static final int RANGE_DELETE_MIN_ROWS = 64;

    /** What one sweep did. */
    record Sweep(int partitions, long rowsDeleted) {}

    private final RocksTable table;
    private final Clock clock;
    private final Retention retention;
    private ScheduledThreadPoolExecutor thread;
    private volatile boolean stopping;
    /** Background thread only: whether the last background sweep failed, so a failure is logged once. */
    private boolean failing;

    RetentionSweeper(RocksTable table, Clock clock, Retention retention) {
        this.table = table;
        this.clock = clock;
        this.retention = retention;
    }

    /** Sweeps every {@code interval} from now on, the first after one interval. */
    synchronized void start(Duration interval) {
        if (thread != null) {
            throw new IllegalStateException("the retention sweep of " + table.dataDir() + " was started already");
        }
        thread = new ScheduledThreadPoolExecutor(
                1,
                Thread.ofPlatform()
                        .name("sportsfeeds-store-retention")
                        .daemon(true)
                        .factory());
        thread.scheduleWithFixedDelay(
                this::sweepInBackground, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sweepInBackground() {
        try {
            Sweep sweep = sweepOnce();
            if (failing) {
                failing = false;
                LOG.log(
                        System.Logger.Level.INFO,
                        "the retention sweep of the store in " + table.dataDir() + " works again");
            }
            if (sweep.rowsDeleted() > 0) {
                LOG.log(
                        System.Logger.Level.DEBUG,
                        "the retention sweep deleted " + sweep.rowsDeleted() + " expired rows");
            }
        } catch (RuntimeException e) {
            // The next sweep tries again; the writer reports a failing disk on its own.
            if (!failing) {
                failing = true;
                LOG.log(
                        System.Logger.Level.WARNING,
                        "the retention sweep of the store in " + table.dataDir()
                                + " failed, expired odds stay until a sweep succeeds: " + e.getMessage());
            }
        }
    }

    /**
     * One sweep of every game, now (by the clock), on the calling thread; one at a time.
     *
     * @throws io.sportsfeeds.core.domain.StoreUnavailableException when the database fails or is closed
     */
    synchronized Sweep sweepOnce() {
        Instant now = clock.instant();
        byte[] from = new byte[0];
        int partitions = 0;
        long deleted = 0;
        while (from != null && !stopping) {
            byte[] start = from;
            Page page = table.call("drop expired odds", t -> sweepPage(t, start, now));
            partitions += page.partitions();
            deleted += page.rowsDeleted();
            from = page.next();
        }
        return new Sweep(partitions, deleted);
    }

    /** {@code next}: where the next page starts, or null after the last. */
    private record Page(byte[] next, int partitions, long rowsDeleted) {}

    private Page sweepPage(RocksTable t, byte[] from, Instant now) throws RocksDBException {
        int partitions = 0;
        long deleted = 0;
        byte[] next = null;
        try (RocksIterator rows = t.db().newIterator(t.table());
                WriteBatch deletes = new WriteBatch()) {
            rows.seek(from);
            while (rows.isValid()) {
                if (partitions == PAGE_GAMES || deleted >= PAGE_ROWS) {
                    next = rows.key();
                    break;
                }
                String partition = Keys.partition(rows.key());
                partitions++;
                // Partitions that are no id (the probe key's) hold no odds.
                if (Keys.isId(partition)) {
                    GameSweep game = sweepGame(t, rows, deletes, partition, now, PAGE_ROWS - deleted);
                    deleted += game.deleted();
                    if (game.more()) {
                        next = Keys.partitionStart(partition);
                        break;
                    }
                }
                rows.seek(Keys.afterPartition(partition));
            }
            // An iterator that stops on an I/O error says so only through status().
            rows.status();
            if (deletes.count() > 0) {
                t.db().write(t.unsyncedWrite(), deletes);
            }
        }
        return new Page(next, partitions, deleted);
    }

    /** {@code more}: the budget ran out before the game's expired prefix did. */
    private record GameSweep(long deleted, boolean more) {}

    /** Adds the deletes of a game's expired prefix, at most {@code budget} rows, to {@code deletes}. */
    private GameSweep sweepGame(
            RocksTable t, RocksIterator rows, WriteBatch deletes, String game, Instant now, long budget)
            throws RocksDBException {
        long retainedFrom = lowestRetainedSeq(t, game);
        byte[] odds = Keys.oddsPrefix(game);
        long firstKept = retainedFrom;
        long deleted = 0;
        for (rows.seek(Keys.odds(game, retainedFrom));
                rows.isValid() && Keys.hasPrefix(rows.key(), odds);
                rows.next()) {
            if (deleted == budget) {
                break;
            }
            Codec.Stored row = Codec.readStored(rows.value());
            CapturedChange change = row.change();
            long expireAt = row.expireAt() == Codec.NO_EXPIRY ? retention.expireAt(change.update()) : row.expireAt();
            if (!Retention.hasExpired(expireAt, now)) {
                break;
            }
            deletes.delete(t.table(), Keys.dedupe(game, change.update().identity()));
            firstKept = change.seq() + 1;
            deleted++;
        }
        // The expired rows are the seqs [retainedFrom, firstKept): history has no gaps.
        if (deleted >= RANGE_DELETE_MIN_ROWS) {
            deletes.deleteRange(t.table(), Keys.odds(game, retainedFrom), Keys.odds(game, firstKept));
        } else {
            for (long seq = retainedFrom; seq < firstKept; seq++) {
                deletes.delete(t.table(), Keys.odds(game, seq));
            }
        }
        if (deleted > 0) {
            deletes.put(t.table(), Keys.retained(game), Codec.seq(firstKept));
        }
        return new GameSweep(deleted, deleted == budget);
    }

    /**
     * The lowest seq of a game's history not dropped by the sweep (1 when none was): history below
     * it is gone, so reads start there and skip what the sweep's deletes left to compact.
     */
    static long lowestRetainedSeq(RocksTable t, String gameId) throws RocksDBException {
        byte[] retained = t.db().get(t.table(), Keys.retained(gameId));
        return retained == null ? 1 : Codec.readRetained(retained);
    }

    /** Stops the sweeps: one in progress ends after its page. Idempotent. */
    @Override
    public void close() {
        stopping = true;
        ScheduledThreadPoolExecutor running;
        synchronized (this) {
            running = thread;
        }
        if (running != null) {
            // Waits for a sweep in progress (an interrupt is kept for the caller).
            running.close();
        }
    }
}
