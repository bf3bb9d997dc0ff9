package io.sportsfeeds.core.domain;

/** A request is larger than a documented limit (too many updates in one batch, for example). */
public final class LimitExceededException extends RuntimeException {
  private final String field;
  private final long limit;
  private final long actual;

  public LimitExceededException(String field, long limit, long actual) {
    super(field + " must hold at most " + limit + " items, was " + actual);
    this.field = field;
    this.limit = limit;
    this.actual = actual;
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
