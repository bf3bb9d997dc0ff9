package io.sportsfeeds.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.FieldError;
import io.sportsfeeds.core.fakes.ForwardingClientRegistry;
import io.sportsfeeds.core.fakes.InMemoryClientRegistry;
import io.sportsfeeds.core.port.ClientRegistry;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Registrations of one client at the same time: another registration runs to its end between a
 * registration's read of the stored clients and its write, as on two servers or Lambdas.
 */
class RegisterClientsConcurrencyTest {
    private final InMemoryClientRegistry stored = new InMemoryClientRegistry();
    private final InterleavingRegistry registry = new InterleavingRegistry(stored);
    private final ClientSecrets secrets = new ClientSecrets(new SecureRandom(), 1_000);
    private final RegisterClients register = new RegisterClients(registry, secrets);
    private final RegisterClients other = new RegisterClients(stored, secrets);

    private static Map<String, ?> clients(Map<?, ?>... clients) {
        return Map.of("clients", List.of(clients));
    }

    @Test
    void keepsBothChanges_whenAnotherRegistrationDeactivatesTheClientWhileOneGivesItANewSecret() {
        other.register(clients(Map.of("clientId", "client-001", "name", "Desk A", "secret", "the-first-secret-0001")));
        registry.afterEachRead(() -> other.register(clients(Map.of("clientId", "client-001", "active", false))));

        RegisterClients.Registration rotated =
                register.register(clients(Map.of("clientId", "client-001", "secret", "the-second-secret-002")));

        Client client = stored.client("client-001").orElseThrow();
        assertThat(client.active()).as("the deactivation is kept").isFalse();
        assertThat(client.name()).isEqualTo("Desk A");
        assertThat(secrets.matches("the-second-secret-002", client.secretHash()))
                .as("the new secret is kept")
                .isTrue();
        assertThat(rotated.clients()).containsExactly(client);
        assertThat(registry.reads()).as("read again after the conflict").isEqualTo(2);
    }

    @Test
    void answersNoNewSecret_andKeepsTheOtherOne_whenAnotherRegistrationCreatesTheClientMeanwhile() {
        registry.afterEachRead(() -> {
            if (stored.client("client-009").isEmpty()) {
                other.register(
                        clients(Map.of("clientId", "client-009", "name", "Desk B", "secret", "the-chosen-secret-009")));
            }
        });

        RegisterClients.Registration registration =
                register.register(clients(Map.of("clientId", "client-009", "active", false)));

        assertThat(registration.newSecrets())
                .as("its secret was made by the other")
                .isEmpty();
        Client client = stored.client("client-009").orElseThrow();
        assertThat(client.name()).isEqualTo("Desk B");
        assertThat(client.active()).isFalse();
        assertThat(secrets.matches("the-chosen-secret-009", client.secretHash()))
                .isTrue();
    }

    @Test
    void failsNamingEveryClientNotStored_andAnswersTheSecretsMadeForTheNewOnesStored_whenClientsKeepChanging() {
        AtomicInteger changes = new AtomicInteger();
        registry.afterEachRead(() -> other.register(clients(
                Map.of("clientId", "client-002", "name", "Renamed " + changes.incrementAndGet()),
                Map.of("clientId", "client-004", "name", "Renamed " + changes.get()))));

        assertThatThrownBy(() -> register.register(clients(
                        Map.of("clientId", "client-002", "name", "First"),
                        Map.of("clientId", "client-003"),
                        Map.of("clientId", "client-002", "active", false),
                        Map.of("clientId", "client-004", "active", false))))
                .isInstanceOfSatisfying(RegistrationConflictException.class, conflict -> {
                    assertThat(conflict.fields())
                            .containsExactly(
                                    new FieldError(
                                            "clients[2]",
                                            "was changed by another request at the same time, 5 times in a row"),
                                    new FieldError(
                                            "clients[3]",
                                            "was changed by another request at the same time, 5 times in a row"));
                    // client-003 is new and was stored: its made secret is told nowhere else.
                    assertThat(conflict.storedNewSecrets()).containsOnlyKeys("client-003");
                    assertThat(secrets.matches(
                                    conflict.storedNewSecrets().get("client-003"),
                                    stored.client("client-003").orElseThrow().secretHash()))
                            .isTrue();
                })
                .hasMessage("clients[2], clients[3] not stored: other requests changed them at the same time,"
                        + " 5 times in a row; the request's other clients were stored, the secrets made for the new"
                        + " ones are in secrets; send those named again");

        assertThat(registry.reads()).isEqualTo(RegisterClients.MAX_ATTEMPTS);
        assertThat(stored.client("client-002").orElseThrow().name()).isEqualTo("Renamed 5");
        assertThat(stored.client("client-004").orElseThrow().active())
                .as("the other request's, not this one's")
                .isTrue();
    }

    @Test
    void readsEveryClientOfARegistrationInOneCall() {
        register.register(clients(
                Map.of("clientId", "client-004"), Map.of("clientId", "client-005"), Map.of("clientId", "client-006")));

        assertThat(registry.reads()).isEqualTo(1);
        assertThat(stored.clients()).hasSize(3);
    }

    /**
     * A registry that runs something (another registration) after each read by the use case, once
     * the read's answer is known; counts the reads. Reading one client at a time is not expected.
     */
    private static final class InterleavingRegistry extends ForwardingClientRegistry {
        private final AtomicInteger reads = new AtomicInteger();
        private Runnable afterRead = () -> {};

        InterleavingRegistry(ClientRegistry delegate) {
            super(delegate);
        }

        void afterEachRead(Runnable afterRead) {
            this.afterRead = afterRead;
        }

        int reads() {
            return reads.get();
        }

        @Override
        public Map<String, Client> clients(Collection<String> clientIds) {
            reads.incrementAndGet();
            Map<String, Client> read = super.clients(clientIds);
            afterRead.run();
            return read;
        }

        @Override
        public Optional<Client> client(String clientId) {
            throw new AssertionError("a registration reads its clients in one call, not " + clientId + " alone");
        }
    }
}
