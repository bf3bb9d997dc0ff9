package io.sportsfeeds.api.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sportsfeeds.core.domain.InvalidInputException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    static Map<String, Object> read(String json) {
        return Json.readObject(json.getBytes(StandardCharsets.UTF_8), "body");
    }

    @Test
    void keepsWholeNumbersWhole_whenDecoding() {
        Map<String, Object> decoded =
                read("{\"small\":-110,\"large\":1764617460123,\"huge\":123456789012345678901234567890}");

        assertThat(decoded.get("small")).isEqualTo(-110);
        assertThat(decoded.get("large")).isEqualTo(1764617460123L);
        assertThat(decoded.get("huge")).isEqualTo(new BigInteger("123456789012345678901234567890"));
    }

    @Test
    void letsNonFiniteNumbersThrough_whenDecoding() {
        Map<String, Object> decoded = read("{\"nan\":NaN,\"inf\":1e999,\"negInf\":-Infinity}");

        assertThat(decoded.get("nan")).isEqualTo(Double.NaN);
        assertThat(decoded.get("inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(decoded.get("negInf")).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void namesTheField_whenTheDocumentIsNull() {
        assertThatThrownBy(() -> read("null"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("body must be a JSON object, was null");
    }
}
