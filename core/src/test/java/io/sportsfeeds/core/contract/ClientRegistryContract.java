package io.sportsfeeds.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.SecretHash;
import io.sportsfeeds.core.port.ClientRegistry;
import io.sportsfeeds.core.port.ClientRegistry.Change;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ClientRegistry} does. An adapter's test extends this and supplies the registry. */
public abstract class ClientRegistryContract {
    private ClientRegistry registry;

    /** A registry that may hold other tests' clients. */
    protected abstract ClientRegistry newRegistry();

    @BeforeEach
    void createRegistry() {
        registry = newRegistry();
    }

    @Test
    void keepsClients_andReplacesAClientWithTheSameId() {
        String id = "client-" + UUID.randomUUID();
        registry.putClients(List.of(new Client(id, "Trading desk", true)));

        registry.putClients(List.of(new Client(id, "Trading desk", false)));

        assertThat(registry.client(id)).contains(new Client(id, "Trading desk", false));
        assertThat(registry.clients())
                .contains(new Client(id, "Trading desk", false))
                .doesNotHaveDuplicates();
        assertThat(registry.clients()).isSortedAccordingTo(Comparator.comparing(Client::clientId));
        assertThat(registry.client("client-" + UUID.randomUUID())).isEmpty();
    }

    @Test
    void keepsTheLastOfSeveralClientsWithOneId_inOnePut() {
        String id = "client-" + UUID.randomUUID();

        registry.putClients(List.of(new Client(id, "First", true), new Client(id, "Second", false)));

        assertThat(registry.client(id)).contains(new Client(id, "Second", false));
    }

    @Test
    void keepsTheSecretHash_andAClientWithoutOneStaysWithout() {
        String withSecret = "client-" + UUID.randomUUID();
        String without = "client-" + UUID.randomUUID();
        SecretHash hash = SecretHash.of(1_000, "0123456789abcdef".getBytes(StandardCharsets.US_ASCII), new byte[32]);

        registry.putClients(
                List.of(new Client(withSecret, "Trading desk", true, hash), new Client(without, null, true)));

        assertThat(registry.client(withSecret)).contains(new Client(withSecret, "Trading desk", true, hash));
        assertThat(registry.client(without)).contains(new Client(without, null, true, null));
        assertThat(registry.clients())
                .contains(new Client(withSecret, "Trading desk", true, hash), new Client(without, null, true, null));
    }

    @Test
    void readsManyClientsAtOnce_andLeavesUnknownIdsOut() {
        String prefix = "client-" + UUID.randomUUID() + "-";
        List<Client> stored = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            stored.add(new Client(prefix + i, i % 3 == 0 ? null : "Desk " + i, i % 2 == 0));
        }
        registry.putClients(stored);
        List<String> ids = new ArrayList<>(stored.stream().map(Client::clientId).toList());
        ids.add(prefix + "unknown-1");
        ids.add(prefix + "unknown-2");
        ids.add(prefix + 7); // asked for twice

        Map<String, Client> read = registry.clients(ids);

