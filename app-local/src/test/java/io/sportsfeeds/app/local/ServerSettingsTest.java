package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sportsfeeds.api.http.RestApi;
import io.sportsfeeds.core.usecase.IngestFeeds;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerSettingsTest {
    private static final Path DATA_DIR = Path.of("data");

    @Test
    void startsFromLoopbackAFreePortAndTheDefaults_whenOnlyTheDataDirAndAuthAreGiven() {
        ServerSettings settings = ServerSettings.builder()
                .dataDir(DATA_DIR)
                .auth(AuthSettings.off())
                .build();

        assertThat(settings)
                .isEqualTo(new ServerSettings(
                        "127.0.0.1",
                        0,
                        DATA_DIR,
                        false,
                        RestApi.DEFAULT_MAX_BODY_BYTES,
                        IngestFeeds.DEFAULT_MAX_BATCH,
                        30,
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(60),
                        AuthSettings.off(),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(30)));
    }

    @Test
    void refusesAValueOutOfRange_namingIt_whenBuilt() {
        ServerSettings.Builder builder =
                ServerSettings.builder().dataDir(DATA_DIR).auth(AuthSettings.off());

        assertThatThrownBy(() -> builder.headDeadline(Duration.ofMillis(50)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the request head deadline must be at least 100 ms, was PT0.05S");
    }

    @Test
    void refusesMissingAuthentication_whenBuilt() {
        assertThatThrownBy(() -> ServerSettings.builder().dataDir(DATA_DIR).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("auth");
    }
}
