package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.Game;
import io.sportsfeeds.core.domain.HistoryQuery;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.port.FeedStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * The {@link FeedStore} over the RocksDB table: appends go through the group-commit writer, reads
 * are range scans and point gets of the single-table layout ({@code package-info.java}).
 */
final class EmbeddedFeedStore implements FeedStore {
  private final RocksTable table;
  private final GroupCommitWriter writer;
  /** Putting a game reads where its index row was; this keeps two puts of one game from racing. */
  private final Object catalogWrites = new Object();

  EmbeddedFeedStore(RocksTable table, GroupCommitWriter writer) {
    this.table = table;
    this.writer = writer;
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
    return table.call("read the latest odds of game " + gameId, t -> scanChanges(t, Keys.latestPrefix(gameId), Keys.latestPrefix(gameId), Integer.MAX_VALUE, null));
  }

  @Override
  public List<CapturedChange> history(HistoryQuery query) {
    if (!Keys.isId(query.gameId())) {
      return List.of();
    }
    byte[] prefix = Keys.oddsPrefix(query.gameId());
    // Below the lowest retained seq, history was dropped as expired: starting there skips its tombstones.
    return table.call(
        "read the odds history of game " + query.gameId(),
        t -> scanChanges(t, Keys.odds(query.gameId(), RetentionSweeper.lowestRetainedSeq(t, query.gameId())), prefix, query.limit(), query));
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
        t -> scanChanges(t, Keys.odds(gameId, Math.max(first, RetentionSweeper.lowestRetainedSeq(t, gameId))), Keys.oddsPrefix(gameId), limit, null));
  }

  /** Reads odds rows from {@code from} while they start with {@code prefix}, keeping those the query covers. */
  private static List<CapturedChange> scanChanges(RocksTable t, byte[] from, byte[] prefix, int limit, HistoryQuery query)
      throws RocksDBException {
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

  @Override
  public void putGames(List<Game> games) {
    if (games.isEmpty()) {
      return;
    }
    // The last of several games with one id wins, as if they had been put one by one.
    Map<String, Game> byId = new LinkedHashMap<>();
    games.forEach(game -> byId.put(Objects.requireNonNull(game, "games must not hold null").gameId(), game));
    synchronized (catalogWrites) {
      table.call(
          "store " + byId.size() + " games",
          t -> {
            List<byte[]> keys = byId.keySet().stream().map(Keys::game).toList();
            List<byte[]> old = t.db().multiGetAsList(keys);
            try (WriteBatch batch = new WriteBatch()) {
              int i = 0;
              for (Game game : byId.values()) {
                byte[] value = Codec.game(game);
                byte[] indexKey = Keys.gameByDate(game.gameDate(), game.gameId());
                byte[] previous = old.get(i++);
                if (previous != null) {
                  byte[] previousIndexKey = Keys.gameByDate(Codec.readGame(previous).gameDate(), game.gameId());
                  if (!Arrays.equals(previousIndexKey, indexKey)) {
                    batch.delete(t.index(), previousIndexKey);
                  }
                }
                batch.put(t.table(), Keys.game(game.gameId()), value);
                batch.put(t.index(), indexKey, value);
              }
              t.db().write(t.syncWrite(), batch);
            }
            return null;
          });
    }
  }

  @Override
  public Optional<Game> game(String gameId) {
    if (!Keys.isId(gameId)) {
      return Optional.empty();
    }
    return table.call(
        "read game " + gameId, t -> Optional.ofNullable(t.db().get(t.table(), Keys.game(gameId))).map(Codec::readGame));
  }

  @Override
  public List<Game> games(long fromEpochSecond, long toEpochSecond) {
    long from = Math.max(fromEpochSecond, 0);
    if (from >= toEpochSecond || from > Keys.MAX_INDEXED_DATE) {
      return List.of();
    }
    byte[] start = Keys.gamesFrom(from);
    byte[] end = toEpochSecond > Keys.MAX_INDEXED_DATE ? null : Keys.gamesFrom(toEpochSecond);
    return table.call(
        "list the games starting in [" + fromEpochSecond + ", " + toEpochSecond + ")",
        t -> scanIndex(t, start, Keys.gamesPrefix(), end, Codec::readGame));
  }

  @Override
  public void putClients(List<Client> clients) {
    if (clients.isEmpty()) {
      return;
    }
    Map<String, Client> byId = new HashMap<>();
    clients.forEach(client -> byId.put(Objects.requireNonNull(client, "clients must not hold null").clientId(), client));
    table.call(
        "store " + byId.size() + " clients",
        t -> {
          try (WriteBatch batch = new WriteBatch()) {
            for (Client client : byId.values()) {
              byte[] value = Codec.client(client);
              batch.put(t.table(), Keys.client(client.clientId()), value);
              batch.put(t.index(), Keys.clientById(client.clientId()), value);
            }
            t.db().write(t.syncWrite(), batch);
          }
          return null;
        });
  }

  @Override
  public Optional<Client> client(String clientId) {
    if (!Keys.isId(clientId)) {
      return Optional.empty();
    }
    return table.call(
        "read client " + clientId,
        t -> Optional.ofNullable(t.db().get(t.table(), Keys.client(clientId))).map(Codec::readClient));
  }

  @Override
  public List<Client> clients() {
    return table.call("list the clients", t -> scanIndex(t, Keys.clientsPrefix(), Keys.clientsPrefix(), null, Codec::readClient));
  }

  /** Whether the index holds nothing: no game and no client was ever put. */
  boolean isEmpty() {
    return table.call(
        "check whether the store is empty",
        t -> {
          try (RocksIterator rows = t.db().newIterator(t.index())) {
            rows.seekToFirst();
            boolean empty = !rows.isValid();
            rows.status();
            return empty;
          }
        });
  }

  @FunctionalInterface
  private interface Decoder<T> {
    T decode(byte[] value);
  }

  /** Reads index rows from {@code from} while they start with {@code prefix} and sort before {@code end} (when given). */
  private static <T> List<T> scanIndex(RocksTable t, byte[] from, byte[] prefix, byte[] end, Decoder<T> decoder)
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
}
