package io.sportsfeeds.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sportsfeeds.core.domain.ApiKey;
import io.sportsfeeds.core.domain.Caller;
import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.Credentials;
import io.sportsfeeds.core.domain.FieldError;
import io.sportsfeeds.core.domain.InvalidInputException;
import io.sportsfeeds.core.domain.Role;
import io.sportsfeeds.core.domain.SecretHash;
import io.sportsfeeds.core.fakes.InMemoryClientRegistry;
import io.sportsfeeds.core.usecase.AccessRefusedException.Reason;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthenticateCallersTest {
    static final Credentials.Names HEADERS =
            new Credentials.Names("x-api-key", "x-client-id", "x-client-secret", "header");
    static final Credentials.Names QUERY = new Credentials.Names(null, "client", "secret", "query parameter");
    static final String PROVIDER_KEY = "provider-key-0000000001";
    static final String ADMIN_KEY = "admin-key-000000000001";
    static final String BOTH_KEY = "provider-and-admin-0001";
    static final String SECRET = "secret-of-client-001";
    static final Set<Role> INGEST = Set.of(Role.PROVIDER);
    static final Set<Role> ADMIN = Set.of(Role.ADMIN);
    static final Set<Role> READ = EnumSet.allOf(Role.class);

    private final InMemoryClientRegistry clients = new InMemoryClientRegistry();
    private final ClientSecrets secrets = new ClientSecrets(new SecureRandom(), 1_000);
    private final AuthenticateCallers auth = AuthenticateCallers.with(
            List.of(
                    ApiKey.of(Role.PROVIDER, PROVIDER_KEY),
                    ApiKey.of(Role.ADMIN, ADMIN_KEY),
                    ApiKey.of(Role.PROVIDER, BOTH_KEY),
                    ApiKey.of(Role.ADMIN, BOTH_KEY)),
            clients,
            secrets);

    AuthenticateCallersTest() {
        clients.putClients(List.of(
                new Client("client-001", "Trading desk A", true, secrets.hash(SECRET)),
                new Client("client-002", "Trading desk B", false, secrets.hash("secret-of-client-002")),
                new Client("client-004", "Before secrets", true)));
    }

    static Credentials key(String key) {
        return new Credentials(key, null, null, HEADERS);
    }

    static Credentials client(String clientId, String secret, Credentials.Names names) {
        return new Credentials(null, clientId, secret, names);
    }

    static AccessRefusedException refusal(Runnable call) {
        try {
            call.run();
        } catch (AccessRefusedException refused) {
            return refused;
        }
        throw new AssertionError("expected an AccessRefusedException");
    }

    @Test
    void givesTheRolesOfTheKey_whenAKeyIsAccepted() {
        assertThat(auth.authorize(key(PROVIDER_KEY), INGEST, "PUT /feeds"))
                .isEqualTo(new Caller("a provider key", Set.of(Role.PROVIDER)));
        assertThat(auth.authorize(key(ADMIN_KEY), ADMIN, "PUT /clients"))
                .isEqualTo(new Caller("an admin key", Set.of(Role.ADMIN)));
        assertThat(auth.authorize(key(ADMIN_KEY), READ, "GET /feeds").roles()).containsExactly(Role.ADMIN);
        assertThat(auth.authorize(key(BOTH_KEY), INGEST, "PUT /feeds"))
                .isEqualTo(new Caller("a provider key and an admin key", Set.of(Role.PROVIDER, Role.ADMIN)));
    }

    @Test
    void refusesWith_missingCredentials_namingTheHeader_whenNoneAreGiven() {
        AccessRefusedException ingest = refusal(() -> auth.authorize(key(null), INGEST, "PUT /feeds"));
        AccessRefusedException read = refusal(() -> auth.authorize(key(""), READ, "GET /feeds"));

        assertThat(ingest.reason()).isEqualTo(Reason.MISSING_CREDENTIALS);
        assertThat(ingest).hasMessage("PUT /feeds needs a provider key in the header x-api-key");
        assertThat(ingest.field()).contains(new FieldError("x-api-key", "is required"));
        assertThat(read)
                .hasMessage("GET /feeds needs a provider key or an admin key in the header x-api-key, "
                        + "or a client's id and secret in the headers x-client-id and x-client-secret");
    }

    @Test
    void refusesWith_invalidApiKey_whenTheKeyIsNoneOfTheAccepted() {
        AccessRefusedException refused =
                refusal(() -> auth.authorize(key("not-a-key-of-ours-0001"), READ, "GET /feeds"));

        assertThat(refused.reason()).isEqualTo(Reason.INVALID_API_KEY);
        assertThat(refused).hasMessage("the key in the header x-api-key is not valid");
        assertThat(refused.field()).contains(new FieldError("x-api-key", "is not a valid key"));
    }

    @Test
    void refusesWith_forbidden_whenTheCredentialsDoNotAllowTheAction() {
        AccessRefusedException providerOnAdmin =
                refusal(() -> auth.authorize(key(PROVIDER_KEY), ADMIN, "PUT /clients"));
        AccessRefusedException adminOnIngest = refusal(() -> auth.authorize(key(ADMIN_KEY), INGEST, "POST /feeds"));

        assertThat(providerOnAdmin.reason()).isEqualTo(Reason.FORBIDDEN);
        assertThat(providerOnAdmin).hasMessage("PUT /clients needs an admin key; the caller gave a provider key");
        assertThat(adminOnIngest).hasMessage("POST /feeds needs a provider key; the caller gave an admin key");
        // Where clients may not act, their headers are not looked at: the key is what is missing.
        AccessRefusedException clientOnIngest =
                refusal(() -> auth.authorize(client("client-001", SECRET, HEADERS), INGEST, "PUT /feeds"));
        assertThat(clientOnIngest.reason()).isEqualTo(Reason.MISSING_CREDENTIALS);
        assertThat(clientOnIngest).hasMessage("PUT /feeds needs a provider key in the header x-api-key");
    }

    @Test
    void letsAnActiveClientRead_withItsIdAndSecretInHeaders() {
        assertThat(auth.authorize(client("client-001", SECRET, HEADERS), READ, "GET /games"))
                .isEqualTo(Caller.analyst("client-001"));
    }

    @Test
    void namesTheMissingHalf_whenAClientGivesOnlyItsIdOrOnlyItsSecret() {
        AccessRefusedException noSecret =
                refusal(() -> auth.authorize(client("client-001", null, HEADERS), READ, "GET /games"));
        AccessRefusedException noId = refusal(() -> auth.authorize(client(null, SECRET, HEADERS), READ, "GET /games"));

        assertThat(noSecret.reason()).isEqualTo(Reason.MISSING_CREDENTIALS);
        assertThat(noSecret).hasMessage("client client-001 needs its secret in the header x-client-secret");
        assertThat(noSecret.field()).contains(new FieldError("x-client-secret", "is required"));
        assertThat(noId).hasMessage("GET /games needs the client's id in the header x-client-id with its secret");
        assertThat(noId.field()).contains(new FieldError("x-client-id", "is required"));
    }

    @Test
    void refusesUnknownWrongSecretNoSecretAndInactive_inThatOrder() {
        AccessRefusedException unknown = refusal(() -> auth.analyst(client("client-999", SECRET, QUERY)));
        AccessRefusedException wrong = refusal(() -> auth.analyst(client("client-001", "secret-of-client-002", QUERY)));
        AccessRefusedException none = refusal(() -> auth.analyst(client("client-004", SECRET, QUERY)));
        AccessRefusedException inactiveWrongSecret = refusal(() -> auth.analyst(client("client-002", SECRET, QUERY)));
        AccessRefusedException inactive =
                refusal(() -> auth.analyst(client("client-002", "secret-of-client-002", QUERY)));

        assertThat(unknown.reason()).isEqualTo(Reason.UNKNOWN_CLIENT);
        assertThat(unknown).hasMessage("client client-999 is not registered");
        assertThat(wrong.reason()).isEqualTo(Reason.INVALID_SECRET);
        assertThat(wrong).hasMessage("the secret of client client-001 is wrong");
        assertThat(wrong.field()).contains(new FieldError("secret", "is not the client's secret"));
        assertThat(none.reason()).isEqualTo(Reason.INVALID_SECRET);
        assertThat(none).hasMessage("client client-004 has no secret yet; an admin sets one with PUT /clients");
        assertThat(inactiveWrongSecret.reason())
                .as("a wrong secret does not learn the client is inactive")
                .isEqualTo(Reason.INVALID_SECRET);
        assertThat(inactive.reason()).isEqualTo(Reason.INACTIVE_CLIENT);
        assertThat(inactive).hasMessage("client client-002 is not active");
    }

    @Test
    void refusesAConnection_withoutClientOrSecret_orWithAMalformedId() {
        assertThatThrownBy(() -> auth.analyst(client(null, SECRET, QUERY)))
                .isInstanceOfSatisfying(
                        ConnectionRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ConnectionRefusedException.Reason.MISSING_CLIENT))
                .hasMessage("the query parameter client is required");
        AccessRefusedException noSecret = refusal(() -> auth.analyst(client("client-001", null, QUERY)));
        assertThat(noSecret.reason()).isEqualTo(Reason.MISSING_CREDENTIALS);
        assertThat(noSecret).hasMessage("client client-001 needs its secret in the query parameter secret");
        assertThatThrownBy(() -> auth.analyst(client("client 001", SECRET, QUERY)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("client must contain only");
    }

    @Test
    void seesANewSecretOrInactivityAtOnce_thoughItRemembersCheckedSecrets() {
        assertThat(auth.analyst(client("client-001", SECRET, QUERY))).isEqualTo(Caller.analyst("client-001"));
        assertThat(auth.analyst(client("client-001", SECRET, QUERY))).isEqualTo(Caller.analyst("client-001"));

        SecretHash rotated = secrets.hash("the-new-secret-of-001");
        clients.putClients(List.of(new Client("client-001", "Trading desk A", true, rotated)));
        assertThat(refusal(() -> auth.analyst(client("client-001", SECRET, QUERY)))
                        .reason())
                .isEqualTo(Reason.INVALID_SECRET);
        assertThat(auth.analyst(client("client-001", "the-new-secret-of-001", QUERY)))
                .isEqualTo(Caller.analyst("client-001"));

        clients.putClients(List.of(new Client("client-001", "Trading desk A", false, rotated)));
        assertThat(refusal(() -> auth.analyst(client("client-001", "the-new-secret-of-001", QUERY)))
                        .reason())
                .isEqualTo(Reason.INACTIVE_CLIENT);
    }

    @Test
    void letsEveryoneDoEverything_whenOff() {
        AuthenticateCallers off = AuthenticateCallers.off();

        assertThat(off.enabled()).isFalse();
        assertThat(off.authorize(key(null), ADMIN, "PUT /clients")).isEqualTo(Caller.ANYONE);
        assertThat(off.analyst(client(null, null, QUERY))).isEqualTo(Caller.ANYONE);
    }
}
