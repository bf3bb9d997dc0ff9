package io.sportsfeeds.core.port;

import io.sportsfeeds.core.domain.Client;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The analysts' clients, active or not. Every method may throw {@link
 * io.sportsfeeds.core.domain.StoreUnavailableException}.
 */
public interface ClientRegistry {

    /** Adds or replaces clients (by id); the last of several clients with one id wins. */
    void putClients(List<Client> clients);

    Optional<Client> client(String clientId);

    /**
     * The stored clients of these ids, by id, read as {@link #client} reads one (strongly
     * consistent); an id with no client is absent from the answer. One call for many ids (a whole
     * registration), so that an adapter can read them at once rather than one after another.
     */
    Map<String, Client> clients(Collection<String> clientIds);

    /** Every client, by id. */
    List<Client> clients();
}
