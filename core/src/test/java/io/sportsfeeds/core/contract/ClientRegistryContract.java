package io.sportsfeeds.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.SecretHash;
import io.sportsfeeds.core.port.ClientRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
}
