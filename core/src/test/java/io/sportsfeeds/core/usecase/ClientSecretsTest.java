package io.sportsfeeds.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.domain.SecretHash;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class ClientSecretsTest {
    private final ClientSecrets secrets = new ClientSecrets(new SecureRandom(), 2_000);

    @Test
    void makesUrlSafeSecrets_eachDifferent_withASaltedHash() {
        ClientSecrets.Generated one = secrets.generate();
        ClientSecrets.Generated two = secrets.generate();

        assertThat(one.secret()).matches("sfs_[A-Za-z0-9_-]{32}");
        assertThat(one.secret()).isNotEqualTo(two.secret());
        assertThat(one.hash().salt()).isNotEqualTo(two.hash().salt()).hasSize(16);
        assertThat(one.toString()).doesNotContain(one.secret());
        assertThat(secrets.matches(one.secret(), one.hash())).isTrue();
        assertThat(secrets.matches(two.secret(), one.hash())).isFalse();
    }

    @Test
    void givesTheSameSecretDifferentHashes_andRecordsTheCostOfEach() {
        SecretHash first = secrets.hash("correct-horse-battery-staple");
        SecretHash second = secrets.hash("correct-horse-battery-staple");

        assertThat(first).isNotEqualTo(second);
        assertThat(first.iterations()).isEqualTo(2_000);
        assertThat(first.value()).startsWith("pbkdf2-sha256$2000$");
        assertThat(secrets.matches("correct-horse-battery-staple", first)).isTrue();
        assertThat(secrets.matches("correct-horse-battery-staple", second)).isTrue();
    }

    @Test
    void checksAStoredHash_withTheIterationsItWasMadeWith() {
        SecretHash made = new ClientSecrets(new SecureRandom(), 3_000).hash("correct-horse-battery-staple");

        assertThat(secrets.matches("correct-horse-battery-staple", made)).isTrue();
    }

    @Test
    void usesOwaspsCost_forChosenSecretsByDefault() {
        assertThat(ClientSecrets.CHOSEN_ITERATIONS).isEqualTo(600_000);
    }
}
