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
    return problem == null ? text : fail(name, problem);
  }

  /** A string or a number, kept as text (providers send game dates both ways). */
  String optionalTextOrNumber(String name) {
    Object value = fields.get(name);
    if (value instanceof Number number) {
      return plain(number);
    }
    return optionalText(name);
  }

  Double finite(String name) {
    Object value = fields.get(name);
    if (value == null) {
      return fail(name, "is required");
    }
    if (!(value instanceof Number number)) {
      return fail(name, Rules.mustBe(Rules.FINITE_NUMBER, Rules.describe(value)));
    }
    double asDouble = number.doubleValue();
    String problem = Rules.finiteProblem(asDouble);
    return problem == null ? asDouble : fail(name, problem);
  }

  Long epoch(String name, boolean required) {
    Object value = fields.get(name);
    if (value == null) {
      return required ? fail(name, "is required") : null;
    }
    Long whole = wholeNumber(value);
    if (whole == null) {
      return fail(name, Rules.mustBe(Rules.WHOLE_NUMBER, Rules.describe(value)));
    }
    String problem = Rules.epochProblem(whole);
    return problem == null ? whole : fail(name, problem);
  }

  Boolean optionalBoolean(String name) {
    Object value = fields.get(name);
    if (value == null || value instanceof Boolean) {
      return (Boolean) value;
    }
    return fail(name, Rules.mustBe(Rules.BOOLEAN, Rules.describe(value)));
  }

  private static Long wholeNumber(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger big && big.bitLength() < 64) {
      return big.longValue();
    }
    if (value instanceof Number number && !(value instanceof BigInteger)) {
      try {
        return new BigDecimal(number.toString()).longValueExact();
      } catch (ArithmeticException | NumberFormatException notWhole) {
        return null;
      }
    }
    return null;
  }

  private static String plain(Number number) {
    if (number instanceof Double || number instanceof Float || number instanceof BigDecimal) {
      return new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
    }
    return number.toString();
  }

  private <T> T fail(String name, String problem) {
    errors.add(new FieldError(prefix + name, problem));
    return null;
  }
}
