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
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksObject;
import org.rocksdb.WriteOptions;

/**
 * The open RocksDB database of a data directory: the table column family, the GSI-1 column family
 * and the native option objects, all closed together. Every use goes through {@link #call}, which
 * refuses once the table is closed (a closed native handle would crash the JVM, not throw) and
 * turns RocksDB's exceptions into {@link StoreUnavailableException}s that say what failed where.
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
  private static final long INDEX_WRITE_BUFFER = 4L * 1024 * 1024;
  /** ~1% false positives: most dedupe lookups miss, and the filter answers them without a disk read. */
  private static final double BLOOM_BITS_PER_KEY = 10;
  /** The same for the memtable, where the keys of recent appends are: a miss skips the skiplist walk. */
  private static final double MEMTABLE_BLOOM_RATIO = 0.05;

  /** One use of the open database. */
  @FunctionalInterface
  interface Call<T> {
    T call(RocksTable table) throws RocksDBException;
  }

  private final Path dataDir;
  private final RocksDB db;
  private final ColumnFamilyHandle table;
  private final ColumnFamilyHandle index;
  private final WriteOptions syncWrite;
  /** Closed last to first. */
  private final List<RocksObject> resources;
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  private RocksTable(
      Path dataDir, RocksDB db, ColumnFamilyHandle table, ColumnFamilyHandle index, WriteOptions syncWrite, List<RocksObject> resources) {
    this.dataDir = dataDir;
    this.db = db;
    this.table = table;
    this.index = index;
    this.syncWrite = syncWrite;
    this.resources = resources;
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
        throw new StoreUnavailableException(
            dataDir + " holds files but no store; give an empty directory, a new one, or an existing store's");
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
    List<RocksObject> resources = new ArrayList<>();
    try {
      BloomFilter bloom = track(resources, new BloomFilter(BLOOM_BITS_PER_KEY));
      ColumnFamilyOptions tableOptions =
          track(resources, new ColumnFamilyOptions())
              .setWriteBufferSize(TABLE_WRITE_BUFFER)
              .setMemtableWholeKeyFiltering(true)
              .setMemtablePrefixBloomSizeRatio(MEMTABLE_BLOOM_RATIO)
              // Flushes and the first compactions run on the same 2 cores as ingest: they store
              // rows as they are, and only the bottom level, where rows settle, is compressed.
              .setCompressionType(CompressionType.NO_COMPRESSION)
              .setBottommostCompressionType(CompressionType.LZ4_COMPRESSION)
              .setTableFormatConfig(new BlockBasedTableConfig().setFilterPolicy(bloom).setWholeKeyFiltering(true));
      // The index is only range-scanned, so a filter would not help it.
      ColumnFamilyOptions indexOptions = track(resources, new ColumnFamilyOptions()).setWriteBufferSize(INDEX_WRITE_BUFFER);
      DBOptions dbOptions =
          track(resources, new DBOptions())
              .setCreateIfMissing(true)
              .setCreateMissingColumnFamilies(true)
              .setMaxBackgroundJobs(2)
              .setKeepLogFileNum(3)
              .setInfoLogLevel(InfoLogLevel.WARN_LEVEL);
      // The default WAL recovery mode (point in time) drops a torn tail left by a crash, which
      // only ever holds a write that was not acknowledged (acknowledged ones were synced).
      WriteOptions syncWrite = track(resources, new WriteOptions()).setSync(true);
      List<ColumnFamilyDescriptor> families =
          List.of(
              new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, tableOptions),
              new ColumnFamilyDescriptor(INDEX_FAMILY.getBytes(java.nio.charset.StandardCharsets.US_ASCII), indexOptions));
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      RocksDB db = RocksDB.open(dbOptions, absolute.toString(), families, handles);
      // Handles close before the database, the database before its options.
      resources.add(db);
      handles.forEach(resources::add);
      return new RocksTable(absolute, db, handles.get(0), handles.get(1), syncWrite, resources);
    } catch (RocksDBException e) {
      closeAll(resources);
      throw new StoreUnavailableException(openProblem(absolute, e), e);
    } catch (RuntimeException | Error e) {
      closeAll(resources);
      throw e;
    }
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

  RocksDB db() {
    return db;
  }

  ColumnFamilyHandle table() {
    return table;
  }

  ColumnFamilyHandle index() {
    return index;
  }

  WriteOptions syncWrite() {
    return syncWrite;
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
      return call.call(this);
    } catch (RocksDBException e) {
      throw new StoreUnavailableException("cannot " + what + " in the store in " + dataDir + ": " + e.getMessage(), e);
    } finally {
      lifecycle.readLock().unlock();
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
      closeAll(resources);
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  private static void closeAll(List<RocksObject> resources) {
    RocksDBException failure = null;
    for (int i = resources.size() - 1; i >= 0; i--) {
      RocksObject resource = resources.get(i);
      if (resource instanceof RocksDB db) {
        try {
          // closeE reports a failure to release the database, where close() would hide it.
          db.closeE();
        } catch (RocksDBException e) {
          failure = e;
        }
      } else {
        resource.close();
      }
    }
    if (failure != null) {
      throw new StoreUnavailableException("closing the store failed: " + failure.getMessage(), failure);
    }
  }
}
