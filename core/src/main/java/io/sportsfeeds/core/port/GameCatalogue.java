package io.sportsfeeds.core.port;

import io.sportsfeeds.core.domain.Game;
import java.util.List;
import java.util.Optional;

/**
 * The games odds are sent for. Every method may throw {@link
 * io.sportsfeeds.core.domain.StoreUnavailableException}.
 */
public interface GameCatalogue {

    /** Adds or replaces games (by id); the last of several games with one id wins. */
    void putGames(List<Game> games);

    Optional<Game> game(String gameId);

    /** Games starting in {@code [fromEpochSecond, toEpochSecond)}, by start time then id. */
    List<Game> games(long fromEpochSecond, long toEpochSecond);
}
