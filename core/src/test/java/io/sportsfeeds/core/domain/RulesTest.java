package io.sportsfeeds.core.domain;

import static io.sportsfeeds.core.fakes.Updates.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RulesTest {

    @Test
    void acceptsAnId_exactlyWhenTheRecordsDo() {
        for (String id : List.of("game-1.a_b:c@d", "x".repeat(128))) {
            assertThat(Rules.isId(id)).as(id).isTrue();
            assertThat(new Client(id, null, true).clientId()).isEqualTo(id);
        }
        for (String id : Arrays.asList(null, "", "x".repeat(129), "game\0odds#", "bad#id", "caf\u00e9", "a b")) {
            assertThat(Rules.isId(id)).as(id).isFalse();
            assertThatThrownBy(() -> new Client(id, null, true)).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> Rules.requireId("client", id)).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void namesTheField_whenAnIdArrivingAloneBreaksTheRule() {
        assertThatThrownBy(() -> Rules.requireId("game", "bad#id"))
                .hasMessage("game must contain only letters, digits, '.', '_', ':', '@' or '-', was \"bad#id\"");
        assertThatThrownBy(() -> Rules.requireMarket("market", "m".repeat(65)))
                .hasMessage("market must be at most 64 characters, was 65");
        assertThat(Rules.requireMarket("market", "spread")).isEqualTo("spread");
    }

    @Test
    void wordsABadValueAlike_whetherARecordOrAReaderRefusesIt() {
        List<FieldError> errors = new ArrayList<>();
        OddsUpdate.read(payload("game-1", "spread", Double.NaN, -5), "", errors);

        assertThat(errors)
                .containsExactly(
                        new FieldError("homeOdds", "must be a finite number, was NaN"),
                        new FieldError(
                                "date",
                                "must be a positive epoch time in seconds or milliseconds before the year 10000, was -5"));
        assertThatThrownBy(() -> new OddsUpdate("game-1", "spread", 3, -3, Double.NaN, -110, 1, true, null, null, null))
                .hasMessage("homeOdds must be a finite number, was NaN");
        assertThatThrownBy(() -> new OddsUpdate("game-1", "spread", 3, -3, -110, -110, -5, true, null, null, null))
                .hasMessage(
                        "date must be a positive epoch time in seconds or milliseconds before the year 10000, was -5");
    }

    @Test
    void showsStringsQuotedAndCut_containersByKind_andOtherValuesAsWritten() {
        assertThat(Rules.describe("3")).isEqualTo("\"3\"");
        assertThat(Rules.describe("x".repeat(41))).isEqualTo("\"" + "x".repeat(40) + "...\"");
        assertThat(Rules.describe(Map.of("a", 1))).isEqualTo("an object");
        assertThat(Rules.describe(List.of(1))).isEqualTo("an array");
        assertThat(Rules.describe(List.of())).isEqualTo("an empty array");
        assertThat(Rules.describe(null)).isEqualTo("null");
        assertThat(Rules.describe(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        assertThat(Rules.describe(true)).isEqualTo("true");
    }

    @Test
    void wordsALengthLimitAlike_forIdsTextAndBatches() {
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> fields = payload("g".repeat(129), "spread", -110, 1_764_617_400);
        fields.put("summary", "s".repeat(1025));

        OddsUpdate.read(fields, "", errors);

        assertThat(errors)
                .extracting(FieldError::message)
                .containsExactly(
                        "gameId must be at most 128 characters, was 129",
                        "summary must be at most 1024 characters, was 1025");
        assertThat(new LimitExceededException("odds", 10, 11).error())
                .isEqualTo(new FieldError("odds", "must be at most 10 items, was 11"));
    }

    @Test
    void showsARangeAsInstants_whenItsStartIsAfterItsEnd() {
        assertThatThrownBy(
                        () -> new HistoryQuery("game-1", Optional.empty(), 1_764_617_401_000L, 1_764_617_400_000L, 10))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(new FieldError(
                                        "from",
                                        "must be at or before to (2025-12-01T19:30:00Z), was 2025-12-01T19:30:01Z")));
        assertThatThrownBy(() -> Rules.requireFromNotAfterTo(
                        Instant.ofEpochSecond(1_764_617_401L), Instant.ofEpochSecond(1_764_617_400L)))
                .hasMessage("from must be at or before to (2025-12-01T19:30:00Z), was 2025-12-01T19:30:01Z");
    }

    @Test
    void namesAfterSeq_whenAHistoryQueryStartsBelowZero() {
        assertThatThrownBy(() -> new HistoryQuery("game-1", Optional.empty(), 0, Long.MAX_VALUE, 10, -1))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(new FieldError(
                                        "afterSeq", "must be between 0 and 9223372036854775807, was -1")));
    }

    @Test
    void namesTheLimitsRange_whenAHistoryQueryAsksForTooMuch() {
        assertThatThrownBy(() -> new HistoryQuery("game-1", Optional.empty(), 0, Long.MAX_VALUE, 10_001))
                .hasMessage("limit must be between 1 and 10000, was 10001");
    }
}
