package io.sportsfeeds.core.domain;

/**
 * The rules every domain value follows, shared by the records' constructors (which refuse to be
 * built invalid) and by {@link FieldReader} (which reports every broken rule of an input at once).
 * Each check returns the problem, or {@code null} when the value is fine.
 */
final class Rules {
  static final String ID_CHARACTERS = "letters, digits, '.', '_', ':', '@' or '-'";
  static final int MAX_ID_LENGTH = 128;
  static final int MAX_MARKET_LENGTH = 64;
  static final int MAX_TEXT_LENGTH = 1024;
  /** Epoch values below this are seconds, above it milliseconds (10^11 s is the year 5138). */
  static final long MILLIS_THRESHOLD = 100_000_000_000L;
  /** 10000-01-01T00:00Z: later times are input errors, and store keys give times a fixed width. */
  static final long END_OF_YEAR_9999_MILLIS = 253_402_300_800_000L;

  private Rules() {}

  /**
   * Ids become parts of store keys, so they keep to characters that need no escaping there. A
   * loop rather than a regular expression: every update's ids pass here on the ingest path.
   */
  private static boolean isIdText(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
              || c == '.' || c == '_' || c == ':' || c == '@' || c == '-';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  static String idProblem(String value, int maxLength) {
    if (value == null) {
      return "is required";
    }
    if (value.isEmpty()) {
      return "must not be empty";
    }
    if (value.length() > maxLength) {
      return "must be at most " + maxLength + " characters, was " + value.length();
    }
    if (!isIdText(value)) {
      return "must contain only " + ID_CHARACTERS + ", was " + quote(value);
    }
    return null;
  }

  static String textProblem(String value) {
    if (value != null && value.length() > MAX_TEXT_LENGTH) {
      return "must be at most " + MAX_TEXT_LENGTH + " characters, was " + value.length();
    }
    return null;
  }

  static String finiteProblem(double value) {
    return Double.isFinite(value) ? null : "must be a finite number, was " + value;
  }

  static String epochProblem(long value) {
    return value > 0 && toEpochMillis(value) < END_OF_YEAR_9999_MILLIS
        ? null
        : "must be a positive epoch time in seconds or milliseconds before the year 10000, was " + value;
  }

  /** For times already in seconds (a game's start), which the store indexes with 12 digits. */
  static String epochSecondsProblem(long seconds) {
    return seconds > 0 && seconds < END_OF_YEAR_9999_MILLIS / 1000
        ? null
        : "must be a positive epoch time in seconds before the year 10000, was " + seconds;
  }

  static void require(String field, String problem) {
    if (problem != null) {
      throw InvalidInputException.of(field, problem);
    }
  }

  static long toEpochMillis(long secondsOrMillis) {
    return secondsOrMillis < MILLIS_THRESHOLD ? secondsOrMillis * 1000 : secondsOrMillis;
  }

  static String quote(Object value) {
    String text = String.valueOf(value);
    if (text.length() > 40) {
      text = text.substring(0, 40) + "...";
    }
    return value instanceof String ? "\"" + text + "\"" : text;
  }
}
