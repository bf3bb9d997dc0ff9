package io.sportsfeeds.core.port;

import io.sportsfeeds.core.domain.Client;
import java.util.List;
import java.util.Optional;

/**
 * The analysts' clients, active or not. Every method may throw {@link
 * io.sportsfeeds.core.domain.StoreUnavailableException}.
 */
public interface ClientRegistry {

    /** Adds or replaces clients (by id); the last of several clients with one id wins. */
    void putClients(List<Client> clients);

    Optional<Client> client(String clientId);

    /** Every client, by id. */
    List<Client> clients();
}
