package io.sportsfeeds.core.domain;

import java.util.List;
import java.util.Map;

/**
 * An analysts' client (a trading desk) allowed to open WebSocket connections while active.
 *
 * @param name a label for people, or null
 */
public record Client(String clientId, String name, boolean active) {
  public Client {
    Rules.requireId("clientId", clientId);
    Rules.require("name", Rules.textProblem(name));
  }

  /** Reads one client from its decoded fields; see {@link OddsUpdate#read}. {@code active} defaults to true. */
  public static Client read(Map<String, ?> fields, String prefix, List<FieldError> errors) {
    int before = errors.size();
    FieldReader reader = new FieldReader(fields, prefix, errors);
    String clientId = reader.id("clientId", Rules.MAX_ID_LENGTH);
    String name = reader.optionalText("name");
    Boolean active = reader.optionalBoolean("active");
    if (errors.size() > before) {
      return null;
    }
    return new Client(clientId, name, active == null || active);
  }
}
