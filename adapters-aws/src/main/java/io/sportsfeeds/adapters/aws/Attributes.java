package io.sportsfeeds.adapters.aws;

import io.sportsfeeds.core.domain.StoreUnavailableException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reads and writes attribute values; a stored item that lacks what it must have is reported with its key. */
final class Attributes {
    /** The longest sort key DynamoDB takes, in UTF-8 bytes. */
    static final int MAX_SORT_KEY_BYTES = 1024;

    private Attributes() {}

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /** Plain decimal notation, whole numbers without a fraction ({@code -110}, not {@code -110.0}). */
    static AttributeValue n(double value) {
        return AttributeValue.fromN(
                new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString());
    }

    /** An instant to the nanosecond, as epoch seconds with a fraction. */
    static AttributeValue n(Instant value) {
        return AttributeValue.fromN(BigDecimal.valueOf(value.getEpochSecond())
                .add(BigDecimal.valueOf(value.getNano(), 9))
                .stripTrailingZeros()
                .toPlainString());
    }

    /** A string, or DynamoDB's NULL for null (so "no value" differs from "never written"). */
    static AttributeValue nullable(String value) {
        return value == null ? AttributeValue.fromNul(true) : AttributeValue.fromS(value);
    }

    static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, AttributeValue.fromS(value));
        }
    }

    static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.s() == null) {
            throw missing(item, name, "a string");
        }
        return value.s();
    }

    /** A string attribute, or null when absent or NULL. */
    static String optionalString(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    static boolean has(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name);
    }

    static long longValue(Map<String, AttributeValue> item, String name) {
        return number(item, name).longValueExact();
    }

    static double doubleValue(Map<String, AttributeValue> item, String name) {
        return Double.parseDouble(numberText(item, name));
    }

    static Instant instant(Map<String, AttributeValue> item, String name) {
        BigDecimal seconds = number(item, name);
        BigDecimal whole = new BigDecimal(seconds.toBigInteger());
        return Instant.ofEpochSecond(
                whole.longValueExact(),
                seconds.subtract(whole).movePointRight(9).intValueExact());
    }

    static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.bool() == null) {
            throw missing(item, name, "a boolean");
        }
        return value.bool();
    }

    private static BigDecimal number(Map<String, AttributeValue> item, String name) {
        try {
            return new BigDecimal(numberText(item, name));
        } catch (ArithmeticException | NumberFormatException e) {
            throw new StoreUnavailableException(
                    "item " + keyOf(item) + " has " + name + " "
                            + item.get(name).n() + ", which is not what the store wrote",
                    e);
        }
    }

    private static String numberText(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.n() == null) {
            throw missing(item, name, "a number");
        }
        return value.n();
    }

    /**
     * The longest start of {@code text} that fits in {@code maxBytes} of UTF-8, never splitting a
     * character: sort keys have a byte limit, the texts in them do not.
     */
    static String truncateUtf8(String text, int maxBytes) {
        if (text.length() * 3 <= maxBytes || text.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return text;
        }
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end);
    }

    static String keyOf(Map<String, AttributeValue> item) {
        AttributeValue pk = item.get(Layout.PK);
        AttributeValue sk = item.get(Layout.SK);
        return (pk == null ? "?" : pk.s()) + "/" + (sk == null ? "?" : sk.s());
    }

    private static StoreUnavailableException missing(Map<String, AttributeValue> item, String name, String what) {
        return new StoreUnavailableException(
                "item " + keyOf(item) + " has no " + name + " (" + what + "); was it written by another program?");
    }
}
