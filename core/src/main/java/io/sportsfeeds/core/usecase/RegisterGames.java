package io.sportsfeeds.core.usecase;

import io.sportsfeeds.core.domain.BatchReader;
import io.sportsfeeds.core.domain.Game;
import io.sportsfeeds.core.port.GameCatalogue;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** Registers the games odds are sent for and lists them by date. */
public final class RegisterGames {
    public static final int MAX_BATCH = 1_000;

    private final GameCatalogue store;

    public RegisterGames(GameCatalogue store) {
        this.store = store;
    }

    /** Registers {@code {"games": [...]}}: every game valid and stored, or none. */
    public List<Game> register(java.util.Map<String, ?> document) {
        List<Game> games = BatchReader.read(document, "games", MAX_BATCH, Game::read);
        store.putGames(games);
        return games;
    }

    /** Every game starting in {@code [fromEpochSecond, toEpochSecond)}, by start time. */
    public List<Game> between(long fromEpochSecond, long toEpochSecond) {
        return store.games(fromEpochSecond, toEpochSecond);
    }

    /** The games scheduled to start on a day (UTC), by start time. */
    public List<Game> scheduledOn(LocalDate day) {
        long from = day.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        long to = day.plusDays(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        return store.games(from, to).stream().filter(Game::isScheduled).toList();
    }
}
