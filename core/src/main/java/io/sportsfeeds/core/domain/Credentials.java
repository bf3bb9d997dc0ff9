package io.sportsfeeds.core.domain;

import java.util.Objects;

/**
 * What a caller presented to prove who it is, each part as the transport carried it (a header, a
 * query parameter) and null when missing. {@link #toString} never shows the key or the secret.
 *
 * @param apiKey a provider's or admin's API key
 * @param clientId an analysts' client id
 * @param secret that client's secret
 * @param names what each part is called where it came from, so that messages name it
 */
public record Credentials(String apiKey, String clientId, String secret, Names names) {

    /**
     * The names of the parts where the caller put them.
     *
     * @param apiKey the name of the API key ({@code x-api-key}), or null where no key can be given
     * @param clientId the name of the client id ({@code x-client-id}, {@code client})
     * @param secret the name of the secret ({@code x-client-secret}, {@code secret})
     * @param placedIn what holds them ({@code header}, {@code query parameter})
     * @param secretElsewhere where else the transport takes the secret, for the message that asks
     *     for it ({@code as the subprotocol ...}), or null
     */
    public record Names(String apiKey, String clientId, String secret, String placedIn, String secretElsewhere) {
        public Names {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(secret, "secret");
            Objects.requireNonNull(placedIn, "placedIn");
        }

        /** Names of parts that go in one place only. */
        public Names(String apiKey, String clientId, String secret, String placedIn) {
            this(apiKey, clientId, secret, placedIn, null);
        }

        /** {@code the header x-api-key}, {@code the query parameter secret}. */
        public String describe(String name) {
            return "the " + placedIn + " " + name;
        }

        /** Where the secret goes: {@code the query parameter secret, or as the subprotocol ...}. */
        public String describeSecret() {
            return describe(secret) + (secretElsewhere == null ? "" : ", or " + secretElsewhere);
        }
    }

    /** Blank parts count as missing. */
    public Credentials {
        apiKey = blankToNull(apiKey);
        clientId = blankToNull(clientId);
        secret = blankToNull(secret);
        Objects.requireNonNull(names, "names");
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    @Override
    public String toString() {
        return "Credentials[apiKey=" + (apiKey == null ? "none" : "given") + ", clientId=" + clientId + ", secret="
                + (secret == null ? "none" : "given") + "]";
    }
}
