package io.sportsfeeds.app.local.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * When each update of a run was sent and acknowledged, by its number (from 0): what a subscriber
 * looks up when the update reaches it. Publishers write, subscribers' threads read, lock-free:
 * chunks are made on first use, times are written with release and read with acquire semantics.
 * Times are {@link System#nanoTime()} values; 0 means not yet.
 */
final class Ledger {
    private static final int CHUNK_BITS = 16;
    private static final int CHUNK = 1 << CHUNK_BITS;
    private static final int MAX_CHUNKS = 1 << 14; // 2^30 updates, far more than a run sends
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final AtomicReferenceArray<long[]> sent = new AtomicReferenceArray<>(MAX_CHUNKS);
    private final AtomicReferenceArray<long[]> acknowledged = new AtomicReferenceArray<>(MAX_CHUNKS);

    void sent(long update, long nanos) {
        set(sent, update, nanos);
    }

    void acknowledged(long update, long nanos) {
        set(acknowledged, update, nanos);
    }

    /** When the update was sent, or 0 when it was not (it belongs to no publisher of this run). */
    long sentAt(long update) {
        return get(sent, update);
    }

    /** When the update was acknowledged, or 0 when it was not (yet). */
    long acknowledgedAt(long update) {
        return get(acknowledged, update);
    }

    private static void set(AtomicReferenceArray<long[]> chunks, long update, long nanos) {
        int index = (int) (update >>> CHUNK_BITS);
        if (index >= MAX_CHUNKS) {
            throw new IllegalStateException("the ledger holds " + ((long) MAX_CHUNKS << CHUNK_BITS)
                    + " updates, update " + update + " is past it");
        }
        long[] chunk = chunks.get(index);
        if (chunk == null) {
            chunks.compareAndSet(index, null, new long[CHUNK]);
            chunk = chunks.get(index);
        }
        LONGS.setRelease(chunk, (int) (update & (CHUNK - 1)), nanos);
    }

    private static long get(AtomicReferenceArray<long[]> chunks, long update) {
        if (update < 0 || (update >>> CHUNK_BITS) >= MAX_CHUNKS) {
            return 0;
        }
        long[] chunk = chunks.get((int) (update >>> CHUNK_BITS));
        return chunk == null ? 0 : (long) LONGS.getAcquire(chunk, (int) (update & (CHUNK - 1)));
    }
}
