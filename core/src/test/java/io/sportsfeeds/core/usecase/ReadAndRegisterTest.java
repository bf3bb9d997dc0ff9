package io.sportsfeeds.core.usecase;

import static io.sportsfeeds.core.fakes.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.Game;
import io.sportsfeeds.core.domain.HistoryPage;
import io.sportsfeeds.core.domain.HistoryQuery;
import io.sportsfeeds.core.domain.InvalidInputException;
import io.sportsfeeds.core.fakes.InMemoryClientRegistry;
import io.sportsfeeds.core.fakes.InMemoryGameCatalogue;
import io.sportsfeeds.core.fakes.InMemoryOddsStore;
import io.sportsfeeds.core.fakes.MutableClock;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReadAndRegisterTest {
    private final InMemoryOddsStore store =
            new InMemoryOddsStore(new MutableClock(Instant.parse("2026-12-01T19:31:00Z")));
    private final InMemoryGameCatalogue catalogue = new InMemoryGameCatalogue();
    private final InMemoryClientRegistry registry = new InMemoryClientRegistry();

    @Test
    void readsTheLatestOddsOfOneMarket_whenAMarketIsGiven() {
        store.append(List.of(
                update("game-1", "spread", -110, 1),
                update("game-1", "total", 1.9, 2),
                update("game-1", "spread", -120, 3)));
        ReadOdds read = new ReadOdds(store);

        assertThat(read.latest("game-1", Optional.of("spread")))
                .extracting(CapturedChange::seq)
                .containsExactly(3L);
        assertThat(read.latest("game-1", Optional.empty()))
                .extracting(CapturedChange::seq)
                .containsExactly(3L, 2L);
    }

    @Test
    void pointsAfterTheLastSeqOfAHistoryPage_onlyWhenThePageIsFull() {
        store.append(List.of(
                update("game-1", "spread", -110, 1),
                update("game-1", "total", 1.9, 1),
                update("game-1", "spread", -120, 1)));
        ReadOdds read = new ReadOdds(store);

        HistoryPage full = read.history(new HistoryQuery("game-1", Optional.empty(), 0, Long.MAX_VALUE, 2, 0));
        HistoryPage last = read.history(new HistoryQuery("game-1", Optional.empty(), 0, Long.MAX_VALUE, 2, 2));

        assertThat(full.changes()).extracting(CapturedChange::seq).containsExactly(1L, 2L);
        assertThat(full.nextAfterSeq()).hasValue(2L);
        assertThat(last.changes()).extracting(CapturedChange::seq).containsExactly(3L);
        assertThat(last.nextAfterSeq()).isEmpty();
    }

    @Test
    void namesTheParameter_whenTheGameIdOrMarketBreaksTheIdRules() {
        ReadOdds read = new ReadOdds(store);

        assertThatThrownBy(() -> read.latest("bad#id", Optional.empty()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("game must contain only letters, digits, '.', '_', ':', '@' or '-', was \"bad#id\"");
        assertThatThrownBy(() -> read.latest("game-1", Optional.of(""))).hasMessage("market must not be empty");
    }

    @Test
    void listsTheGamesScheduledOnADay_inUtc() {
        RegisterGames games = new RegisterGames(catalogue);
        games.register(Map.of(
                "games",
                List.of(
                        Map.of("gameId", "game-evening", "gameDate", 1_764_617_400, "sport", "basketball"),
                        Map.of("gameId", "game-next-day", "gameDate", 1_764_633_600),
                        Map.of("gameId", "game-finished", "gameDate", 1_764_590_000, "status", "finished"),
                        Map.of("gameId", "game-morning", "gameDate", 1_764_576_000_000L))));

        assertThat(games.scheduledOn(LocalDate.parse("2025-12-01")))
                .extracting(Game::gameId)
                .containsExactly("game-morning", "game-evening");
    }

    @Test
    void registersNoGame_whenOneIsInvalid() {
        RegisterGames games = new RegisterGames(catalogue);

        assertThatThrownBy(() -> games.register(Map.of(
                        "games",
                        List.of(Map.of("gameId", "game-1", "gameDate", 1_764_617_400), Map.of("gameId", "game-2")))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("games[1].gameDate is required");
        assertThat(catalogue.game("game-1")).isEmpty();
    }

    @Test
    void registersClients_activeUnlessSaidOtherwise() {
        RegisterClients clients = new RegisterClients(registry, new ClientSecrets(new SecureRandom(), 1_000));

        clients.register(Map.of(
                "clients",
                List.of(
                        Map.of("clientId", "client-001", "name", "Trading desk A"),
                        Map.of("clientId", "client-002", "active", false))));

        assertThat(clients.list())
                .map(client -> new Client(client.clientId(), client.name(), client.active()))
                .containsExactly(
                        new Client("client-001", "Trading desk A", true), new Client("client-002", null, false));
    }
}
