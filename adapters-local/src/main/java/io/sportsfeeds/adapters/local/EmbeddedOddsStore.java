package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.HistoryQuery;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.port.OddsStore;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * The {@link OddsStore} over the RocksDB table: appends go through the group-commit writer, reads
 * are range scans of the single-table layout ({@code package-info.java}).
 */
final class EmbeddedOddsStore implements OddsStore {
    private final RocksTable table;
    private final GroupCommitWriter writer;

    private final String epoch;

    EmbeddedOddsStore(RocksTable table, GroupCommitWriter writer, String epoch) {
        this.table = table;
        this.writer = writer;
        this.epoch = epoch;
    }

    @Override
    public String epoch() {
        return epoch;
    }

    @Override
    public List<AppendOutcome> append(List<OddsUpdate> updates) {
        return writer.append(updates);
    }

    @Override
    public List<CapturedChange> latest(String gameId) {
        if (!Keys.isId(gameId)) {
            return List.of();
        }
        // latest#<market> rows sort by market, the order the port promises.
        return table.call(
                "read the latest odds of game " + gameId,
                t -> scanChanges(t, Keys.latestPrefix(gameId), Keys.latestPrefix(gameId), Integer.MAX_VALUE, null));
    }

    @Override
    public List<CapturedChange> history(HistoryQuery query) {
        if (!Keys.isId(query.gameId()) || query.firstSeq().isEmpty()) {
            return List.of();
        }
        byte[] prefix = Keys.oddsPrefix(query.gameId());
        long firstSeq = query.firstSeq().getAsLong();
        // Seeks to the first seq asked for; below the lowest retained seq, history was dropped as
        // expired: starting there skips its tombstones.
        return table.call(
                "read the odds history of game " + query.gameId(),
                t -> scanChanges(
                        t,
                        Keys.odds(
                                query.gameId(),
                                Math.max(firstSeq, RetentionSweeper.lowestRetainedSeq(t, query.gameId()))),
                        prefix,
                        query.limit(),
                        query));
    }

    @Override
    public List<CapturedChange> changesAfter(String gameId, long afterSeq, int limit) {
        if (!Keys.isId(gameId) || limit < 1 || afterSeq == Long.MAX_VALUE) {
            return List.of();
        }
        long first = Math.max(afterSeq, 0) + 1;
        // Changes dropped as expired are not answered: the answer starts at the lowest retained seq.
        return table.call(
                "read the changes of game " + gameId + " after seq " + afterSeq,
                t -> scanChanges(
                        t,
                        Keys.odds(gameId, Math.max(first, RetentionSweeper.lowestRetainedSeq(t, gameId))),
                        Keys.oddsPrefix(gameId),
                        limit,
                        null));
    }

    /** Reads odds rows from {@code from} while they start with {@code prefix}, keeping those the query covers. */
    private static List<CapturedChange> scanChanges(
            RocksTable t, byte[] from, byte[] prefix, int limit, HistoryQuery query) throws RocksDBException {
        List<CapturedChange> changes = new ArrayList<>();
        try (RocksIterator rows = t.db().newIterator(t.table())) {
            for (rows.seek(from); rows.isValid() && changes.size() < limit; rows.next()) {
                if (!Keys.hasPrefix(rows.key(), prefix)) {
                    break;
                }
                CapturedChange change = Codec.readChange(rows.value());
                if (query == null || query.covers(change)) {
                    changes.add(change);
                }
            }
            // An iterator that stops on an I/O error says so only through status().
            rows.status();
        }
        return changes;
    }
}
