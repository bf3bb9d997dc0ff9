package io.sportsfeeds.core.domain;

import static io.sportsfeeds.core.fakes.Updates.payload;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Numbers as other JSON decoders hand them over: BigDecimal, Float, BigInteger, any exponent. */
class NumbersReadTest {

    static List<String> oddsErrors(String field, Object value) {
        Map<String, Object> fields = payload("game-1", "spread", -110, 1_764_617_400);
        fields.put(field, value);
        List<FieldError> errors = new ArrayList<>();
        OddsUpdate.read(fields, "", errors);
        return errors.stream().map(FieldError::message).toList();
    }

    static Game game(Object gameDate, Object season) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("gameId", "game-1");
        fields.put("gameDate", gameDate);
        fields.put("season", season);
        List<FieldError> errors = new ArrayList<>();
        Game game = Game.read(fields, "", errors);
        assertThat(errors).isEmpty();
        return game;
    }

    @Test
    void refusesAPriceBeyondADouble_showingItAsSent() {
        assertThat(oddsErrors("homeOdds", new BigDecimal("1E+400")))
                .containsExactly("homeOdds must be a finite number, was 1E+400");
        assertThat(oddsErrors("away", Float.NaN)).containsExactly("away must be a finite number, was NaN");
    }

    @Test
    void refusesATimeThatIsNotWhole_thenOneOutOfRange() {
        assertThat(oddsErrors("date", new BigDecimal("1764617400.5")))
                .containsExactly("date must be a whole number, was 1764617400.5");
        assertThat(oddsErrors("date", Float.POSITIVE_INFINITY))
                .containsExactly("date must be a whole number, was Infinity");
        assertThat(oddsErrors("date", new BigDecimal("1E+400")))
                .containsExactly(
                        "date must be a positive epoch time in seconds or milliseconds before the year 10000, was 1E+400");
        assertThat(oddsErrors("date", BigInteger.TWO.pow(64)))
                .containsExactly(
                        "date must be a positive epoch time in seconds or milliseconds before the year 10000, was 18446744073709551616");
        assertThat(oddsErrors("date", 0x1p63))
                .containsExactly(
                        "date must be a positive epoch time in seconds or milliseconds before the year 10000, was 9.223372036854776E18");
    }

    @Test
    void readsAWholeTime_howeverItsDecoderWroteIt() {
        assertThat(game(new BigDecimal("1764617400.000"), null).gameDate()).isEqualTo(1_764_617_400L);
        assertThat(game(1.7646174E9, null).gameDate()).isEqualTo(1_764_617_400L);
        assertThat(game(BigInteger.valueOf(1_764_617_400_000L), null).gameDate())
                .isEqualTo(1_764_617_400L);
    }

    @Test
    void keepsANumericSeasonOrGameDateAsPlainText() {
        assertThat(game(1_764_617_400, new BigDecimal("2026.00")).season()).isEqualTo("2026");
        assertThat(game(1_764_617_400, 2.026e3).season()).isEqualTo("2026");
        assertThat(game(1_764_617_400, 2026.5f).season()).isEqualTo("2026.5");
        assertThat(game(1_764_617_400, new BigDecimal("-0.000")).season()).isEqualTo("0");
    }

    @Test
    void refusesANumericTextTooLongToKeep_withoutWritingItOut() {
        assertThat(oddsErrors("gameDate", new BigDecimal("1E+999999999")))
                .containsExactly("gameDate must be at most 1024 characters, was 1000000000");
        assertThat(oddsErrors("gameDate", new BigDecimal("1E-2000")))
                .containsExactly("gameDate must be at most 1024 characters, was 2002");
        assertThat(oddsErrors("gameDate", new BigDecimal("1E+1023")))
                .as("1 and 1023 zeros")
                .isEmpty();
        assertThat(oddsErrors("gameDate", new BigDecimal("-1E+1023")))
                .containsExactly("gameDate must be at most 1024 characters, was 1025");
        assertThat(oddsErrors("gameDate", new BigDecimal("-1E-1022")))
                .containsExactly("gameDate must be at most 1024 characters, was 1025");
        assertThat(oddsErrors("gameDate", Double.NEGATIVE_INFINITY))
                .containsExactly("gameDate must be a string or a finite number, was -Infinity");
    }
}
