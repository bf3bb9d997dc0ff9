package io.sportsfeeds.core.contract;

import static io.sportsfeeds.core.fakes.Updates.uniqueGameId;
import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.domain.Game;
import io.sportsfeeds.core.port.GameCatalogue;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link GameCatalogue} does. An adapter's test extends this and supplies the catalogue. */
public abstract class GameCatalogueContract {
    private GameCatalogue catalogue;

    /** A catalogue that may hold other tests' games. */
    protected abstract GameCatalogue newCatalogue();

    @BeforeEach
    void createCatalogue() {
        catalogue = newCatalogue();
    }

    @Test
    void listsGamesByStartTime_andReplacesAGameWithTheSameId() {
        // A day of its own, far from other tests' games, so the listing holds only these.
        long base = 2_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000) * 86_400L;
        Game late = game(uniqueGameId(), base + 7200);
        Game early = game(uniqueGameId(), base);
        Game outside = game(uniqueGameId(), base + 86_400);
        catalogue.putGames(List.of(late, early, outside));

        Game moved = new Game(
                late.gameId(), base + 3600, "live", "basketball", "Regular Season", "TD Garden", "2026", "regular");
        catalogue.putGames(List.of(moved));

        assertThat(catalogue.games(base, base + 86_400)).containsExactly(early, moved);
        assertThat(catalogue.game(late.gameId())).contains(moved);
        assertThat(catalogue.game(uniqueGameId())).isEmpty();
    }

    @Test
    void keepsTheLastOfSeveralGamesWithOneId_inOnePut() {
        long base = 2_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000) * 86_400L;
        String id = uniqueGameId();
        Game first = game(id, base);
        Game second = game(id, base + 60);

        catalogue.putGames(List.of(first, second));

        assertThat(catalogue.game(id)).contains(second);
        assertThat(catalogue.games(base, base + 86_400)).containsExactly(second);
    }

    private static Game game(String id, long gameDate) {
        return new Game(id, gameDate, Game.SCHEDULED, "basketball", "Regular Season", "TD Garden", "2026", "regular");
    }
}
