package io.sportsfeeds.core.domain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Reads typed fields out of a decoded document (the maps, lists, strings, numbers and booleans any
 * JSON decoder produces) and records each broken rule under its full path, so that a caller can
 * report every bad field of a request at once.
 */
final class FieldReader {
    private final Map<String, ?> fields;
    private final String prefix;
    private final List<FieldError> errors;

    FieldReader(Map<String, ?> fields, String prefix, List<FieldError> errors) {
        this.fields = fields;
        this.prefix = prefix;
        this.errors = errors;
    }

    String id(String name, int maxLength) {
        Object value = fields.get(name);
        if (value != null && !(value instanceof String)) {
            return fail(name, Rules.mustBe(Rules.STRING, Rules.describe(value)));
        }
        String text = (String) value;
        String problem = Rules.idProblem(text, maxLength);
        return problem == null ? text : fail(name, problem);
    }

    String optionalText(String name) {
        Object value = fields.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            return fail(name, Rules.mustBe(Rules.STRING, Rules.describe(value)));
        }
        String problem = Rules.textProblem(text);
        if (problem == null) {
            problem = Rules.unicodeProblem(text);
        }
        return problem == null ? text : fail(name, problem);
    }

    /** A string or a finite number, kept as text (providers send game dates and seasons both ways). */
    String optionalTextOrNumber(String name) {
        Object value = fields.get(name);
        if (value == null || value instanceof String) {
            return optionalText(name);
        }
        BigDecimal decimal = value instanceof Number number ? exactDecimal(number) : null;
        if (decimal == null) {
            return fail(name, Rules.mustBe(Rules.STRING_OR_FINITE_NUMBER, Rules.describe(value)));
        }
        // Measured before it is written out: a decoder's BigDecimal may carry any exponent (1E+999999999).
        long length = plainLength(decimal);
        if (length > Rules.MAX_TEXT_LENGTH) {
            return fail(name, Rules.textLengthProblem(length));
        }
        return decimal.toPlainString();
    }

    /** A price or line: a finite number ({@link Rules#FINITE_NUMBER}), then within {@link Rules#ODDS_NUMBER}. */
    Double oddsNumber(String name) {
        Object value = fields.get(name);
        if (value == null) {
            return fail(name, "is required");
        }
        // doubleValue() of a BigInteger or BigDecimal beyond a double's range is an infinity, refused too.
        double asDouble = value instanceof Number number ? number.doubleValue() : Double.NaN;
        if (!Double.isFinite(asDouble)) {
            return fail(name, Rules.mustBe(Rules.FINITE_NUMBER, Rules.describe(value)));
        }
        if (Math.abs(asDouble) > Rules.MAX_ODDS_MAGNITUDE) {
            return fail(name, Rules.mustBe(Rules.ODDS_NUMBER, Rules.describe(value)));
        }
        return asDouble;
    }

    /** A time in epoch seconds or milliseconds: a whole number ({@link Rules#WHOLE_NUMBER}), then in {@link Rules#EPOCH_TIME}. */
    Long epoch(String name, boolean required) {
        Object value = fields.get(name);
        if (value == null) {
            return required ? fail(name, "is required") : null;
        }
        if (!(value instanceof Number number) || !isWhole(number)) {
            return fail(name, Rules.mustBe(Rules.WHOLE_NUMBER, Rules.describe(value)));
        }
        Long time = exactLong(number);
        if (time == null || !Rules.isEpoch(time)) {
            return fail(name, Rules.mustBe(Rules.EPOCH_TIME, Rules.describe(value)));
        }
        return time;
    }

    Boolean optionalBoolean(String name) {
        Object value = fields.get(name);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        return fail(name, Rules.mustBe(Rules.BOOLEAN, Rules.describe(value)));
    }

    private static boolean isIntegral(Number number) {
        return number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte;
    }

    /** Whether a number has no fraction; NaN and the infinities have none but are no whole numbers. */
    private static boolean isWhole(Number number) {
        if (isIntegral(number) || number instanceof BigInteger) {
            return true;
        }
        if (number instanceof BigDecimal decimal) {
            return decimal.signum() == 0 || decimal.stripTrailingZeros().scale() <= 0;
        }
        double asDouble = number.doubleValue();
        return Double.isFinite(asDouble) && asDouble == Math.rint(asDouble);
    }

    /** A whole number as a long, or null when it is beyond a long's range. */
    private static Long exactLong(Number whole) {
        if (isIntegral(whole)) {
            return whole.longValue();
        }
        if (whole instanceof BigInteger big) {
            return big.bitLength() < Long.SIZE ? big.longValue() : null;
        }
        if (whole instanceof BigDecimal decimal) {
            try {
                return decimal.longValueExact();
            } catch (ArithmeticException beyondLong) {
                return null;
            }
        }
        double asDouble = whole.doubleValue();
        return asDouble >= -0x1p63 && asDouble < 0x1p63 ? (long) asDouble : null;
    }

    /**
     * A finite number as the decimal its decoder read, without trailing zeros (a double's {@code
     * 1.7646174E9} is {@code 1764617400}); null for NaN and the infinities.
     */
    private static BigDecimal exactDecimal(Number number) {
        if (isIntegral(number)) {
            return BigDecimal.valueOf(number.longValue());
        }
        if (number instanceof BigInteger big) {
            return new BigDecimal(big);
        }
        if (number instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros();
        }
        if (number instanceof Float single) {
            return Float.isFinite(single) ? new BigDecimal(Float.toString(single)).stripTrailingZeros() : null;
        }
        double asDouble = number.doubleValue();
        return Double.isFinite(asDouble) ? BigDecimal.valueOf(asDouble).stripTrailingZeros() : null;
    }

    /** The length of {@link BigDecimal#toPlainString()}, without building it. */
    private static long plainLength(BigDecimal decimal) {
        long precision = decimal.precision();
        long scale = decimal.scale();
        long sign = decimal.signum() < 0 ? 1 : 0;
        if (scale <= 0) {
            return sign + precision - scale;
        }
        return sign + (scale >= precision ? scale + 2 : precision + 1);
    }

    private <T> T fail(String name, String problem) {
        errors.add(new FieldError(prefix + name, problem));
        return null;
    }
}