        assertThat(read)
                .containsExactlyInAnyOrderEntriesOf(
                        stored.stream().collect(Collectors.toMap(Client::clientId, Function.identity())));
        assertThat(registry.clients(List.of())).isEmpty();
        assertThat(registry.clients(List.of(prefix + "unknown-3"))).isEmpty();
    }

    private static SecretHash hash(int seed) {
        byte[] salt = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        byte[] value = new byte[32];
        value[0] = (byte) seed;
        return SecretHash.of(1_000, salt, value);
    }

    @Test
    void writesAClient_whenTheStoredOneIsStillTheOneExpected() {
        String id = "client-" + UUID.randomUUID();
        Client created = new Client(id, "Trading desk", true, hash(1));
        Client renamed = new Client(id, "Trading desk B", false, hash(2));
        Client unnamed = new Client(id, null, false, null);

        assertThat(registry.putClientsIfUnchanged(List.of(new Change(Optional.empty(), created))))
                .isEmpty();
        assertThat(registry.putClientsIfUnchanged(List.of(new Change(Optional.of(created), renamed))))
                .isEmpty();
        assertThat(registry.putClientsIfUnchanged(List.of(new Change(Optional.of(renamed), unnamed))))
                .isEmpty();
        assertThat(registry.putClientsIfUnchanged(List.of(new Change(Optional.of(unnamed), created))))
                .isEmpty();

        assertThat(registry.client(id)).contains(created);
        assertThat(registry.clients())
                .filteredOn(client -> client.clientId().equals(id))
                .containsExactly(created);
    }

    @Test
    void writesNothing_andAnswersTheId_whenAnotherClientIsStored() {
        String id = "client-" + UUID.randomUUID();
        Client stored = new Client(id, "Trading desk", false, hash(1));
        registry.putClients(List.of(stored));
        Client readBefore = new Client(id, "Trading desk", true, hash(1));
        Client otherSecret = new Client(id, "Trading desk", false, hash(2));
        Client otherName = new Client(id, "Trading desk B", false, hash(1));
        Client unnamed = new Client(id, null, false, hash(1));
        Client wanted = new Client(id, "Mine", true, hash(3));

        for (Client expected : List.of(readBefore, otherSecret, otherName, unnamed)) {
            assertThat(registry.putClientsIfUnchanged(List.of(new Change(Optional.of(expected), wanted))))
                    .as("expecting %s", expected)
                    .containsExactly(id);
        }
        assertThat(registry.putClientsIfUnchanged(List.of(new Change(Optional.empty(), wanted))))
                .containsExactly(id);
        assertThat(registry.client(id)).contains(stored);
    }

    @Test
    void writesNothing_andAnswersTheId_whenTheClientExpectedIsNotStored() {
        String id = "client-" + UUID.randomUUID();

        Set<String> conflicts = registry.putClientsIfUnchanged(
                List.of(new Change(Optional.of(new Client(id, "Gone", true)), new Client(id, "Back", true))));

        assertThat(conflicts).containsExactly(id);
        assertThat(registry.client(id)).isEmpty();
    }

    @Test
    void writesTheUnchangedClients_andAnswersOnlyTheOthers_inOneCall() {
        String prefix = "client-" + UUID.randomUUID() + "-";
        Client kept = new Client(prefix + "kept", "Kept", true, hash(1));
        Client changed = new Client(prefix + "changed", "Changed", true, hash(1));
        registry.putClients(List.of(kept, changed));
        registry.putClients(List.of(new Client(changed.clientId(), "Changed", false, hash(1))));

        Set<String> conflicts = registry.putClientsIfUnchanged(List.of(
                new Change(Optional.of(kept), new Client(kept.clientId(), "Kept", false, hash(2))),
                new Change(Optional.of(changed), new Client(changed.clientId(), "Changed", true, hash(2))),
                new Change(Optional.empty(), new Client(prefix + "new", "New", true, hash(3)))));

        assertThat(conflicts).containsExactly(changed.clientId());
        assertThat(registry.clients(List.of(kept.clientId(), changed.clientId(), prefix + "new")))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        kept.clientId(),
                        new Client(kept.clientId(), "Kept", false, hash(2)),
                        changed.clientId(),
                        new Client(changed.clientId(), "Changed", false, hash(1)),
                        prefix + "new",
                        new Client(prefix + "new", "New", true, hash(3))));
    }

    @Test
    void letsOneWriterOfThoseExpectingTheSameClientWrite_whenTheyWriteAtOnce() throws Exception {
        String id = "client-" + UUID.randomUUID();
        Client stored = new Client(id, "Trading desk", true, hash(1));
        registry.putClients(List.of(stored));

        List<Client> wanted = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            wanted.add(new Client(id, i % 2 == 0 ? "Trading desk" : "Desk " + i, i % 3 != 0, hash(10 + i)));
        }
        List<Set<String>> answers = atOnce(wanted.stream()
                .map(client -> (Callable<Set<String>>)
                        () -> registry.putClientsIfUnchanged(List.of(new Change(Optional.of(stored), client))))
                .toList());

        List<Client> winners = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            if (answers.get(i).isEmpty()) {
                winners.add(wanted.get(i));
            } else {
                assertThat(answers.get(i)).containsExactly(id);
            }
        }
        assertThat(winners).hasSize(1);
        assertThat(registry.client(id)).contains(winners.getFirst());
    }

    @Test
    void letsAtMostOneWriterCreateAClient_whenSeveralCreateItAtOnceUnderOtherNames() throws Exception {
        String id = "client-" + UUID.randomUUID();
        List<Client> wanted = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            wanted.add(new Client(id, "Desk " + i, true, hash(i)));
        }

        List<Set<String>> answers = atOnce(wanted.stream()
                .map(client -> (Callable<Set<String>>)
                        () -> registry.putClientsIfUnchanged(List.of(new Change(Optional.empty(), client))))
                .toList());

        List<Client> winners = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            if (answers.get(i).isEmpty()) {
                winners.add(wanted.get(i));
            }
        }
        assertThat(winners).hasSizeLessThanOrEqualTo(1);
        if (winners.size() == 1) {
            assertThat(registry.client(id)).contains(winners.getFirst());
        }
    }

    private static <T> List<T> atOnce(List<Callable<T>> calls) throws Exception {
        List<Future<T>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(calls.size())) {
            CountDownLatch start = new CountDownLatch(1);
            for (Callable<T> call : calls) {
                futures.add(threads.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
        }
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get());
        }
        return results;
    }
}
