package io.sportsfeeds.core.fakes;

import io.sportsfeeds.core.domain.Game;
import io.sportsfeeds.core.port.GameCatalogue;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A game catalogue in memory, for tests of what uses one. */
public final class InMemoryGameCatalogue implements GameCatalogue {
    private final Map<String, Game> games = new HashMap<>();

    @Override
    public synchronized void putGames(List<Game> newGames) {
        newGames.forEach(game -> games.put(game.gameId(), game));
    }

    @Override
    public synchronized Optional<Game> game(String gameId) {
        return Optional.ofNullable(games.get(gameId));
    }

    @Override
    public synchronized List<Game> games(long fromEpochSecond, long toEpochSecond) {
        return games.values().stream()
                .filter(game -> game.gameDate() >= fromEpochSecond && game.gameDate() < toEpochSecond)
                .sorted(Comparator.comparingLong(Game::gameDate).thenComparing(Game::gameId))
                .toList();
    }
}
