package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.domain.StoreUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksObject;
import org.rocksdb.WriteOptions;

/**
 * The open RocksDB database of a data directory: the table column family, the GSI-1 column family
 * and the native option objects, all closed together. Every use goes through {@link #call}, which
 * refuses once the table is closed (a closed native handle would crash the JVM, not throw), waits
 * while the database is being reopened ({@link #reopen}), and turns RocksDB's exceptions into
 * {@link StoreUnavailableException}s that say what failed where.
 */
final class RocksTable implements AutoCloseable {
    static final String INDEX_FAMILY = "gsi1";
    /**
     * At 100,000 updates/s about 40 MB/s reach the memtable; a larger one flushes less often and
     * lets compaction drop more overwritten latest-odds rows (32 MB: ~74k updates/s, 64 MB: ~83k,
     * 128 MB: ~89k with 16 writers of 100-update batches on the 2-core development machine). 64 MB
     * keeps the memory of the two memtables RocksDB may hold at once modest.
     */
    private static final long TABLE_WRITE_BUFFER = 64L * 1024 * 1024;

    /**
     * At most this many memtables per column family (the one written and one being flushed): with
     * the sizes above, memtables hold at most 2 x (64 + 4) MB. RocksDB's default, made explicit.
     */
    private static final int MAX_WRITE_BUFFERS = 2;

    private static final long INDEX_WRITE_BUFFER = 4L * 1024 * 1024;
    /**
     * Data blocks read back (dedupe lookups that pass the filter, history and latest-odds reads),
     * one cache for both column families. Without one each family makes its own 32 MB cache; the
     * hot rows (a game's head and latest odds) are few, and the OS page cache holds the files too.
     */
    private static final long BLOCK_CACHE = 16L * 1024 * 1024;
    /**
     * Open table files, each holding its index and filter in memory: bounds that memory on a large
     * store (a file is ~64 MB, so stores below ~16 GB keep every file open; beyond, files are
     * reopened as needed). RocksDB's default is no bound.
     */
    private static final int MAX_OPEN_FILES = 256;
    /** ~1% false positives: most dedupe lookups miss, and the filter answers them without a disk read. */
    private static final double BLOOM_BITS_PER_KEY = 10;
    /** The same for the memtable, where the keys of recent appends are: a miss skips the skiplist walk. */
    private static final double MEMTABLE_BLOOM_RATIO = 0.05;

    /** One use of the open database. */
    @FunctionalInterface
    interface Call<T> {
        T call(RocksTable table) throws RocksDBException;
    }

    /** The open database and its column families: what a reopen replaces. */
    private record Handles(RocksDB db, ColumnFamilyHandle table, ColumnFamilyHandle index) {
        /** Handles close before the database. */
        void close() throws RocksDBException {
            table.close();
            index.close();
            // closeE reports a failure to release the database, where close() would hide it.
            db.closeE();
        }
    }

    private final Path dataDir;
    private final DBOptions dbOptions;
    private final List<ColumnFamilyDescriptor> families;
    private final WriteOptions syncWrite;
    private final WriteOptions unsyncedWrite;
    /** The option objects, closed last to first after the database. */
    private final List<RocksObject> options;

    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    /** Null after a reopen that failed, until one succeeds. */
    private Handles handles;

    private StoreUnavailableException reopenFailure;
    private boolean closed;

    private RocksTable(
            Path dataDir,
            DBOptions dbOptions,
            List<ColumnFamilyDescriptor> families,
            WriteOptions syncWrite,
            WriteOptions unsyncedWrite,
            List<RocksObject> options,
            Handles handles) {
        this.dataDir = dataDir;
        this.dbOptions = dbOptions;
        this.families = families;
        this.syncWrite = syncWrite;
        this.unsyncedWrite = unsyncedWrite;
        this.options = options;
        this.handles = handles;
    }

