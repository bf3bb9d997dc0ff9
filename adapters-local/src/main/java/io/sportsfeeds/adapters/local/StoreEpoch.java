package io.sportsfeeds.adapters.local;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The epoch of a data directory's store: made once, when the store is new, and kept with it, so a
 * client's seqs are known to belong to this store (a new data directory starts a new epoch).
 */
final class StoreEpoch {
    /** '#' is not an id character, so no game's or client's key can be this one. */
    private static final byte[] KEY = "#meta\0epoch".getBytes(StandardCharsets.US_ASCII);

    private StoreEpoch() {}

    static String loadOrCreate(RocksTable table) {
        return table.call("read the store's epoch", t -> {
            byte[] stored = t.db().get(t.table(), KEY);
            if (stored != null) {
                return new String(stored, StandardCharsets.US_ASCII);
            }
            String epoch = UUID.randomUUID().toString();
            t.db().put(t.table(), t.syncWrite(), KEY, epoch.getBytes(StandardCharsets.US_ASCII));
            return epoch;
        });
    }
}
