package io.sportsfeeds.core.port;

import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.Game;
import io.sportsfeeds.core.domain.HistoryQuery;
import io.sportsfeeds.core.domain.OddsUpdate;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the odds history and the latest odds of every game and market, the games and the
 * clients. Every method may throw {@link io.sportsfeeds.core.domain.StoreUnavailableException}.
 */
public interface FeedStore {

  /**
   * Stores, all or nothing and durably before returning, every update whose identity was not
   * stored before (earlier in the list counts). Each stored update gets the next sequence number
   * of its game, in list order, and becomes its market's latest odds.
   *
   * @return one outcome per update, in list order
   */
  List<AppendOutcome> append(List<OddsUpdate> updates);

  /** The latest odds of each market of a game, ordered by market. */
  List<CapturedChange> latest(String gameId);

  /** A game's stored updates in sequence order, oldest first, filtered as the query says. */
  List<CapturedChange> history(HistoryQuery query);

  /**
   * A game's updates with a sequence number above {@code afterSeq}, in sequence order, at most
   * {@code limit} (nothing when {@code limit < 1}; a negative {@code afterSeq} counts as 0).
   */
  List<CapturedChange> changesAfter(String gameId, long afterSeq, int limit);

  /** Adds or replaces games (by id). */
  void putGames(List<Game> games);

  Optional<Game> game(String gameId);

  /** Games starting in {@code [fromEpochSecond, toEpochSecond)}, by start time then id. */
  List<Game> games(long fromEpochSecond, long toEpochSecond);

  /** Adds or replaces clients (by id). */
  void putClients(List<Client> clients);

  Optional<Client> client(String clientId);

  /** Every client, by id. */
  List<Client> clients();
}
