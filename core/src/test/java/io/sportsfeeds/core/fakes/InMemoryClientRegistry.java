package io.sportsfeeds.core.fakes;

import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.port.ClientRegistry;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A client registry in memory, for tests of what uses one. Can be told to fail. */
public final class InMemoryClientRegistry implements ClientRegistry {
    private final Map<String, Client> clients = new TreeMap<>();
    private boolean failing;

    /** From now on every call fails as an unreachable store would (or works again). */
    public synchronized void failing(boolean failing) {
        this.failing = failing;
    }

    @Override
    public synchronized void putClients(List<Client> newClients) {
        checkAvailable();
        newClients.forEach(client -> clients.put(client.clientId(), client));
    }

    @Override
    public synchronized Set<String> putClientsIfUnchanged(List<Change> changes) {
        checkAvailable();
        Set<String> conflicts = new TreeSet<>();
        for (Change change : changes) {
            String clientId = change.client().clientId();
            if (Optional.ofNullable(clients.get(clientId)).equals(change.expected())) {
                clients.put(clientId, change.client());
            } else {
                conflicts.add(clientId);
            }
        }
        return conflicts;
    }

    @Override
    public synchronized Optional<Client> client(String clientId) {
        checkAvailable();
        return Optional.ofNullable(clients.get(clientId));
    }

    @Override
    public synchronized Map<String, Client> clients(Collection<String> clientIds) {
        checkAvailable();
        Map<String, Client> found = new HashMap<>();
        for (String clientId : clientIds) {
            Client client = clients.get(clientId);
            if (client != null) {
                found.put(clientId, client);
            }
        }
        return Map.copyOf(found);
    }

    @Override
    public synchronized List<Client> clients() {
        checkAvailable();
        return List.copyOf(clients.values());
    }

    private void checkAvailable() {
        if (failing) {
            throw new StoreUnavailableException("the in-memory registry was told to fail");
        }
    }
}
