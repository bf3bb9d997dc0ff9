package io.sportsfeeds.core.usecase;

import io.sportsfeeds.core.domain.BatchReader;
import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.ClientRegistration;
import io.sportsfeeds.core.domain.SecretHash;
import io.sportsfeeds.core.port.ClientRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Registers the analysts' clients and lists them. Every client stored has a secret: the one the
 * admin sent ({@code "secret"}), else the one it had, else a new one, which is answered once and
 * never again (only its hash is kept). A known client keeps its name and whether it is active when
 * the request leaves them out.
 */
public final class RegisterClients {
    public static final int MAX_BATCH = 1_000;

    private final ClientRegistry store;
    private final ClientSecrets secrets;

    public RegisterClients(ClientRegistry store, ClientSecrets secrets) {
        this.store = Objects.requireNonNull(store, "store");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    /**
     * What a registration stored. {@link #toString} does not show the new secrets.
     *
     * @param clients the clients stored, one per id (the last of several with one id wins)
     * @param newSecrets the secrets made for clients that had none, by client id; shown to the
     *     caller once, never stored
     */
    public record Registration(List<Client> clients, Map<String, String> newSecrets) {
        public Registration {
            clients = List.copyOf(clients);
            newSecrets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(newSecrets));
        }

        @Override
        public String toString() {
            return "Registration[clients=" + clients + ", newSecrets for " + newSecrets.keySet() + "]";
        }
    }

    /** Registers {@code {"clients": [...]}}: every client valid and stored, or none. */
    public Registration register(Map<String, ?> document) {
        List<ClientRegistration> read = BatchReader.read(document, "clients", MAX_BATCH, ClientRegistration::read);
        Map<String, ClientRegistration> lastById = new LinkedHashMap<>();
        for (ClientRegistration registration : read) {
            lastById.remove(registration.client().clientId()); // in the order of the last
            lastById.put(registration.client().clientId(), registration);
        }
        Map<String, Client> storedById = store.clients(lastById.keySet());
        List<Client> clients = new ArrayList<>();
        Map<String, String> newSecrets = new LinkedHashMap<>();
        for (ClientRegistration registration : lastById.values()) {
            Optional<Client> stored =
                    Optional.ofNullable(storedById.get(registration.client().clientId()));
            Client client = registration.over(stored);
            SecretHash hash;
            if (registration.secret() != null) {
                hash = secrets.hash(registration.secret());
            } else {
                Optional<SecretHash> kept = stored.map(Client::secretHash);
                if (kept.isPresent()) {
                    hash = kept.get();
                } else {
                    ClientSecrets.Generated generated = secrets.generate();
                    newSecrets.put(client.clientId(), generated.secret());
                    hash = generated.hash();
                }
            }
            clients.add(client.withSecretHash(hash));
        }
        store.putClients(clients);
        return new Registration(clients, newSecrets);
    }

    public List<Client> list() {
        return store.clients();
    }
}
