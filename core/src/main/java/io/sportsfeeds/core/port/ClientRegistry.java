package io.sportsfeeds.core.port;

import io.sportsfeeds.core.domain.Client;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The analysts' clients, active or not. Every method may throw {@link
 * io.sportsfeeds.core.domain.StoreUnavailableException}.
 */
public interface ClientRegistry {

    /**
     * Adds or replaces clients (by id), whatever is stored; the last of several clients with one id
     * wins. For seeding a registry: a registration uses {@link #putClientsIfUnchanged}.
     */
    void putClients(List<Client> clients);

    /**
     * A client to write if its id's stored client is still the one read before.
     *
     * @param expected the stored client as read (equal, as {@link #client} reads it), or empty when
     *     none was stored
     * @param client what to store in its place
     */
    record Change(Optional<Client> expected, Client client) {
        public Change {
            Objects.requireNonNull(expected, "expected");
            Objects.requireNonNull(client, "client");
            expected.ifPresent(before -> {
                if (!before.clientId().equals(client.clientId())) {
                    throw new IllegalArgumentException("a change keeps its client id: expected " + before.clientId()
                            + ", was " + client.clientId());
                }
            });
        }
    }

    /**
     * Writes each change's client on condition that the stored client of its id is still the
     * expected one (none, when it expects none), checked and written atomically per client, so two
     * writers that read the same client cannot both write over it. Each client is written on its
     * own: a failure may leave some of the changes written and not others.
     *
     * @param changes at most one per client id
     * @return the ids of the clients not written because another client (or none) was stored
     */
    Set<String> putClientsIfUnchanged(List<Change> changes);

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
