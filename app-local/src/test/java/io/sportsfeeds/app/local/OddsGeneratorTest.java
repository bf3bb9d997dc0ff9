package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.fakes.InMemoryOddsStore;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.usecase.IngestFeeds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OddsGeneratorTest {
    final MutableClock clock = new MutableClock(Instant.ofEpochMilli(1764617460000L));

    @Test
    void producesUpdatesTheCoreAccepts_whenBatchesAreIngested() {
        OddsGenerator generator = new OddsGenerator(OddsGenerator.games(Samples.load(), 7), new Random(42), clock);
        IngestFeeds ingest = new IngestFeeds(new InMemoryOddsStore(clock), 1_000);

        long accepted = 0;
        for (int i = 0; i < 100; i++) {
            accepted += ingest.ingest(generator.batch(10)).accepted();
            clock.advance(Duration.ofMillis(1));
        }

        assertThat(accepted).isEqualTo(1_000);
    }

    @Test
    void usesTheSampleGamesFirst_whenMoreGamesAreAskedForThanThereAreSamples() {
        List<Samples.SampleGame> games = OddsGenerator.games(Samples.load(), 7);

        assertThat(games)
                .extracting(Samples.SampleGame::gameId)
                .startsWith("game-7F3A1C52-0B6E-4D7A-9C1E-2B8D5E6F4A10", "game-1D9E4B77-5A2C-4F0B-8E36-7C4A9B2D1E05")
                .endsWith("game-sim-0006", "game-sim-0007");
    }

    @Test
    void writesTheProviderFields_whenAnUpdateIsGenerated() {
        OddsGenerator generator = new OddsGenerator(OddsGenerator.games(Samples.load(), 1), new Random(7), clock);

        @SuppressWarnings("unchecked")
        Map<String, Object> update =
                ((List<Map<String, Object>>) generator.batch(1).get("odds")).get(0);

        assertThat(update)
                .containsKeys(
                        "summary",
                        "gameId",
                        "gameDate",
                        "type",
                        "isOpen",
                        "away",
                        "home",
                        "awayOdds",
                        "homeOdds",
                        "date",
                        "id")
                .containsEntry("gameId", "game-7F3A1C52-0B6E-4D7A-9C1E-2B8D5E6F4A10")
                .containsEntry("summary", "Lakers @ Celtics")
                .containsEntry("date", 1764617460000L);
    }
}
