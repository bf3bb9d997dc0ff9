package io.sportsfeeds.api.http;

import io.sportsfeeds.core.domain.HistoryQuery;
import io.sportsfeeds.core.domain.InvalidInputException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads typed query parameters; a bad value is an {@link InvalidInputException} naming the parameter. */
final class QueryParams {
  private final HttpRequest request;

  QueryParams(HttpRequest request) {
    this.request = request;
  }

  /** A parameter's value; an empty value counts as absent. */
  Optional<String> text(String name) {
    return request.queryParam(name).filter(value -> !value.isEmpty());
  }

  String required(String name) {
    return text(name).orElseThrow(() -> InvalidInputException.of(name, "is required"));
  }

  /** An epoch time in seconds or milliseconds, as milliseconds. */
  long epochMillis(String name, long defaultMillis) {
    return text(name).map(value -> HistoryQuery.epochMillis(nonNegative(name, value))).orElse(defaultMillis);
  }

  int integer(String name, int defaultValue) {
    Optional<String> value = text(name);
    if (value.isEmpty()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value.get());
    } catch (NumberFormatException notANumber) {
      throw InvalidInputException.of(name, "must be a whole number, was \"" + value.get() + "\"");
    }
  }

  Optional<LocalDate> day(String name) {
    return text(name)
        .map(
            value -> {
              try {
                return LocalDate.parse(value);
              } catch (DateTimeParseException notADay) {
                throw InvalidInputException.of(name, "must be a day as YYYY-MM-DD, was \"" + value + "\"");
              }
            });
  }

  boolean has(String name) {
    return text(name).isPresent();
  }

  private static long nonNegative(String name, String value) {
    long parsed;
    try {
      parsed = Long.parseLong(value);
    } catch (NumberFormatException notANumber) {
      throw InvalidInputException.of(
          name, "must be a whole number of epoch seconds or milliseconds, was \"" + value + "\"");
    }
    if (parsed < 0) {
      throw InvalidInputException.of(name, "must not be negative, was " + parsed);
    }
    return parsed;
  }
}
