package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.port.ChangeStream;
import io.sportsfeeds.core.port.ClientRegistry;
import io.sportsfeeds.core.port.GameCatalogue;
import io.sportsfeeds.core.port.OddsStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The embedded, durable store of one data directory (RocksDB, no server process): its {@link
 * OddsStore}, {@link GameCatalogue} and {@link ClientRegistry}, and the {@link ChangeStream} that
 * tails its commit order. Every append is synced to disk before it returns; concurrent appends
 * share one commit. See {@code package-info.java} for the key layout.
 */
public final class EmbeddedStorage implements AutoCloseable {
    /** After a failed commit, how soon and how often the writer tries whether the store takes writes again. */
    static final Outage.Backoff PROBE_BACKOFF = new Outage.Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
    /**
     * The games whose heads and latest odds' dates the writer keeps in memory; the least recently
     * used beyond that are read from their rows again when they come back. About 450 bytes a game of
     * 3 markets (measured), so at most about 90 MB.
     */
    static final int MAX_CACHED_GAMES = 200_000;

    static final GroupCommitWriter.Settings WRITER =
            new GroupCommitWriter.Settings(GroupCommitWriter.Committer.SYNCED, PROBE_BACKOFF, MAX_CACHED_GAMES);
    /** How often expired odds are dropped: often enough that little expires at once, far apart next to any retention. */
    static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

    private final RocksTable table;
    private final GroupCommitWriter writer;
    private final EmbeddedOddsStore oddsStore;
    private final EmbeddedGameCatalogue gameCatalogue;
    private final EmbeddedClientRegistry clientRegistry;
    private final EmbeddedChangeTail changeTail;
    private final RetentionSweeper sweeper;
    private final Object lifecycle = new Object();
    private boolean closed;

    private EmbeddedStorage(
            RocksTable table,
            GroupCommitWriter writer,
            EmbeddedChangeTail changeTail,
            RetentionSweeper sweeper,
            String epoch) {
        this.table = table;
        this.writer = writer;
        this.oddsStore = new EmbeddedOddsStore(table, writer, epoch);
        this.gameCatalogue = new EmbeddedGameCatalogue(table);
        this.clientRegistry = new EmbeddedClientRegistry(table);
        this.changeTail = changeTail;
        this.sweeper = sweeper;
    }

    /**
     * Opens (creating if needed) the store in {@code dataDir}.
     *
     * @param clock the source of store times ({@code storedAt}) and of the time odds expire against
     * @param retention how long after its provider's date an update is kept (the AWS sample's
     *     {@code EXPIRE}): from 1 second to 100 years; a sweep every minute drops expired history
     *     and dedupe rows, never a market's latest odds
     * @throws StoreUnavailableException saying why when it cannot, for example when another running
     *     process holds the directory
     * @throws IllegalArgumentException when the retention is out of range
     */
    public static EmbeddedStorage open(Path dataDir, Clock clock, Duration retention) {
        return open(dataDir, clock, retention, WRITER, SWEEP_INTERVAL);
    }

    /**
     * Opens with the given writer settings and sweep interval: tests make the disk fail, and heal,
     * through the writer's committer, and watch sweeps come sooner.
     */
    static EmbeddedStorage open(
            Path dataDir,
            Clock clock,
            Duration retention,
            GroupCommitWriter.Settings writerSettings,
            Duration sweepInterval) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(clock, "clock");
        Retention kept = new Retention(retention);
        RocksTable table = RocksTable.open(dataDir);
        String epoch;
        try {
            epoch = StoreEpoch.loadOrCreate(table);
        } catch (RuntimeException e) {
            table.close();
            throw e;
        }
        GroupCommitWriter writer = new GroupCommitWriter(table, clock, kept, writerSettings);
        EmbeddedChangeTail changeTail = new EmbeddedChangeTail();
        RetentionSweeper sweeper = new RetentionSweeper(table, clock, kept);
        writer.start(changeTail::publish);
        sweeper.start(sweepInterval);
        return new EmbeddedStorage(table, writer, changeTail, sweeper, epoch);
    }

    /** Drops what has expired now, on the calling thread: what the background sweep does every minute. */
    RetentionSweeper.Sweep sweepOnce() {
        return sweeper.sweepOnce();
    }

    /** Tells {@code observer} of each group committed from now on (group size, write time). */
    public void observeCommits(CommitObserver observer) {
        writer.observeCommits(observer);
    }

    public OddsStore oddsStore() {
        return oddsStore;
    }

    public GameCatalogue gameCatalogue() {
        return gameCatalogue;
    }

    public ClientRegistry clientRegistry() {
        return clientRegistry;
    }

    /** The store's commit order: every acknowledged update, handed over once it is durable. */
    public ChangeStream changeStream() {
        return changeTail;
    }

    /** True when the store holds no games and no clients yet (the app seeds samples then). */
    public boolean isEmpty() {
        return IndexScan.isEmpty(table);
    }

    /**
     * Stops the retention sweep and the writer (the group being committed completes; appends still
     * waiting fail with {@link StoreUnavailableException}), hands over the committed changes and
     * stops the change tail, then closes RocksDB. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            try {
                sweeper.close();
            } finally {
                writer.close();
            }
        } finally {
            try {
                changeTail.close();
            } finally {
                table.close();
            }
        }
    }
}
