package io.sportsfeeds.core.contract;

import static io.sportsfeeds.core.fakes.Updates.uniqueGameId;
import static io.sportsfeeds.core.fakes.Updates.update;
import static io.sportsfeeds.core.fakes.Updates.withProviderId;
import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.Game;
import io.sportsfeeds.core.domain.HistoryQuery;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.port.FeedStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link FeedStore} does. An adapter's test extends this and supplies the store. */
public abstract class FeedStoreContract {
  protected final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T19:31:00Z"));
  private FeedStore store;

  /** A store that reads time from {@code clock}; it may hold other tests' data. */
  protected abstract FeedStore newStore(MutableClock clock);

  @BeforeEach
  void createStore() {
    store = newStore(clock);
  }

  @Test
  void assignsGapFreeSequenceFromOnePerGame_inListOrder() {
    String gameA = uniqueGameId();
    String gameB = uniqueGameId();

    List<AppendOutcome> outcomes =
        store.append(
            List.of(
                update(gameA, "spread", -110, 1_764_617_400L),
                update(gameB, "spread", -110, 1_764_617_400L),
                update(gameA, "moneyline", 150, 1_764_617_401L),
                update(gameA, "spread", -115, 1_764_617_402L)));

    assertThat(outcomes)
        .containsExactly(
            new AppendOutcome(gameA, 1, false),
            new AppendOutcome(gameB, 1, false),
            new AppendOutcome(gameA, 2, false),
            new AppendOutcome(gameA, 3, false));
    assertThat(store.append(List.of(update(gameA, "total", 200, 1_764_617_403L))))
        .containsExactly(new AppendOutcome(gameA, 4, false));
  }

  @Test
  void keepsBothUpdates_whenTheyDifferWithinTheSameSecond() {
    String game = uniqueGameId();

    store.append(List.of(update(game, "spread", -110, 1_764_617_400L), update(game, "spread", -112, 1_764_617_400L)));

    assertThat(history(game)).extracting(c -> c.update().homeOdds()).containsExactly(-110.0, -112.0);
  }

  @Test
  void storesOnceAndReportsDuplicate_whenTheSameUpdateIsPostedTwice() {
    String game = uniqueGameId();
    OddsUpdate update = update(game, "spread", -110, 1_764_617_400L);
    store.append(List.of(update, update(game, "spread", -105, 1_764_617_401L)));

    List<AppendOutcome> again = store.append(List.of(update, update(game, "spread", -100, 1_764_617_402L)));

    assertThat(again).containsExactly(new AppendOutcome(game, 1, true), new AppendOutcome(game, 3, false));
    assertThat(history(game)).extracting(CapturedChange::seq).containsExactly(1L, 2L, 3L);
  }

  @Test
  void reportsDuplicate_whenTheProviderIdRepeatsWithOtherPrices() {
    String game = uniqueGameId();
    String id = "prov-" + UUID.randomUUID();
    store.append(List.of(withProviderId(game, "moneyline", -150, 1_764_617_401L, id)));

    List<AppendOutcome> again = store.append(List.of(withProviderId(game, "moneyline", -160, 1_764_617_405L, id)));

    assertThat(again).containsExactly(new AppendOutcome(game, 1, true));
    assertThat(history(game)).singleElement().satisfies(c -> assertThat(c.update().homeOdds()).isEqualTo(-150.0));
  }

  @Test
  void reportsDuplicate_whenTheSameUpdateAppearsTwiceInOneAppend() {
    String game = uniqueGameId();
    OddsUpdate update = update(game, "spread", -110, 1_764_617_400L);

    assertThat(store.append(List.of(update, update)))
        .containsExactly(new AppendOutcome(game, 1, false), new AppendOutcome(game, 1, true));
    assertThat(history(game)).hasSize(1);
  }

  @Test
  void recordsTheStoreTime_fromTheClock() {
    String game = uniqueGameId();
    clock.set(Instant.parse("2026-12-01T19:35:00.123Z"));

    store.append(List.of(update(game, "spread", -110, 1_764_617_400L)));

    assertThat(history(game)).singleElement().satisfies(c -> assertThat(c.storedAt()).isEqualTo(clock.instant()));
  }

  @Test
  void keepsEveryFieldOfTheUpdate() {
    String game = uniqueGameId();
    OddsUpdate full =
        new OddsUpdate(game, "spread", 3.5, -3.5, -115, -105, 1_764_617_460_123L, false, "Lakers @ Celtics", "2026-12-01 19:30:00.000", "prov-1");

    store.append(List.of(full));

    assertThat(history(game)).singleElement().satisfies(c -> assertThat(c.update()).isEqualTo(full));
    assertThat(store.latest(game)).singleElement().satisfies(c -> assertThat(c.update()).isEqualTo(full));
  }

