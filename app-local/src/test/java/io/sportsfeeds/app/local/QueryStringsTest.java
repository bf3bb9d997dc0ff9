package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sportsfeeds.core.domain.FieldError;
import io.sportsfeeds.core.domain.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryStringsTest {
    @Test
    void decodesNamesAndValues_keepingRepeatedValuesInOrder() {
        assertThat(QueryStrings.decode("game=game%2D1&market=total+points&market=spread&flag"))
                .isEqualTo(Map.of(
                        "game", List.of("game-1"), "market", List.of("total points", "spread"), "flag", List.of("")));
    }

    @Test
    void hasNoParameters_whenThereIsNoQuery() {
        assertThat(QueryStrings.decode(null)).isEmpty();
        assertThat(QueryStrings.decode("")).isEmpty();
        assertThat(QueryStrings.decode("&&")).isEmpty();
    }

    @Test
    void namesEveryParameterWithABrokenEscape() {
        assertThatThrownBy(() -> QueryStrings.decode("limit=1%zz&game=ok&from=17%"))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        invalid -> assertThat(invalid.errors())
                                .extracting(FieldError::field, FieldError::message)
                                .containsExactly(
                                        org.assertj.core.groups.Tuple.tuple(
                                                "limit", "limit must be valid percent-encoding, was \"1%zz\""),
                                        org.assertj.core.groups.Tuple.tuple(
                                                "from", "from must be valid percent-encoding, was \"17%\"")));
    }
}
