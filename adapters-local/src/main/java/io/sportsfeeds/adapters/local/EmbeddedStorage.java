package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.port.ChangeStream;
import io.sportsfeeds.core.port.ClientRegistry;
import io.sportsfeeds.core.port.GameCatalogue;
import io.sportsfeeds.core.port.OddsStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * The embedded, durable store of one data directory (RocksDB, no server process): its {@link
 * OddsStore}, {@link GameCatalogue} and {@link ClientRegistry}, and the {@link ChangeStream} that
 * tails its commit order. Every append is synced to disk before it returns; concurrent appends
 * share one commit. See {@code package-info.java} for the key layout.
 */
public final class EmbeddedStorage implements AutoCloseable {
  private final RocksTable table;
  private final GroupCommitWriter writer;
  private final EmbeddedOddsStore oddsStore;
  private final EmbeddedGameCatalogue gameCatalogue;
  private final EmbeddedClientRegistry clientRegistry;
  private final EmbeddedChangeTail changeTail;
  private final Object lifecycle = new Object();
  private boolean closed;

  private EmbeddedStorage(RocksTable table, GroupCommitWriter writer, EmbeddedChangeTail changeTail, String epoch) {
    this.table = table;
    this.writer = writer;
    this.oddsStore = new EmbeddedOddsStore(table, writer, epoch);
    this.gameCatalogue = new EmbeddedGameCatalogue(table);
    this.clientRegistry = new EmbeddedClientRegistry(table);
    this.changeTail = changeTail;
  }

  /**
   * Opens (creating if needed) the store in {@code dataDir}.
   *
   * @param clock the source of store times ({@code storedAt})
   * @throws StoreUnavailableException saying why when it cannot, for example when another running
   *     process holds the directory
   */
  public static EmbeddedStorage open(Path dataDir, Clock clock) {
    return open(dataDir, clock, GroupCommitWriter.Committer.SYNCED);
  }

  /** Opens with a given committer: tests make the disk fail through it. */
  static EmbeddedStorage open(Path dataDir, Clock clock, GroupCommitWriter.Committer committer) {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(clock, "clock");
    RocksTable table = RocksTable.open(dataDir);
    String epoch;
    try {
      epoch = StoreEpoch.loadOrCreate(table);
    } catch (RuntimeException e) {
      table.close();
      throw e;
    }
    GroupCommitWriter writer = new GroupCommitWriter(table, clock, committer);
    EmbeddedChangeTail changeTail = new EmbeddedChangeTail();
    writer.start(changeTail::publish);
    return new EmbeddedStorage(table, writer, changeTail, epoch);
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
   * Stops the writer (the group being committed completes; appends still waiting fail with
   * {@link StoreUnavailableException}), delivers the committed changes and stops the dispatcher,
   * then closes RocksDB. Idempotent.
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
      writer.close();
    } finally {
      try {
        changeTail.close();
      } finally {
        table.close();
      }
    }
  }
}
