package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code simulate} against a running server: what it reports sent is what the server stored. */
class SimulateCommandTest {
    static final String PROVIDER_KEY = "simulating-provider-0001";

    @TempDir
    Path dataDir;

    @Test
    void storesEveryUpdateItSends_withSeveralRequestsInFlight() {
        try (LocalApp app = startServer()) {
            CommandLineTest.Run run = CommandLineTest.run(
                    "simulate",
                    "--url",
                    app.httpUrl().toString(),
                    "--api-key",
                    PROVIDER_KEY,
                    "--count",
                    "300",
                    "--batch",
                    "3",
                    "--rate",
                    "3000",
                    "--concurrency",
                    "8");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out())
                    .containsPattern("sent=300 accepted=300 duplicates=0 errors=0 rate=[0-9.]+/s \\(done\\)");
            long stored = 0;
            for (Samples.SampleGame game : Samples.load().sampleGames()) {
                // Every stored update is in its game's history (the latest odds may be an earlier one:
                // with requests in flight, an update dated earlier can be stored after a later one).
                String history = Http.call(
                                "GET",
                                ServerTestBase.url(app, "/games/" + game.gameId() + "/odds?limit=10000"),
                                null,
                                Map.of("x-api-key", PROVIDER_KEY))
                        .body();
                stored += Http.json(history).path("odds").size();
            }
            assertThat(stored).isEqualTo(300);
        }
    }

    @Test
    void stopsSendingAndExits1_whenTheServerRefusesTheKey() {
        try (LocalApp app = startServer()) {
            CommandLineTest.Run run = CommandLineTest.run(
                    "simulate",
                    "--url",
                    app.httpUrl().toString(),
                    "--api-key",
                    "not-the-provider-key-0001",
                    "--count",
                    "100000",
                    "--rate",
                    "200",
                    "--concurrency",
                    "1");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("POST /feeds answered 403", "invalid_api_key");
            // At 200 a second, 100,000 updates would take over eight minutes: it stopped at the first refusal.
            assertThat(run.out()).containsPattern("sent=1 accepted=0 duplicates=0 errors=1 rate=[0-9.]+/s \\(done\\)");
        }
    }

    /** A server that takes {@link #PROVIDER_KEY} as its providers' key. */
    private LocalApp startServer() {
        return LocalApp.start(
                ServerSettings.builder()
                        .dataDir(dataDir)
                        .auth(AuthSettings.keys(List.of(PROVIDER_KEY), List.of()))
                        .build(),
                Clock.systemUTC());
    }

    @Test
    void refusesAConcurrencyBelowOne() {
        CommandLineTest.Run run = CommandLineTest.run("simulate", "--concurrency", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--concurrency must be positive, was 0");
    }
}
