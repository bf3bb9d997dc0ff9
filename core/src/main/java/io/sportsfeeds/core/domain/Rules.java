package io.sportsfeeds.core.domain;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rules every domain value follows, shared by the records' constructors (which refuse to be
 * built invalid), by {@link FieldReader} (which reports every broken rule of an input at once) and
 * by the edges that check a value arriving alone (a query parameter, a path segment, a store key).
 * Each {@code ...Problem} check returns the problem, or {@code null} when the value is fine.
 *
 * <p>Every bad value is worded the same way, {@code must be <expected>, was <found>} ({@link
 * #mustBe}), with the value shown by {@link #describe}.
 */
public final class Rules {
    static final String ID_CHARACTERS = "letters, digits, '.', '_', ':', '@' or '-'";
    static final int MAX_ID_LENGTH = 128;
    static final int MAX_MARKET_LENGTH = 64;
    static final int MAX_TEXT_LENGTH = 1024;
    /** Epoch values below this are seconds, above it milliseconds (10^11 s is the year 5138). */
    static final long MILLIS_THRESHOLD = 100_000_000_000L;
    /** 10000-01-01T00:00Z: later times are input errors, and store keys give times a fixed width. */
    static final long END_OF_YEAR_9999_MILLIS = 253_402_300_800_000L;

    /** What a time the store keeps must be; also what a time bound of a query must be. */
    public static final String EPOCH_TIME = "a positive epoch time in seconds or milliseconds before the year 10000";
    /** What a count or a time must be before its range ({@link #between}, {@link #EPOCH_TIME}) is checked. */
    public static final String WHOLE_NUMBER = "a whole number";

    public static final String FINITE_NUMBER = "a finite number";
    /**
     * The largest magnitude of an odds price or line. American odds of a 10,000-to-1 shot are
     * +1000000 and no handicap or total comes near: a larger value is a provider's bug, not a price
     * to pass on to analysts (and from 10^126 on not even a number DynamoDB can store).
     */
    public static final double MAX_ODDS_MAGNITUDE = 1_000_000;
    /** What an odds price or line must be, after being finite. */
    public static final String ODDS_NUMBER = "a number between -1000000 and 1000000";

    public static final String STRING = "a string";
    public static final String STRING_OR_FINITE_NUMBER = "a string or a finite number";
    public static final String BOOLEAN = "true or false";
    public static final String OBJECT = "an object";
    public static final String NON_EMPTY_ARRAY = "a non-empty array";

    private Rules() {}

    /**
     * The one wording of a bad value: {@code must be <expected>, was <found>}, as in {@code must be
     * a finite number, was NaN}. The field's name goes in front ({@link FieldError#message}).
     *
     * @param expected what the value must be ({@code a finite number})
     * @param found what it was: a value shown by {@link #describe}, or what was found instead of one
     *     ({@code malformed JSON at line 1, column 3})
     */
    public static String mustBe(String expected, String found) {
        return "must be " + expected + ", was " + found;
    }

    /**
     * How a bad value is shown in a problem: strings in double quotes, objects and arrays by kind,
     * anything else as written; long values cut at 40 characters.
     */
    public static String describe(Object value) {
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "an empty array" : "an array";
        }
        String text = String.valueOf(value);
        if (text.length() > 40) {
            text = text.substring(0, 40) + "...";
        }
        return value instanceof String ? "\"" + text + "\"" : text;
    }

    /** {@code at most 128 characters}: the expectation of every length limit. */
    public static String atMost(long limit, String unit) {
        return "at most " + limit + " " + unit;
    }

    /** {@code between 1 and 10000}, both included. */
    public static String between(long min, long max) {
        return "between " + min + " and " + max;
    }

    /**
     * Refuses a range whose start is after its end, naming {@code from}. Both are shown as instants:
     * the request may have given seconds or milliseconds.
     *
     * @throws InvalidInputException when {@code from} is after {@code to}
     */
    public static void requireFromNotAfterTo(Instant from, Instant to) {
        if (from.isAfter(to)) {
            throw InvalidInputException.of("from", mustBe("at or before to (" + to + ")", from.toString()));
        }
    }

    /**
     * Ids become parts of store keys, so they keep to characters that need no escaping there. A
     * loop rather than a regular expression: every update's ids pass here on the ingest path.
     */
    private static boolean isIdText(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == ':'
                    || c == '@'
                    || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /**
     * The one id rule, for ids of games, clients and provider updates: 1 to 128 letters, digits,
     * '.', '_', ':', '@' or '-'. For callers that answer rather than refuse: a store asked for a key
     * it could never have written answers nothing. Markets keep to the same rule, at most 64 long.
     */
    public static boolean isId(String value) {
        return idProblem(value, MAX_ID_LENGTH) == null;
    }

    /**
     * Checks an id that arrives alone (a query parameter, a path segment) by the records' rule.
     *
     * @param field how the caller names the id ({@code game})
     * @return the id
     * @throws InvalidInputException naming the field when the id breaks the rule
     */
    public static String requireId(String field, String value) {
        require(field, idProblem(value, MAX_ID_LENGTH));
        return value;
    }

    /** As {@link #requireId}, for a market (at most 64 characters). */
    public static String requireMarket(String field, String value) {
        require(field, idProblem(value, MAX_MARKET_LENGTH));
        return value;
    }

    static String idProblem(String value, int maxLength) {
        if (value == null) {
            return "is required";
        }
        if (value.isEmpty()) {
            return "must not be empty";
        }
        if (value.length() > maxLength) {
            return mustBe(atMost(maxLength, "characters"), describe(value.length()));
        }
        if (!isIdText(value)) {
            return "must contain only " + ID_CHARACTERS + ", was " + describe(value);
        }
        return null;
    }

    static String textProblem(String value) {
        return value != null && value.length() > MAX_TEXT_LENGTH ? textLengthProblem(value.length()) : null;
    }

    /**
     * What is wrong with text that is not Unicode, or null: a surrogate without its pair (JSON's
     * {@code "\\uD800"} decodes to one) has no UTF-8 form, so it would be stored as one thing and
     * pushed as another ({@code ?}). Checked on input only: what is stored stays readable.
     */
    static String unicodeProblem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++; // a pair: one character
            } else if (Character.isSurrogate(c)) {
                return mustBe(
                        "Unicode text",
                        "a lone surrogate \\u" + Integer.toHexString(c).toUpperCase(Locale.ROOT) + " at character "
                                + i);
            }
        }
        return null;
    }

    static String textLengthProblem(long length) {
        return mustBe(atMost(MAX_TEXT_LENGTH, "characters"), describe(length));
    }

    static String finiteProblem(double value) {
        return Double.isFinite(value) ? null : mustBe(FINITE_NUMBER, describe(value));
    }

    /** A problem when {@code value} is not finite, or beyond {@link #MAX_ODDS_MAGNITUDE}; null when fine. */
    static String oddsNumberProblem(double value) {
        String notFinite = finiteProblem(value);
        if (notFinite != null) {
            return notFinite;
        }
        return Math.abs(value) <= MAX_ODDS_MAGNITUDE ? null : mustBe(ODDS_NUMBER, describe(value));
    }

    /** Whether a time, in epoch seconds or milliseconds, is one the store can keep ({@link #EPOCH_TIME}). */
    public static boolean isEpoch(long value) {
        return value > 0 && toEpochMillis(value) < END_OF_YEAR_9999_MILLIS;
    }

    static String epochProblem(long value) {
        return isEpoch(value) ? null : mustBe(EPOCH_TIME, describe(value));
    }

    /** For times already in seconds (a game's start), which the store indexes with 12 digits. */
    static String epochSecondsProblem(long seconds) {
        return seconds > 0 && seconds < END_OF_YEAR_9999_MILLIS / 1000
                ? null
                : mustBe("a positive epoch time in seconds before the year 10000", describe(seconds));
    }

    static void require(String field, String problem) {
        if (problem != null) {
            throw InvalidInputException.of(field, problem);
        }
    }

    static long toEpochMillis(long secondsOrMillis) {
        return secondsOrMillis < MILLIS_THRESHOLD ? secondsOrMillis * 1000 : secondsOrMillis;
    }
}
