package io.sportsfeeds.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.InvalidInputException;
import io.sportsfeeds.core.domain.LimitExceededException;
import io.sportsfeeds.core.domain.SecretHash;
import io.sportsfeeds.core.fakes.InMemoryClientRegistry;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegisterClientsTest {
    private final InMemoryClientRegistry registry = new InMemoryClientRegistry();
    private final ClientSecrets secrets = new ClientSecrets(new SecureRandom(), 1_000);
    private final RegisterClients register = new RegisterClients(registry, secrets);

    @Test
    void makesASecretOnceAndStoresOnlyItsHash_whenANewClientComesWithoutOne() {
        RegisterClients.Registration registration =
                register.register(Map.of("clients", List.of(Map.of("clientId", "client-001"))));

        String secret = registration.newSecrets().get("client-001");
        assertThat(secret).startsWith(ClientSecrets.GENERATED_PREFIX).hasSize(4 + 32);
        SecretHash stored = registry.client("client-001").orElseThrow().secretHash();
        assertThat(stored.iterations()).isEqualTo(ClientSecrets.GENERATED_ITERATIONS);
        assertThat(stored.value()).doesNotContain(secret);
        assertThat(secrets.matches(secret, stored)).isTrue();
        assertThat(registration.toString()).doesNotContain(secret);
    }

    @Test
    void refusesMoreChosenSecretsThanHashInTime_storingNone_butTakesAsManyMadeOnes() {
        List<Map<String, Object>> chosen = new ArrayList<>();
        for (int i = 0; i <= RegisterClients.MAX_CHOSEN_SECRETS; i++) {
            chosen.add(Map.of("clientId", "client-" + i, "secret", "a-chosen-secret-number-" + i));
        }

        assertThatThrownBy(() -> register.register(Map.of("clients", chosen)))
                .isInstanceOf(LimitExceededException.class)
                .hasMessage("clients must be at most 40 clients with a chosen secret, was 41");
        assertThat(registry.clients()).isEmpty();

        chosen.removeLast();
        List<Map<String, Object>> made = new ArrayList<>(chosen);
        for (int i = 0; i < 100; i++) {
            made.add(Map.of("clientId", "made-" + i));
        }
        assertThat(register.register(Map.of("clients", made)).clients()).hasSize(140);
    }

    @Test
    void keepsTheSecret_whenAKnownClientIsRegisteredAgainWithoutOne() {
        String secret = register.register(Map.of("clients", List.of(Map.of("clientId", "client-001"))))
                .newSecrets()
                .get("client-001");
        SecretHash before = registry.client("client-001").orElseThrow().secretHash();

        RegisterClients.Registration again =
                register.register(Map.of("clients", List.of(Map.of("clientId", "client-001", "active", false))));

        assertThat(again.newSecrets()).isEmpty();
        Client client = registry.client("client-001").orElseThrow();
        assertThat(client.active()).isFalse();
        assertThat(client.secretHash()).isEqualTo(before);
        assertThat(secrets.matches(secret, client.secretHash())).isTrue();
    }

    @Test
    void keepsADeactivatedClientDeactivatedAndNamed_whenOnlyItsSecretChanges() {
        register.register(Map.of(
                "clients", List.of(Map.of("clientId", "client-002", "name", "Trading desk B", "active", false))));

        register.register(
                Map.of("clients", List.of(Map.of("clientId", "client-002", "secret", "a-new-secret-of-client-2"))));

        Client rotated = registry.client("client-002").orElseThrow();
        assertThat(rotated.active()).isFalse();
        assertThat(rotated.name()).isEqualTo("Trading desk B");
        assertThat(secrets.matches("a-new-secret-of-client-2", rotated.secretHash()))
                .isTrue();
    }

    @Test
    void erasesTheName_whenItIsGivenAsNull() {
        register.register(Map.of("clients", List.of(Map.of("clientId", "client-002", "name", "Trading desk B"))));
        Map<String, Object> namedNull = new HashMap<>();
        namedNull.put("clientId", "client-002");
        namedNull.put("name", null);

        register.register(Map.of("clients", List.of(namedNull)));

        assertThat(registry.client("client-002").orElseThrow().name()).isNull();
    }

    @Test
    void makesANewClientActive_unlessToldOtherwise() {
        register.register(Map.of("clients", List.of(Map.of("clientId", "client-009"))));

        assertThat(registry.client("client-009").orElseThrow().active()).isTrue();
    }

    @Test
    void hashesTheSecretAnAdminChose_andAnswersNoNewOne() {
        RegisterClients.Registration registration = register.register(
                Map.of("clients", List.of(Map.of("clientId", "client-001", "secret", "correct-horse-battery-staple"))));

        assertThat(registration.newSecrets()).isEmpty();
        SecretHash stored = registry.client("client-001").orElseThrow().secretHash();
        assertThat(secrets.matches("correct-horse-battery-staple", stored)).isTrue();
        assertThat(secrets.matches("correct-horse-battery-stapl", stored)).isFalse();
    }

    @Test
    void storesOneClientPerId_theLast_withTheSecretOfTheLast() {
        RegisterClients.Registration registration = register.register(Map.of(
                "clients",
                List.of(
                        Map.of("clientId", "client-001", "name", "First"),
                        Map.of("clientId", "client-001", "name", "Second", "secret", "a-secret-of-16-chars"))));

        assertThat(registration.clients()).extracting(Client::name).containsExactly("Second");
        assertThat(registration.newSecrets()).isEmpty();
        assertThat(secrets.matches(
                        "a-secret-of-16-chars",
                        registry.client("client-001").orElseThrow().secretHash()))
                .isTrue();
    }

    @Test
    void refusesShortOrNonTextSecrets_withoutShowingThem_andStoresNoClient() {
        assertThatThrownBy(() -> register.register(Map.of(
                        "clients",
                        List.of(
                                Map.of("clientId", "client-001", "secret", "short secret"),
                                Map.of("clientId", "client-002", "secret", 12345)))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(
                        "clients[0].secret must be between 16 and 256 visible ASCII characters (no spaces), was 12 characters with others among them; "
                                + "clients[1].secret must be a string, was another type")
                .hasMessageNotContaining("short secret")
                .hasMessageNotContaining("12345");
        assertThat(registry.clients()).isEmpty();
    }
}
