package io.sportsfeeds.app.local;

import io.sportsfeeds.core.domain.Role;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The credentials a start made: development keys for roles given none, and secrets for the seeded
 * sample clients. They exist in clear only here, to be shown once on the console (not through the
 * log), and are gone after: the data directory keeps their hashes. {@link #toString} shows none.
 *
 * @param keys the keys made, by role
 * @param secrets the secrets made, one per client
 */
record MadeCredentials(Map<Role, String> keys, List<Secret> secrets) {
    /** A client's new secret. */
    record Secret(String clientId, boolean active, String secret) {
        @Override
        public String toString() {
            return "Secret[" + clientId + "]";
        }
    }

    static final MadeCredentials NONE = new MadeCredentials(Map.of(), List.of());
    /** The WebSocket client the console suggests, pinned to the version the README's examples were run with. */
    static final String WSCAT = "npx -y wscat@6.1.0 -c";

    MadeCredentials {
        keys = Map.copyOf(keys);
        secrets = List.copyOf(secrets);
    }

    boolean isEmpty() {
        return keys.isEmpty() && secrets.isEmpty();
    }

    Optional<String> secretOf(String clientId) {
        return secrets.stream()
                .filter(secret -> secret.clientId().equals(clientId))
                .map(Secret::secret)
                .findFirst();
    }

    /**
     * What {@code serve} prints: each credential with what it is for, and the README's two commands
     * with them filled in.
     *
     * @param authOn false under {@code --no-auth}: the secrets are for when it is on again
     */
    List<String> notice(URI httpUrl, String dataDir, boolean authOn) {
        List<String> lines = new ArrayList<>();
        lines.add("Made on this first start and shown only now; " + dataDir + " keeps only their hashes:");
        String provider = keys.get(Role.PROVIDER);
        String admin = keys.get(Role.ADMIN);
        if (provider != null) {
            lines.add("  provider key  " + provider + "   (header x-api-key: PUT/POST /feeds, reads)");
        }
        if (admin != null) {
            lines.add("  admin key     " + admin + "   (header x-api-key: /games, /clients)");
        }
        for (Secret secret : secrets) {
            lines.add("  " + secret.clientId() + " secret  " + secret.secret()
                    + (secret.active() ? "" : "   (the client is inactive)"));
        }
        if (!authOn) {
            lines.add("Authentication is off (--no-auth): these take effect when it is on.");
            return lines;
        }
        lines.add(
                "Clients connect with ws://HOST:PORT/ws?client=ID&secret=SECRET and read with headers x-client-id and x-client-secret. Try:");
        String ws = "ws" + httpUrl.toString().substring("http".length()) + WebServer.WEBSOCKET_PATH;
        secretOf("client-001")
                .ifPresent(
                        secret -> lines.add("  " + WSCAT + " \"" + ws + "?client=client-001&secret=" + secret + "\""));
        if (provider != null) {
            lines.add("  curl -X PUT -H \"x-api-key: " + provider + "\" -H \"Content-Type: application/json\" "
                    + "-d @api/src/test/resources/io/sportsfeeds/api/reference/provider-odds-batch.json " + httpUrl
                    + "/feeds");
        }
        lines.add("Lost one? Delete " + LocalKeys.FILE_NAME
                + " in the data directory for new keys; give a client a new secret with PUT /clients.");
        return lines;
    }

    @Override
    public String toString() {
        return "MadeCredentials[keys for " + keys.keySet() + ", secrets for " + secrets + "]";
    }
}
