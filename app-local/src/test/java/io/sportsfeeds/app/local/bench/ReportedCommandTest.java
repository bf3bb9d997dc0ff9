package io.sportsfeeds.app.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportedCommandTest {
    @Test
    void hidesKeysAndSecrets_inEitherOptionFormAndInUrls() {
        String shown = ReportedCommand.of(List.of(
                "bench",
                "system",
                "--api-key",
                "sfk_provider",
                "--admin-key=sfa_admin",
                "--client-secret",
                "sfs_client",
                "--ws-url",
                "wss://ws.example.com/prod?client=client-001&secret=sfs_url&x=1",
                "--subscribers",
                "10"));

        assertThat(shown)
                .isEqualTo("java -jar app-local.jar bench system --api-key ... --admin-key=... --client-secret ..."
                        + " --ws-url wss://ws.example.com/prod?client=client-001&secret=...&x=1 --subscribers 10")
                .doesNotContain("sfk_", "sfa_", "sfs_");
    }

    @Test
    void hidesSecretsWhateverTheirCase_andAUrlsUserPart() {
        assertThat(ReportedCommand.of(List.of(
                        "--ws-url",
                        "wss://h/ws?Secret=s1&client=c",
                        "--url",
                        "https://user:pass@feeds.example.com/prod")))
                .isEqualTo("java -jar app-local.jar --ws-url wss://h/ws?Secret=...&client=c --url"
                        + " https://...@feeds.example.com/prod");
    }

    @Test
    void hidesOnlyTheValueAfterASecretOption() {
        assertThat(ReportedCommand.of(List.of("--api-key"))).isEqualTo("java -jar app-local.jar --api-key");
        assertThat(ReportedCommand.of(List.of("--api-key", "--api-key", "k")))
                .isEqualTo("java -jar app-local.jar --api-key ... k");
    }
}
