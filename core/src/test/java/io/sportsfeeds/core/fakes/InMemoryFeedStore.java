package io.sportsfeeds.core.fakes;

import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.Game;
import io.sportsfeeds.core.domain.HistoryQuery;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.port.FeedStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A feed store in memory, for tests of what uses one. Can be told to fail. */
public final class InMemoryFeedStore implements FeedStore {
  private final Clock clock;
  private final Map<String, List<CapturedChange>> historyByGame = new HashMap<>();
  private final Map<String, Map<String, Long>> seqByIdentityByGame = new HashMap<>();
  private final Map<String, Game> games = new HashMap<>();
  private final Map<String, Client> clients = new TreeMap<>();
  private final List<Consumer<List<CapturedChange>>> commitListeners = new CopyOnWriteArrayList<>();
  private volatile boolean failing;

  public InMemoryFeedStore(Clock clock) {
    this.clock = clock;
  }

  /** From now on every call fails as an unreachable store would (or works again). */
  public void failing(boolean failing) {
    this.failing = failing;
  }

  /** Called with the changes of each append, in commit order, while the store's lock is held. */
  void onCommit(Consumer<List<CapturedChange>> listener) {
    commitListeners.add(listener);
  }

  @Override
  public synchronized List<AppendOutcome> append(List<OddsUpdate> updates) {
    checkAvailable();
    List<AppendOutcome> outcomes = new ArrayList<>(updates.size());
    List<CapturedChange> committed = new ArrayList<>();
    for (OddsUpdate update : updates) {
      Map<String, Long> seen = seqByIdentityByGame.computeIfAbsent(update.gameId(), g -> new HashMap<>());
      Long earlier = seen.get(update.identity());
      if (earlier != null) {
        outcomes.add(new AppendOutcome(update.gameId(), earlier, true));
        continue;
      }
      List<CapturedChange> history = historyByGame.computeIfAbsent(update.gameId(), g -> new ArrayList<>());
      CapturedChange change = new CapturedChange(history.size() + 1L, clock.instant(), update);
      history.add(change);
      seen.put(update.identity(), change.seq());
      committed.add(change);
      outcomes.add(new AppendOutcome(update.gameId(), change.seq(), false));
    }
    commitListeners.forEach(listener -> listener.accept(List.copyOf(committed)));
    return outcomes;
  }

  @Override
  public synchronized List<CapturedChange> latest(String gameId) {
    checkAvailable();
    Map<String, CapturedChange> byMarket = new TreeMap<>();
    historyByGame.getOrDefault(gameId, List.of()).forEach(change -> byMarket.put(change.market(), change));
    return List.copyOf(byMarket.values());
  }

  @Override
  public synchronized List<CapturedChange> history(HistoryQuery query) {
    checkAvailable();
    return historyByGame.getOrDefault(query.gameId(), List.of()).stream()
        .filter(query::covers)
        .limit(query.limit())
        .toList();
  }

  @Override
  public synchronized List<CapturedChange> changesAfter(String gameId, long afterSeq, int limit) {
    checkAvailable();
    return historyByGame.getOrDefault(gameId, List.of()).stream()
        .filter(change -> change.seq() > afterSeq)
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized void putGames(List<Game> newGames) {
    checkAvailable();
    newGames.forEach(game -> games.put(game.gameId(), game));
  }

  @Override
  public synchronized Optional<Game> game(String gameId) {
    checkAvailable();
    return Optional.ofNullable(games.get(gameId));
  }

  @Override
  public synchronized List<Game> games(long fromEpochSecond, long toEpochSecond) {
    checkAvailable();
    return games.values().stream()
        .filter(game -> game.gameDate() >= fromEpochSecond && game.gameDate() < toEpochSecond)
        .sorted(Comparator.comparingLong(Game::gameDate).thenComparing(Game::gameId))
        .toList();
  }

  @Override
  public synchronized void putClients(List<Client> newClients) {
    checkAvailable();
    newClients.forEach(client -> clients.put(client.clientId(), client));
  }

  @Override
  public synchronized Optional<Client> client(String clientId) {
    checkAvailable();
    return Optional.ofNullable(clients.get(clientId));
  }

  @Override
  public synchronized List<Client> clients() {
    checkAvailable();
    return List.copyOf(clients.values());
  }

  private void checkAvailable() {
    if (failing) {
      throw new StoreUnavailableException("the in-memory store was told to fail");
    }
  }
}
