package io.sportsfeeds.adapters.local;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/** Range scans of the GSI-1 column family, shared by the game catalogue and the client registry. */
final class IndexScan {
    private IndexScan() {}

    @FunctionalInterface
    interface Decoder<T> {
        T decode(byte[] value);
    }

    /** Reads index rows from {@code from} while they start with {@code prefix} and sort before {@code end} (when given). */
    static <T> List<T> scan(RocksTable t, byte[] from, byte[] prefix, byte[] end, Decoder<T> decoder)
            throws RocksDBException {
        ColumnFamilyHandle index = t.index();
        List<T> found = new ArrayList<>();
        try (RocksIterator rows = t.db().newIterator(index)) {
            for (rows.seek(from); rows.isValid(); rows.next()) {
                byte[] key = rows.key();
                if (!Keys.hasPrefix(key, prefix) || (end != null && Arrays.compareUnsigned(key, end) >= 0)) {
                    break;
                }
                found.add(decoder.decode(rows.value()));
            }
            // An iterator that stops on an I/O error says so only through status().
            rows.status();
        }
        return found;
    }

    /** Whether the index holds nothing: no game and no client was ever put. */
    static boolean isEmpty(RocksTable table) {
        return table.call("check whether the store is empty", t -> {
            try (RocksIterator rows = t.db().newIterator(t.index())) {
                rows.seekToFirst();
                boolean empty = !rows.isValid();
                rows.status();
                return empty;
            }
        });
    }
}
