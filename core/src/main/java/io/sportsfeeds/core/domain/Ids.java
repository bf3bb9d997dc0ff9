package io.sportsfeeds.core.domain;

/** Checks ids that arrive alone (a query parameter, a path segment) by the same rules as the records. */
public final class Ids {
  private Ids() {}

  /**
   * @param field how the caller names the id ({@code game})
   * @return the id, when it keeps to the rules
   * @throws InvalidInputException naming the field otherwise
   */
  public static String requireGameId(String field, String value) {
    Rules.require(field, Rules.idProblem(value, Rules.MAX_ID_LENGTH));
    return value;
  }

  /** As {@link #requireGameId}, for a market. */
  public static String requireMarket(String field, String value) {
    Rules.require(field, Rules.idProblem(value, Rules.MAX_MARKET_LENGTH));
    return value;
  }
}
