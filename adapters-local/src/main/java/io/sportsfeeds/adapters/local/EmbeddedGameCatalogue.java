package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.domain.Game;
import io.sportsfeeds.core.port.GameCatalogue;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.rocksdb.WriteBatch;

/**
 * The {@link GameCatalogue} over the RocksDB table: a game row per game and its GSI-1 row by start
 * time, written together ({@code package-info.java}).
 */
final class EmbeddedGameCatalogue implements GameCatalogue {
    private final RocksTable table;
    /** Putting a game reads where its index row was; this keeps two puts of one game from racing. */
    private final Object catalogWrites = new Object();

    EmbeddedGameCatalogue(RocksTable table) {
        this.table = table;
    }

    @Override
    public void putGames(List<Game> games) {
        if (games.isEmpty()) {
            return;
        }
        // The last of several games with one id wins, as if they had been put one by one.
        Map<String, Game> byId = new LinkedHashMap<>();
        games.forEach(game -> byId.put(
                Objects.requireNonNull(game, "games must not hold null").gameId(), game));
        synchronized (catalogWrites) {
            table.call("store " + byId.size() + " games", t -> {
                List<byte[]> keys = byId.keySet().stream().map(Keys::game).toList();
                List<byte[]> old = t.db().multiGetAsList(keys);
                try (WriteBatch batch = new WriteBatch()) {
                    int i = 0;
                    for (Game game : byId.values()) {
                        byte[] value = Codec.game(game);
                        byte[] indexKey = Keys.gameByDate(game.gameDate(), game.gameId());
                        byte[] previous = old.get(i++);
                        if (previous != null) {
                            byte[] previousIndexKey =
                                    Keys.gameByDate(Codec.readGame(previous).gameDate(), game.gameId());
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
                "read game " + gameId,
                t -> Optional.ofNullable(t.db().get(t.table(), Keys.game(gameId)))
                        .map(Codec::readGame));
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
                t -> IndexScan.scan(t, start, Keys.gamesPrefix(), end, Codec::readGame));
    }
}
