package io.sportsfeeds.core.domain;

import static io.sportsfeeds.core.fakes.Updates.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchReaderTest {

    @Test
    void readsEveryItem_inOrder() {
        Map<String, Object> document = Map.of(
                "odds",
                List.of(
                        payload("game-1", "spread", -110, 1_764_617_400),
                        payload("game-2", "total", 1.9, 1_764_617_401)));

        List<OddsUpdate> updates = BatchReader.read(document, "odds", 10, OddsUpdate::read);

        assertThat(updates).extracting(OddsUpdate::gameId).containsExactly("game-1", "game-2");
    }

    @Test
    void namesEveryBadItemByIndex_andReturnsNothing() {
        Map<String, Object> document = Map.of(
                "odds",
                List.of(
                        payload("game-1", "spread", -110, 1_764_617_400),
                        "oops",
                        payload("game-3", "spread", Double.NaN, 1)));

        assertThatThrownBy(() -> BatchReader.read(document, "odds", 10, OddsUpdate::read))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(
                                        new FieldError("odds[1]", "must be an object, was \"oops\""),
                                        new FieldError("odds[2].homeOdds", "must be a finite number, was NaN")));
    }

    @Test
    void refusesAMissingEmptyOrNonArrayBatch() {
        assertThatThrownBy(() -> BatchReader.read(Map.of(), "odds", 10, OddsUpdate::read))
                .hasMessage("odds is required");
        assertThatThrownBy(() -> BatchReader.read(Map.of("odds", List.of()), "odds", 10, OddsUpdate::read))
                .hasMessage("odds must be a non-empty array, was an empty array");
        assertThatThrownBy(() -> BatchReader.read(Map.of("odds", Map.of()), "odds", 10, OddsUpdate::read))
                .hasMessage("odds must be a non-empty array, was an object");
    }

    @Test
    void refusesABatchOverTheLimit_beforeReadingIt() {
        Map<String, Object> document = Map.of("odds", Collections.nCopies(11, "not even read"));

        assertThatThrownBy(() -> BatchReader.read(document, "odds", 10, OddsUpdate::read))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> {
                    assertThat(e.field()).isEqualTo("odds");
                    assertThat(e.limit()).isEqualTo(10);
                    assertThat(e.actual()).isEqualTo(11);
                })
                .hasMessage("odds must be at most 10 items, was 11");
    }
}
