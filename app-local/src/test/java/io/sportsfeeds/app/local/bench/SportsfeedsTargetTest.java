package io.sportsfeeds.app.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** How the bench derives its subscribers' URLs. */
class SportsfeedsTargetTest {
    @Test
    void givesARegisteredClientTheSubscribersUrlWithItsCredentials_keepingADeployedStacksHostAndStage() {
        URI deployed = URI.create("wss://ws123.execute-api.eu-west-1.amazonaws.com/prod?client=client-001&secret=s1");

        assertThat(SportsfeedsTarget.forClient(deployed, "bench-run-0001", "a/b+c"))
                .isEqualTo(URI.create(
                        "wss://ws123.execute-api.eu-west-1.amazonaws.com/prod?client=bench-run-0001&secret=a%2Fb%2Bc"));
    }

    @Test
    void derivesTheSubscribersUrlFromTheRestUrl_wssForHttps() {
        assertThat(SportsfeedsTarget.webSocketUrl(URI.create("https://feeds.example.com:8443/"), "client-001", null))
                .isEqualTo(URI.create("wss://feeds.example.com:8443/ws?client=client-001"));
        assertThat(SportsfeedsTarget.webSocketUrl(URI.create("http://127.0.0.1:7070"), "client-001", "s"))
                .isEqualTo(URI.create("ws://127.0.0.1:7070/ws?client=client-001&secret=s"));
    }
}
