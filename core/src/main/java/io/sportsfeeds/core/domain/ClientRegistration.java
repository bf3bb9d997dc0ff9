package io.sportsfeeds.core.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A client as an admin registers it: the client, and the secret the admin chose for it, if any
 * (the use case hashes it at once; only the hash is stored). {@link #toString} never shows the
 * secret.
 *
 * @param client the client as given; for a field left out, a new client's default (no name, active)
 * @param secret the chosen secret, or null to keep the client's secret (or have one made)
 * @param nameGiven whether {@code name} was in the request: left out, a known client keeps its own
 * @param activeGiven whether {@code active} was in the request: left out, a known client keeps its
 *     own (changing a secret must not wake a deactivated client)
 */
public record ClientRegistration(Client client, String secret, boolean nameGiven, boolean activeGiven) {
    public static final int MIN_SECRET_LENGTH = 16;
    public static final int MAX_SECRET_LENGTH = 256;

    public ClientRegistration {
        Objects.requireNonNull(client, "client");
        Rules.require("secret", secret == null ? null : secretProblem(secret));
    }

    /** A registration that gives every field of the client. */
    public ClientRegistration(Client client, String secret) {
        this(client, secret, true, true);
    }

    /**
     * The client to store: the fields given, over the stored client's for those left out (its secret
     * is the use case's business).
     */
    public Client over(Optional<Client> stored) {
        if (stored.isEmpty()) {
            return client;
        }
        Client before = stored.get();
        return new Client(
                client.clientId(),
                nameGiven ? client.name() : before.name(),
                activeGiven ? client.active() : before.active(),
                before.secretHash());
    }

    /**
     * Reads a client and its optional {@code secret} from decoded fields; see {@link Client#read}.
     * Problems with the secret never show its value.
     */
    public static ClientRegistration read(Map<String, ?> fields, String prefix, List<FieldError> errors) {
        int before = errors.size();
        Client client = Client.read(fields, prefix, errors);
        Object secret = fields.get("secret");
        if (secret != null) {
            String problem =
                    secret instanceof String text ? secretProblem(text) : Rules.mustBe(Rules.STRING, "another type");
            if (problem != null) {
                errors.add(new FieldError(prefix + "secret", problem));
            }
        }
        if (errors.size() > before) {
            return null;
        }
        return new ClientRegistration(
                client, (String) secret, fields.containsKey("name"), fields.containsKey("active"));
    }

    /**
     * What is wrong with a chosen secret, or null: 16 to 256 visible ASCII characters, so that it
     * cannot be guessed for being short and fits a header as it is (in a query string, characters
     * such as {@code &} and {@code +} must be percent-encoded).
     */
    public static String secretProblem(String secret) {
        if (secret.length() < MIN_SECRET_LENGTH
                || secret.length() > MAX_SECRET_LENGTH
                || !ApiKey.visibleAscii(secret)) {
            return Rules.mustBe(
                    Rules.between(MIN_SECRET_LENGTH, MAX_SECRET_LENGTH) + " visible ASCII characters (no spaces)",
                    secret.length() + " characters" + (ApiKey.visibleAscii(secret) ? "" : " with others among them"));
        }
        return null;
    }

    @Override
    public String toString() {
        return "ClientRegistration[client=" + client + ", secret=" + (secret == null ? "none" : "given")
                + ", nameGiven=" + nameGiven + ", activeGiven=" + activeGiven + "]";
    }
}