  @Test
  void answersTheLatestOddsOfEachMarket_orderedByMarket() {
    String game = uniqueGameId();
    store.append(
        List.of(
            update(game, "spread", -110, 1_764_617_400L),
            update(game, "moneyline", 150, 1_764_617_401L),
            update(game, "spread", -120, 1_764_617_402L)));

    assertThat(store.latest(game))
        .extracting(CapturedChange::market, CapturedChange::seq)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("moneyline", 2L), org.assertj.core.groups.Tuple.tuple("spread", 3L));
  }

  @Test
  void answersNothing_forAGameWithoutOdds() {
    String game = uniqueGameId();

    assertThat(store.latest(game)).isEmpty();
    assertThat(history(game)).isEmpty();
    assertThat(store.changesAfter(game, 0, 10)).isEmpty();
  }

  @Test
  void answersHistoryOldestFirst_filteredByMarketTimeAndLimit() {
    String game = uniqueGameId();
    store.append(
        IntStream.range(0, 10)
            .mapToObj(i -> update(game, i % 2 == 0 ? "spread" : "total", -100 - i, 1_764_617_400L + i))
            .toList());

    List<CapturedChange> spreads =
        store.history(new HistoryQuery(game, Optional.of("spread"), 1_764_617_402_000L, 1_764_617_408_000L, 2));

    assertThat(spreads).extracting(CapturedChange::seq).containsExactly(3L, 5L);
    assertThat(store.history(new HistoryQuery(game, Optional.empty(), 0, Long.MAX_VALUE, 100)))
        .extracting(CapturedChange::seq)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
  }

  @Test
  void answersChangesAfterASequenceNumber_inOrderUpToTheLimit() {
    String game = uniqueGameId();
    store.append(IntStream.range(0, 6).mapToObj(i -> update(game, "spread", -100 - i, 1_764_617_400L + i)).toList());

    assertThat(store.changesAfter(game, 2, 3)).extracting(CapturedChange::seq).containsExactly(3L, 4L, 5L);
    assertThat(store.changesAfter(game, 6, 3)).isEmpty();
  }

  @Test
  void listsGamesByStartTime_andReplacesAGameWithTheSameId() {
    long base = 2_000_000_000L + (long) (Math.random() * 1_000_000_000L);
    Game late = game(uniqueGameId(), base + 7200);
    Game early = game(uniqueGameId(), base);
    Game outside = game(uniqueGameId(), base + 86_400);
    store.putGames(List.of(late, early, outside));

    Game moved = new Game(late.gameId(), base + 3600, "live", "basketball", "Regular Season", "TD Garden", "2026", "regular");
    store.putGames(List.of(moved));

    assertThat(store.games(base, base + 86_400)).containsExactly(early, moved);
    assertThat(store.game(late.gameId())).contains(moved);
    assertThat(store.game(uniqueGameId())).isEmpty();
  }

  @Test
  void keepsClients_andReplacesAClientWithTheSameId() {
    String id = "client-" + UUID.randomUUID();
    store.putClients(List.of(new Client(id, "Trading desk", true)));

    store.putClients(List.of(new Client(id, "Trading desk", false)));

    assertThat(store.client(id)).contains(new Client(id, "Trading desk", false));
    assertThat(store.clients()).contains(new Client(id, "Trading desk", false)).doesNotHaveDuplicates();
    assertThat(store.clients()).isSortedAccordingTo(java.util.Comparator.comparing(Client::clientId));
    assertThat(store.client("client-" + UUID.randomUUID())).isEmpty();
  }

  @Test
  void keepsStoreTimesInOrder_whenTheClockMovesOn() {
    String game = uniqueGameId();
    store.append(List.of(update(game, "spread", -110, 1_764_617_400L)));
    clock.advance(Duration.ofMillis(5));
    store.append(List.of(update(game, "spread", -111, 1_764_617_401L)));

    List<CapturedChange> changes = history(game);

    assertThat(changes.get(1).storedAt()).isEqualTo(changes.get(0).storedAt().plusMillis(5));
  }

  private List<CapturedChange> history(String game) {
    return store.history(new HistoryQuery(game, Optional.empty(), 0, Long.MAX_VALUE, HistoryQuery.MAX_LIMIT));
  }

  private static Game game(String id, long gameDate) {
    return new Game(id, gameDate, Game.SCHEDULED, "basketball", "Regular Season", "TD Garden", "2026", "regular");
  }
}
