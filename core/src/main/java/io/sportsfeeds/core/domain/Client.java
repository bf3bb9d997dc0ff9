package io.sportsfeeds.core.domain;

import java.util.List;
import java.util.Map;

/**
 * An analysts' client (a trading desk) allowed to open WebSocket connections while active.
 *
 * @param name a label for people, or null
 * @param secretHash the hash of the client's secret, or null for a client stored before clients had
 *     secrets (it cannot authenticate until an admin sets one)
 */
public record Client(String clientId, String name, boolean active, SecretHash secretHash) {
    public Client {
        Rules.requireId("clientId", clientId);
        Rules.require("name", Rules.textProblem(name));
    }

    /** A client without a secret. */
    public Client(String clientId, String name, boolean active) {
        this(clientId, name, active, null);
    }

    public Client withSecretHash(SecretHash hash) {
        return new Client(clientId, name, active, hash);
    }

    /**
     * Reads one client from its decoded fields (without its secret: see {@link
     * ClientRegistration#read}); see {@link OddsUpdate#read}. {@code active} defaults to true.
     */
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
