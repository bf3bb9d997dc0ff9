package io.sportsfeeds.api.http;

import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.Game;
import io.sportsfeeds.core.domain.HistoryQuery;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.port.ClientRegistry;
import io.sportsfeeds.core.port.GameCatalogue;
import io.sportsfeeds.core.port.OddsStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Stores with a bug: every call fails with an exception no adapter should let out. */
final class BrokenStore implements OddsStore, GameCatalogue, ClientRegistry {
    private static IllegalStateException bug() {
        return new IllegalStateException("secret internal detail");
    }

    @Override
    public List<AppendOutcome> append(List<OddsUpdate> updates) {
        throw bug();
    }

    @Override
    public List<CapturedChange> latest(String gameId) {
        throw bug();
    }

    @Override
    public List<CapturedChange> history(HistoryQuery query) {
        throw bug();
    }

    @Override
    public List<CapturedChange> changesAfter(String gameId, long afterSeq, int limit) {
        throw bug();
    }

    @Override
    public String epoch() {
        throw bug();
    }

    @Override
    public void putGames(List<Game> games) {
        throw bug();
    }

    @Override
    public Optional<Game> game(String gameId) {
        throw bug();
    }

    @Override
    public List<Game> games(long fromEpochSecond, long toEpochSecond) {
        throw bug();
    }

    @Override
    public void putClients(List<Client> clients) {
        throw bug();
    }

    @Override
    public Set<String> putClientsIfUnchanged(List<Change> changes) {
        throw bug();
    }

    @Override
    public Optional<Client> client(String clientId) {
        throw bug();
    }

    @Override
    public Map<String, Client> clients(Collection<String> clientIds) {
        throw bug();
    }

    @Override
    public List<Client> clients() {
        throw bug();
    }
}
