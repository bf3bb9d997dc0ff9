package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.domain.StoreUnavailableException;
import java.util.ArrayList;
import java.util.List;

/**
 * The writer thread's read before it sequences an append: one multiGet for the stored seq of each
 * update's identity, and the heads and latest odds the {@link Sequencer} does not hold yet, which it
 * loads. Runs on the writer thread only, as the sequencer does.
 */
final class AppendLookup {
    private final RocksTable table;
    private final Sequencer sequencer;

    AppendLookup(RocksTable table, Sequencer sequencer) {
        this.table = table;
        this.sequencer = sequencer;
    }

    /**
     * One multiGet for the stored seq of each update's identity ({@code 0} when none), and the heads
     * and latest odds the sequencer does not hold yet, which it loads.
     */
    long[] storedSeqs(List<PreparedUpdate> updates) {
        Sequencer.Reads reads = sequencer.reads(updates);
        List<byte[]> keys = new ArrayList<>(
                updates.size() + reads.games().size() + reads.markets().size());
        for (PreparedUpdate update : updates) {
            keys.add(update.dedupeKey());
        }
        reads.games().forEach(game -> keys.add(Keys.head(game)));
        reads.markets().forEach(market -> keys.add(Keys.latest(market.game(), market.market())));
        List<byte[]> found = table.call("look up " + updates.size() + " updates", t -> t.db().multiGetAsList(keys));
        // The heads follow the dedupe keys, then the latest odds.
        int index = updates.size();
        for (String game : reads.games()) {
            byte[] head = found.get(index++);
            sequencer.loadHead(game, head == null ? Codec.Head.EMPTY : Codec.readHead(head));
        }
        for (Sequencer.Market market : reads.markets()) {
            byte[] latest = found.get(index++);
            sequencer.loadLatest(
                    market.game(),
                    market.market(),
                    latest == null ? Sequencer.LatestMark.NONE : Sequencer.LatestMark.of(Codec.readChange(latest)));
        }
        long[] storedSeqs = new long[updates.size()];
        for (int i = 0; i < storedSeqs.length; i++) {
            byte[] stored = found.get(i);
            storedSeqs[i] = stored == null ? 0 : Codec.readSeq(stored);
        }
        return storedSeqs;
    }

    /** Why the look-up of {@code updates} updates failed. */
    String causeOf(int updates, RuntimeException failure) {
        // The table's own exceptions say what failed where already.
        return failure instanceof StoreUnavailableException
                ? failure.getMessage()
                : "cannot look up " + updates + " updates in the store in " + table.dataDir() + ": " + failure;
    }
}
