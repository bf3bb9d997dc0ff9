package io.sportsfeeds.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The values that carry keys, secrets and hashes: what they accept, and that they never show a secret. */
class SecretsInValuesTest {
    private static final byte[] SALT = new byte[16];
    private static final byte[] HASH = new byte[32];

    @Test
    void readsItsPartsBack_andShowsOnlyAlgorithmAndCost_forASecretHash() {
        SecretHash hash = SecretHash.of(1_000, SALT, HASH);

        assertThat(hash.value())
                .isEqualTo("pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        assertThat(new SecretHash(hash.value())).isEqualTo(hash);
        assertThat(hash.iterations()).isEqualTo(1_000);
        assertThat(hash.salt()).isEqualTo(SALT);
        assertThat(hash.hash()).isEqualTo(HASH);
        assertThat(hash).hasToString("SecretHash[pbkdf2-sha256, 1000 iterations]");
    }

    @Test
    void refusesOtherForms_forASecretHash() {
        String good = SecretHash.of(1_000, SALT, HASH).value();
        for (String bad : new String[] {
            good.replace("pbkdf2-sha256", "md5"),
            good.replace("$1000$", "$0$"),
            good.replace("$1000$", "$x$"),
            good.replace("$1000$", "$20000000$"),
            "pbkdf2-sha256$1000$AAAA$" + good.substring(good.lastIndexOf('$') + 1),
            good + "$more",
            good.replace("AAAAAAAAAAAAAAAAAAAAAA$", "!!!!$"),
        }) {
            assertThatThrownBy(() -> new SecretHash(bad))
                    .as(bad)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("secretHash must be");
        }
        assertThatThrownBy(() -> new SecretHash(null)).hasMessage("secretHash is required");
    }

    @Test
    void matchesTheKeyItWasMadeFrom_only_forAnApiKey() {
        ApiKey key = ApiKey.of(Role.PROVIDER, "provider-key-0123456789");

        assertThat(key.sha256()).isEqualTo(HexFormat.of().formatHex(ApiKey.sha256("provider-key-0123456789")));
        assertThat(key.matches(ApiKey.sha256("provider-key-0123456789"))).isTrue();
        assertThat(key.matches(ApiKey.sha256("provider-key-012345678"))).isFalse();
        assertThat(key).hasToString("ApiKey[PROVIDER]");
    }

    @Test
    void refusesShortLongOrSpacedKeys_withoutShowingThem() {
        assertThatThrownBy(() -> ApiKey.of(Role.ADMIN, "short-key"))
                .hasMessage("key must be between 16 and 256 visible ASCII characters (no spaces), was 9 characters");
        assertThatThrownBy(() -> ApiKey.of(Role.ADMIN, "a key with spaces in it"))
                .hasMessage(
                        "key must be between 16 and 256 visible ASCII characters (no spaces), was 23 characters with others among them");
        assertThatThrownBy(() -> ApiKey.of(Role.ADMIN, "k".repeat(257))).hasMessageContaining("was 257 characters");
    }

    @Test
    void neverShowsTheKeyOrTheSecret_forCredentials() {
        Credentials credentials = new Credentials(
                "the-api-key-000000",
                "client-001",
                "the-secret-000000",
                new Credentials.Names("x-api-key", "x-client-id", "x-client-secret", "header"));

        assertThat(credentials.toString()).isEqualTo("Credentials[apiKey=given, clientId=client-001, secret=given]");
        assertThat(new Credentials(" ", "", null, credentials.names()))
                .isEqualTo(new Credentials(null, null, null, credentials.names()));
        assertThat(credentials.names().describe("x-api-key")).isEqualTo("the header x-api-key");
    }

    @Test
    void neverShowsTheSecret_forAClientRegistration() {
        ClientRegistration registration =
                new ClientRegistration(new Client("client-001", null, true), "the-secret-000000");

        assertThat(registration.toString()).doesNotContain("the-secret-000000");
    }
}
