package io.sportsfeeds.core.usecase;

import static io.sportsfeeds.core.fakes.Updates.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.HistoryQuery;
import io.sportsfeeds.core.domain.InvalidInputException;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.fakes.InMemoryOddsStore;
import io.sportsfeeds.core.fakes.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IngestFeedsTest {
    private final InMemoryOddsStore store =
            new InMemoryOddsStore(new MutableClock(Instant.parse("2026-12-01T19:31:00Z")));
    private final IngestFeeds ingest = new IngestFeeds(store, 100);

    @Test
    void storesEveryUpdate_andCountsAcceptedAndDuplicates() {
        Map<String, Object> batch = Map.of(
                "odds",
                List.of(
                        payload("game-1", "spread", -110, 1_764_617_400),
                        payload("game-2", "moneyline", 150, 1_764_617_401)));

        IngestFeeds.Report first = ingest.ingest(batch);
        IngestFeeds.Report again = ingest.ingest(batch);

        assertThat(first.outcomes())
                .containsExactly(new AppendOutcome("game-1", 1, false), new AppendOutcome("game-2", 1, false));
        assertThat(first.accepted()).isEqualTo(2);
        assertThat(again.accepted()).isZero();
        assertThat(again.duplicates()).isEqualTo(2);
    }

    @Test
    void storesNothing_whenAnyUpdateOfTheBatchIsInvalid() {
        Map<String, Object> batch = Map.of(
                "odds",
                List.of(payload("game-1", "spread", -110, 1_764_617_400), payload("game-1", "spread", -110, -5)));

        assertThatThrownBy(() -> ingest.ingest(batch))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(
                        "odds[1].date must be a positive epoch time in seconds or milliseconds before the year 10000, was -5");
        assertThat(store.history(new HistoryQuery("game-1", Optional.empty(), 0, Long.MAX_VALUE, 10)))
                .isEmpty();
    }

    @Test
    void acknowledgesNothing_whenTheStoreFails() {
        store.failing(true);

        assertThatThrownBy(
                        () -> ingest.ingest(Map.of("odds", List.of(payload("game-1", "spread", -110, 1_764_617_400)))))
                .isInstanceOf(StoreUnavailableException.class);
    }
}
