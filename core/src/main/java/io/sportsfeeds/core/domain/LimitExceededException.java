package io.sportsfeeds.core.domain;

/** A request is larger than a documented limit (too many updates in one batch, for example). */
public final class LimitExceededException extends RuntimeException {
    private final String field;
    private final long limit;
    private final long actual;
    private final String unit;

    public LimitExceededException(String field, long limit, long actual) {
        this(field, limit, actual, "items");
    }

    /** @param unit what is counted ({@code items}, {@code clients with a chosen secret}) */
    public LimitExceededException(String field, long limit, long actual, String unit) {
        super(field + " " + problem(limit, actual, unit));
        this.field = field;
        this.limit = limit;
        this.actual = actual;
        this.unit = unit;
    }

    private static String problem(long limit, long actual, String unit) {
        return Rules.mustBe(Rules.atMost(limit, unit), Rules.describe(actual));
    }

    /** The limit broken, as a field error: {@code odds must be at most 1000 items, was 1001}. */
    public FieldError error() {
        return new FieldError(field, problem(limit, actual, unit));
    }

    public String field() {
        return field;
    }

    public long limit() {
        return limit;
    }

    public long actual() {
        return actual;
    }
}
