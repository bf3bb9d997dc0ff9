package io.sportsfeeds.adapters.local;

import org.rocksdb.WriteBatch;

/**
 * The sync thread's part of a {@link GroupCommitWriter}: the synced write of one group. Its rows
 * are sorted and copied into the batch here rather than on the writer thread, which every append
 * waits on: the writer sequences the next group meanwhile. Reads only final fields.
 */
final class SyncedGroupWrite {
    private final RocksTable table;
    private final GroupCommitWriter.Committer committer;

    SyncedGroupWrite(RocksTable table, GroupCommitWriter.Committer committer) {
        this.table = table;
        this.committer = committer;
    }

    /** Sync thread: writes the group; returns its failure, or null. */
    Throwable write(CommitGroup group) {
        try {
            if (!group.sequenced.isEmpty()) {
                group.batch = new WriteBatch();
                table.call("prepare " + group.updates + " updates", t -> {
                    for (Sequencer.Row row : group.sequenced.rows()) {
                        group.batch.put(t.table(), row.key(), row.value());
                    }
                    return null;
                });
                long started = System.nanoTime();
                table.call("commit " + group.updates + " updates", t -> {
                    committer.commit(t.db(), t.syncWrite(), group.batch);
                    return null;
                });
                group.writeNanos = System.nanoTime() - started;
            }
            return null;
        } catch (RuntimeException | Error e) {
            return e;
        }
    }
}
