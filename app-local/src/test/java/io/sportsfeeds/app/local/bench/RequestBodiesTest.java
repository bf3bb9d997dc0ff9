package io.sportsfeeds.app.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.api.json.Json;
import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.fakes.InMemoryOddsStore;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.usecase.IngestFeeds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RequestBodiesTest {
    final MutableClock clock = new MutableClock(Instant.ofEpochMilli(1764617460000L));

    @Test
    void makesUpdatesTheCoreStoresWithoutDuplicates_whenSeveralWritersSendManyBodies() {
        IngestFeeds ingest = new IngestFeeds(new InMemoryOddsStore(clock), IngestFeeds.DEFAULT_MAX_BATCH);
        List<RequestBodies> writers = List.of(
                new RequestBodies(1, 50, 4, new Random(1), clock), new RequestBodies(2, 50, 4, new Random(2), clock));

        List<AppendOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            for (RequestBodies bodies : writers) {
                outcomes.addAll(
                        ingest.ingest(Json.readObject(bodies.next(), "body")).outcomes());
            }
        }

        assertThat(outcomes).hasSize(2_000).noneMatch(AppendOutcome::duplicate);
        assertThat(outcomes)
                .extracting(AppendOutcome::gameId)
                .containsOnly("bench-game-0001", "bench-game-0002", "bench-game-0003", "bench-game-0004");
    }

    @Test
    void writesTheReferencePayloadsFields_whenABodyIsMade() {
        RequestBodies bodies = new RequestBodies(7, 2, 1, new Random(7), clock);

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> odds = (List<Map<String, Object>>)
                Json.readObject(bodies.next(), "body").get("odds");

        assertThat(odds).hasSize(2);
        assertThat(odds.get(0))
                .containsOnlyKeys(
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
                .containsEntry("gameId", "bench-game-0001")
                .containsEntry("type", "moneyline")
                .containsEntry("date", 1764617460000L)
                .containsEntry("id", "bench-7-1");
        assertThat(odds.get(1)).containsEntry("type", "total").containsEntry("id", "bench-7-2");
    }
}
