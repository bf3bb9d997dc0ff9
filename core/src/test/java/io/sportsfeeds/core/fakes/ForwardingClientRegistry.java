package io.sportsfeeds.core.fakes;

import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.port.ClientRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A registry that passes every call to another: a test overrides the calls it counts or interleaves
 * with (another request's write between a read and a write, say).
 */
public class ForwardingClientRegistry implements ClientRegistry {
    private final ClientRegistry delegate;

    public ForwardingClientRegistry(ClientRegistry delegate) {
        this.delegate = delegate;
    }

    @Override
    public void putClients(List<Client> clients) {
        delegate.putClients(clients);
    }

    @Override
    public Set<String> putClientsIfUnchanged(List<Change> changes) {
        return delegate.putClientsIfUnchanged(changes);
    }

    @Override
    public Optional<Client> client(String clientId) {
        return delegate.client(clientId);
    }

    @Override
    public Map<String, Client> clients(Collection<String> clientIds) {
        return delegate.clients(clientIds);
    }

    @Override
    public List<Client> clients() {
        return delegate.clients();
    }
}