    /**
     * A data directory is empty or a store: one that holds other files (a mistyped path, a home
     * directory) is refused rather than filled with the store's files beside them.
     */
    private static void refuseForeignContent(Path dataDir) {
        if (Files.exists(dataDir.resolve("CURRENT"))) {
            return;
        }
        try (var entries = Files.list(dataDir)) {
            if (entries.findAny().isPresent()) {
                throw new StoreUnavailableException(dataDir
                        + " holds files but no store; give an empty directory, a new one, or an existing store's");
            }
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot read the data directory " + dataDir + ": " + e, e);
        }
    }

    static RocksTable open(Path dataDir) {
        Path absolute = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(absolute);
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot create the data directory " + absolute + ": " + e, e);
        }
        refuseForeignContent(absolute);
        RocksDB.loadLibrary();
        List<RocksObject> options = new ArrayList<>();
        try {
            BloomFilter bloom = track(options, new BloomFilter(BLOOM_BITS_PER_KEY));
            LRUCache blockCache = track(options, new LRUCache(BLOCK_CACHE));
            ColumnFamilyOptions tableOptions = track(options, new ColumnFamilyOptions())
                    .setWriteBufferSize(TABLE_WRITE_BUFFER)
                    .setMaxWriteBufferNumber(MAX_WRITE_BUFFERS)
                    .setMemtableWholeKeyFiltering(true)
                    .setMemtablePrefixBloomSizeRatio(MEMTABLE_BLOOM_RATIO)
                    // Flushes and the first compactions run on the same 2 cores as ingest: they store
                    // rows as they are, and only the bottom level, where rows settle, is compressed.
                    .setCompressionType(CompressionType.NO_COMPRESSION)
                    .setBottommostCompressionType(CompressionType.LZ4_COMPRESSION)
                    .setTableFormatConfig(new BlockBasedTableConfig()
                            .setBlockCache(blockCache)
                            .setFilterPolicy(bloom)
                            .setWholeKeyFiltering(true));
            // The index is only range-scanned, so a filter would not help it.
            ColumnFamilyOptions indexOptions = track(options, new ColumnFamilyOptions())
                    .setWriteBufferSize(INDEX_WRITE_BUFFER)
                    .setMaxWriteBufferNumber(MAX_WRITE_BUFFERS)
                    .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(blockCache));
            DBOptions dbOptions = track(options, new DBOptions())
                    .setCreateIfMissing(true)
                    .setCreateMissingColumnFamilies(true)
                    .setMaxBackgroundJobs(2)
                    .setMaxOpenFiles(MAX_OPEN_FILES)
                    .setKeepLogFileNum(3)
                    .setInfoLogLevel(InfoLogLevel.WARN_LEVEL);
            // The default WAL recovery mode (point in time) drops a torn tail left by a crash, which
            // only ever holds a write that was not acknowledged (acknowledged ones were synced).
            WriteOptions syncWrite = track(options, new WriteOptions()).setSync(true);
            // For writes that may be lost to a crash (the retention sweep's, done again by the next sweep).
            WriteOptions unsyncedWrite = track(options, new WriteOptions());
            List<ColumnFamilyDescriptor> families = List.of(
                    new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, tableOptions),
                    new ColumnFamilyDescriptor(
                            INDEX_FAMILY.getBytes(java.nio.charset.StandardCharsets.US_ASCII), indexOptions));
            Handles handles = openHandles(absolute, dbOptions, families);
            return new RocksTable(absolute, dbOptions, families, syncWrite, unsyncedWrite, options, handles);
        } catch (RocksDBException e) {
            closeOptions(options);
            throw new StoreUnavailableException(openProblem(absolute, e), e);
        } catch (RuntimeException | Error e) {
            closeOptions(options);
            throw e;
        }
    }

    private static Handles openHandles(Path dataDir, DBOptions dbOptions, List<ColumnFamilyDescriptor> families)
            throws RocksDBException {
        List<ColumnFamilyHandle> opened = new ArrayList<>();
        RocksDB db = RocksDB.open(dbOptions, dataDir.toString(), families, opened);
        return new Handles(db, opened.get(0), opened.get(1));
    }

    private static String openProblem(Path dataDir, RocksDBException e) {
        String message = String.valueOf(e.getMessage());
        if (message.toLowerCase(Locale.ROOT).contains("lock")) {
            return "cannot open the store in " + dataDir + ": the directory is in use by another running process"
                    + " (or another open store of this one), which holds its LOCK file; stop it or use another data directory ("
                    + message + ")";
        }
        return "cannot open the store in " + dataDir + ": " + message;
    }

    private static <T extends RocksObject> T track(List<RocksObject> resources, T resource) {
        resources.add(resource);
        return resource;
    }

    Path dataDir() {
        return dataDir;
    }

    /** Only inside {@link #call}, which holds the database open. */
    RocksDB db() {
        return handles.db();
    }

    /** Only inside {@link #call}. */
    ColumnFamilyHandle table() {
        return handles.table();
    }

    /** Only inside {@link #call}. */
    ColumnFamilyHandle index() {
        return handles.index();
    }

    WriteOptions syncWrite() {
        return syncWrite;
    }

    WriteOptions unsyncedWrite() {
        return unsyncedWrite;
    }

    /**
     * Runs one use of the database while it is open.
     *
     * @param what what the call does, for the error message ("read the history of game-1")
     * @throws StoreUnavailableException when the table is closed or RocksDB failed
     */
    <T> T call(String what, Call<T> call) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new StoreUnavailableException("cannot " + what + ": the store in " + dataDir + " is closed");
            }
            if (handles == null) {
                throw new StoreUnavailableException(
                        "cannot " + what + ": the store in " + dataDir + " could not be opened again after a failure: "
                                + reopenFailure.getMessage(),
                        reopenFailure);
            }
            return call.call(this);
        } catch (RocksDBException e) {
            throw new StoreUnavailableException(
                    "cannot " + what + " in the store in " + dataDir + ": " + e.getMessage(), e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * Closes the database and opens it again, once the calls in progress are done (later ones wait).
     * After some I/O errors RocksDB refuses every write until it is reopened (rocksdbjni has no
     * {@code resume()}); reopening also replays its log, so what a failed write left there is read
     * back now rather than after the next restart.
     *
     * @throws StoreUnavailableException when it cannot be opened again (calls fail saying so until
     *     a reopen succeeds), or when the table is closed
     */
    void reopen() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                throw new StoreUnavailableException("cannot reopen the store in " + dataDir + ": it is closed");
            }
            RocksDBException closeFailure = null;
            if (handles != null) {
                Handles failed = handles;
                handles = null;
                try {
                    failed.close();
                } catch (RocksDBException e) {
                    // Likely, after the failure that led here; the native database is released all the
                    // same, so the open below goes ahead and says what it found.
                    closeFailure = e;
                }
            }
            try {
                handles = openHandles(dataDir, dbOptions, families);
                reopenFailure = null;
            } catch (RocksDBException e) {
                reopenFailure = new StoreUnavailableException(openProblem(dataDir, e), e);
                if (closeFailure != null) {
                    reopenFailure.addSuppressed(closeFailure);
                }
                throw reopenFailure;
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /** Waits for the calls in progress, then releases the database; later calls fail. Idempotent. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            RocksDBException failure = null;
            if (handles != null) {
                try {
                    handles.close();
                } catch (RocksDBException e) {
                    failure = e;
                }
            }
            closeOptions(options);
            if (failure != null) {
                throw new StoreUnavailableException("closing the store failed: " + failure.getMessage(), failure);
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private static void closeOptions(List<RocksObject> options) {
        for (int i = options.size() - 1; i >= 0; i--) {
            options.get(i).close();
        }
    }
}
