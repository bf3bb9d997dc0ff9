package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The writer's state from a failed commit until the store takes writes again.
 *
 * <p>A synced write that reported an error may be in RocksDB's log all the same, and would come
 * back when the log is replayed; so its seqs must not be handed out again on a guess. While an
 * outage lasts, appends are refused at once (not acknowledged, which makes a retry safe), and
 * probe writes test the store after a backoff, reopening the database from the second probe on
 * (RocksDB refuses every write after some I/O errors until it is reopened, and rocksdbjni offers
 * no {@code resume()}; a reopen also replays the log). Once a probe is written, the disk tells what
 * the failed write kept, and the writer reads heads and identities from disk anew.
 *
 * <p>Logged once as a warning when it begins and once when it ends, without stack traces: the
 * failed probes in between only at debug level.
 *
 * <p>Its methods run on the writer thread, except {@link #probe} on the sync thread, which reads
 * only final fields.
 */
final class Outage {
    /** Under the writer's name: it is the writer that stops and resumes taking appends. */
    private static final System.Logger LOG = System.getLogger(GroupCommitWriter.class.getName());
    /** Ends every message refusing updates during an outage, or failing them with the write that began it. */
    static final String RETRY_IS_SAFE =
            "; they were not acknowledged, and a retry is safe: any of them the store kept is reported as a duplicate with its seq";

    /**
     * The waits before the probe writes of an outage: {@code first} before the first, each next one
     * twice the previous, at most {@code max}.
     */
    record Backoff(Duration first, Duration max) {
        Backoff {
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(max, "max");
            if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
                throw new IllegalArgumentException(
                        "a backoff needs 0 < first <= max, was first " + first + ", max " + max);
            }
        }

        long millisBefore(int probe) {
            long millis = first.toMillis() << Math.min(probe - 1, 20);
            return Math.min(millis, max.toMillis());
        }
    }

    private final RocksTable table;
    private final GroupCommitWriter.Committer committer;
    private final Backoff backoff;
    private final String cause;
    private final long startNanos = System.nanoTime();
    /** The changes of the failed write: stored or not, which only the disk can tell once it takes writes again. */
    private final List<CapturedChange> unconfirmed;

    private int failedProbes;
    private String lastProbeFailure;

    private Outage(
            RocksTable table,
            GroupCommitWriter.Committer committer,
            Backoff backoff,
            String cause,
            List<CapturedChange> unconfirmed) {
        this.table = table;
        this.committer = committer;
        this.backoff = backoff;
        this.cause = cause;
        this.unconfirmed = List.copyOf(unconfirmed);
    }

    /** Begins an outage after a write failed with {@code cause} ({@link #causeOf}); {@code unconfirmed} are its changes. */
    static Outage begin(
            RocksTable table,
            GroupCommitWriter.Committer committer,
            Backoff backoff,
            String cause,
            List<CapturedChange> unconfirmed) {
        LOG.log(
                System.Logger.Level.WARNING,
                "the store in " + table.dataDir() + " failed to commit (" + cause
                        + "): appends are refused, as not acknowledged,"
                        + " until a probe write succeeds; then seqs and identities are read again from disk");
        return new Outage(table, committer, backoff, cause, unconfirmed);
    }

    String cause() {
        return cause;
    }

    long millisBefore(int probe) {
        return backoff.millisBefore(probe);
    }

    /** Sync thread: probe number {@code probe}, a small synced write; returns its failure, or null. */
    Throwable probe(int probe) {
        try {
            if (probe > 1) {
                table.reopen();
            }
            table.call("write a probe", t -> {
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

    /**
     * After a probe was written: the changes of the failed write that the store kept, read back (a
     * write is all or nothing, but only the disk knows which), to be published so that subscribers
     * miss no stored seq.
     *
     * @throws StoreUnavailableException when they cannot be read, which counts as a failed probe
     */
    List<CapturedChange> kept() {
        if (unconfirmed.isEmpty()) {
            return List.of();
        }
        List<byte[]> keys = unconfirmed.stream()
                .map(change -> Keys.odds(change.gameId(), change.seq()))
                .toList();
        List<byte[]> found = table.call(
                "read back " + keys.size() + " updates of a failed commit", t -> t.db().multiGetAsList(keys));
        List<CapturedChange> kept = new ArrayList<>();
        for (byte[] value : found) {
            if (value != null) {
                kept.add(Codec.readChange(value));
            }
        }
        return kept;
    }

    void probeFailed(int probe, Throwable failure) {
        failedProbes++;
        lastProbeFailure = causeOf(failure);
        LOG.log(
                System.Logger.Level.DEBUG,
                "probe " + probe + " of the store in " + table.dataDir() + " failed: " + lastProbeFailure);
    }

    void end() {
        LOG.log(
                System.Logger.Level.INFO,
                "the store in " + table.dataDir() + " takes appends again, "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos) + " ms after a commit failed ("
                        + cause + ")"
                        + (failedProbes == 0
                                ? ""
                                : "; " + failedProbes + " probe writes failed meanwhile, the last with: "
                                        + lastProbeFailure));
    }

    /** Why appends of {@code updates} updates are refused while an outage with this cause lasts. */
    static StoreUnavailableException refused(RocksTable table, int updates, String cause) {
        return new StoreUnavailableException("cannot append " + updates + " updates: the store in " + table.dataDir()
                + " is recovering from a failed commit (" + cause + ")" + RETRY_IS_SAFE);
    }

    /** What went wrong, in a few words: RocksDB's message, without the wrapping of the table's call. */
    static String causeOf(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof StoreUnavailableException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof StoreUnavailableException || cause instanceof RocksDBException
                ? String.valueOf(cause.getMessage())
                : cause.toString();
    }
}
