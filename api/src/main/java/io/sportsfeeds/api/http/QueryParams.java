package io.sportsfeeds.api.http;

import io.sportsfeeds.core.domain.HistoryQuery;
import io.sportsfeeds.core.domain.InvalidInputException;
import io.sportsfeeds.core.domain.Rules;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads typed query parameters; a bad value is an {@link InvalidInputException} naming the
 * parameter, worded by {@link Rules#mustBe}: first what kind of value it must be, then its range.
 */
final class QueryParams {
    private final HttpRequest request;

    QueryParams(HttpRequest request) {
        this.request = request;
    }

    /** A parameter's value; an empty value counts as absent, two values are refused ({@link HttpRequest#singleValue}). */
    Optional<String> text(String name) {
        return request.queryParam(name).filter(value -> !value.isEmpty());
    }

    String required(String name) {
        return text(name).orElseThrow(() -> InvalidInputException.of(name, "is required"));
    }

    /** An epoch time in seconds or milliseconds that the store could hold ({@link Rules#EPOCH_TIME}), as milliseconds. */
    long epochMillis(String name, long defaultMillis) {
        Optional<BigInteger> value = wholeNumber(name);
        if (value.isEmpty()) {
            return defaultMillis;
        }
        BigInteger time = value.get();
        if (time.bitLength() >= Long.SIZE || !Rules.isEpoch(time.longValue())) {
            throw InvalidInputException.of(name, Rules.mustBe(Rules.EPOCH_TIME, Rules.describe(time)));
        }
        return HistoryQuery.epochMillis(time.longValue());
    }

    /** A whole number in {@code [min, max]}. */
    int integer(String name, int min, int max, int defaultValue) {
        return (int) number(name, min, max, defaultValue);
    }

    /** A whole number in {@code [min, max]}, as large as a long. */
    long number(String name, long min, long max, long defaultValue) {
        Optional<BigInteger> value = wholeNumber(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        BigInteger number = value.get();
        if (number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0) {
            throw InvalidInputException.of(name, Rules.mustBe(Rules.between(min, max), Rules.describe(number)));
        }
        return number.longValueExact();
    }

    Optional<LocalDate> day(String name) {
        return text(name).map(value -> {
            try {
                // Four digits of year only: LocalDate also reads "+999999999-12-31", whose next day does not exist.
                if (!value.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
                    throw new DateTimeParseException("not YYYY-MM-DD", value, 0);
                }
                return LocalDate.parse(value);
            } catch (DateTimeParseException notADay) {
                throw InvalidInputException.of(name, Rules.mustBe("a day as YYYY-MM-DD", Rules.describe(value)));
            }
        });
    }

    boolean has(String name) {
        return text(name).isPresent();
    }

    /** Any whole number, however large, so that a range check can name a value out of range as sent. */
    private Optional<BigInteger> wholeNumber(String name) {
        return text(name).map(value -> {
            try {
                return new BigInteger(value);
            } catch (NumberFormatException notWhole) {
                throw InvalidInputException.of(name, Rules.mustBe(Rules.WHOLE_NUMBER, Rules.describe(value)));
            }
        });
    }
}
