package io.sportsfeeds.core.usecase;

import io.sportsfeeds.core.domain.BatchReader;
import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.ClientRegistration;
import io.sportsfeeds.core.domain.LimitExceededException;
import io.sportsfeeds.core.domain.SecretHash;
import io.sportsfeeds.core.port.ClientRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Registers the analysts' clients and lists them. Every client stored has a secret: the one the
 * admin sent ({@code "secret"}), else the one it had, else a new one, which is answered once and
 * never again (only its hash is kept). A known client keeps its name and whether it is active when
 * the request leaves them out.
 */
public final class RegisterClients {
    public static final int MAX_BATCH = 1_000;

    /**
     * The most clients of one request that may carry a chosen secret. Each is hashed with {@link
     * ClientSecrets#CHOSEN_ITERATIONS} rounds of PBKDF2, about a quarter of a second on a core and
     * nearly twice that on a Lambda function's default share of one: more would not be answered
     * within API Gateway's 29 s, and the admin would get a timeout instead of an answer.
     */
    public static final int MAX_CHOSEN_SECRETS = 40;

    /** How many times a client is read, merged and written before its conflicts fail the request. */
    public static final int MAX_ATTEMPTS = 5;

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

    /**
     * Registers {@code {"clients": [...]}}: every client valid, or none stored. Each client is read
     * and merged, then written on condition that it is still as read; one that another request
     * changed meanwhile is read and merged again, up to {@link #MAX_ATTEMPTS} times, so concurrent
     * registrations of one client never lose a change. The clients are not written atomically
     * together: when a client keeps conflicting ({@link RegistrationConflictException}) the others
     * were stored, and the failure carries the secrets made for the new ones among them; when the
     * store fails ({@code StoreUnavailableException}) some of them may have been stored, and a
     * secret made for one of those is never answered (register it again with a chosen {@code
     * secret}).
     *
     * @throws io.sportsfeeds.core.domain.LimitExceededException when more than {@value
     *     #MAX_BATCH} clients are given, or more than {@value #MAX_CHOSEN_SECRETS} with a chosen
     *     secret (nothing is stored)
     */
    public Registration register(Map<String, ?> document) {
        List<ClientRegistration> read = BatchReader.read(document, "clients", MAX_BATCH, ClientRegistration::read);
        Map<String, ClientRegistration> lastById = new LinkedHashMap<>();
        Map<String, Integer> indexById = new HashMap<>();
        for (int i = 0; i < read.size(); i++) {
            ClientRegistration registration = read.get(i);
            lastById.remove(registration.client().clientId()); // in the order of the last
            lastById.put(registration.client().clientId(), registration);
            indexById.put(registration.client().clientId(), i);
        }
        long chosenCount = lastById.values().stream()
                .filter(registration -> registration.secret() != null)
                .count();
        if (chosenCount > MAX_CHOSEN_SECRETS) {
            throw new LimitExceededException(
                    "clients", MAX_CHOSEN_SECRETS, chosenCount, "clients with a chosen secret");
        }
        // Hashed before the first read (a quarter of a second each): the read-to-write window stays short.
        Map<String, SecretHash> chosen = new HashMap<>();
        lastById.forEach((clientId, registration) -> {
            if (registration.secret() != null) {
                chosen.put(clientId, secrets.hash(registration.secret()));
            }
        });
        Map<String, Client> clients = new LinkedHashMap<>();
        Map<String, String> newSecrets = new HashMap<>();
        Set<String> pending = lastById.keySet();
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (attempt > MAX_ATTEMPTS) {
                throw conflict(pending, lastById.keySet(), indexById, newSecrets);
            }
            Map<String, Client> stored = store.clients(pending);
            List<ClientRegistry.Change> changes = new ArrayList<>();
            for (String clientId : pending) {
                Optional<Client> before = Optional.ofNullable(stored.get(clientId));
                Client client = merge(lastById.get(clientId), before, chosen.get(clientId), newSecrets);
                clients.put(clientId, client);
                changes.add(new ClientRegistry.Change(before, client));
            }
            Set<String> conflicts = store.putClientsIfUnchanged(changes);
            pending = lastById.keySet().stream() // in request order
                    .filter(conflicts::contains)
                    .collect(Collectors.toCollection(LinkedHashSet::new));
        }
        return new Registration(List.copyOf(clients.values()), madeFor(lastById.keySet(), newSecrets));
    }

    /** The failure of clients that kept conflicting, with the secrets made for the new clients stored. */
    private static RegistrationConflictException conflict(
            Set<String> notStored,
            Set<String> requested,
            Map<String, Integer> indexById,
            Map<String, String> newSecrets) {
        List<String> stored = requested.stream()
                .filter(clientId -> !notStored.contains(clientId))
                .toList();
        return new RegistrationConflictException(
                notStored.stream()
                        .map(clientId -> "clients[" + indexById.get(clientId) + "]")
                        .toList(),
                madeFor(stored, newSecrets),
                MAX_ATTEMPTS);
    }

    /** The secrets made for these clients (those that got one), in their order. */
    private static Map<String, String> madeFor(Collection<String> clientIds, Map<String, String> newSecrets) {
        Map<String, String> made = new LinkedHashMap<>();
        clientIds.stream()
                .filter(newSecrets::containsKey)
                .forEach(clientId -> made.put(clientId, newSecrets.get(clientId)));
        return made;
    }

    /**
     * The client to store: the registration over the stored client, with a secret: the one given
     * ({@code chosen}, its hash, or null), else the one stored, else a new one (put in {@code
     * newSecrets}; dropped from it when a client read again turns out to have one).
     */
    private Client merge(
            ClientRegistration registration,
            Optional<Client> stored,
            SecretHash chosen,
            Map<String, String> newSecrets) {
        Client client = registration.over(stored);
        newSecrets.remove(client.clientId());
        if (chosen != null) {
            return client.withSecretHash(chosen);
        }
        Optional<SecretHash> kept = stored.map(Client::secretHash);
        if (kept.isPresent()) {
            return client.withSecretHash(kept.get());
        }
        ClientSecrets.Generated generated = secrets.generate();
        newSecrets.put(client.clientId(), generated.secret());
        return client.withSecretHash(generated.hash());
    }

    public List<Client> list() {
        return store.clients();
    }
}
