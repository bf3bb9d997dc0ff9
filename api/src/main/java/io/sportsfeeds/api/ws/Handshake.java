package io.sportsfeeds.api.ws;

import io.sportsfeeds.core.domain.Client;
import java.util.Objects;

/**
 * What to answer a WebSocket upgrade request: go ahead, or refuse with an HTTP status and a JSON
 * error body (sent instead of the 101, so the connection never opens).
 *
 * @param status 101 when accepted, else the refusal's status (400, 401, 403, 503, 500)
 * @param body the JSON error body of a refusal, empty when accepted
 * @param client the client an accepted connection was opened for, as it was read to decide (its
 *     secret and state then): what a server checks the connection against while it stays open;
 *     null when refused
 * @param subprotocol the subprotocol an accepted connection speaks ({@link Subprotocols#accepted}),
 *     for the answer's {@code Sec-WebSocket-Protocol}; null when none was offered, or refused
 */
public record Handshake(boolean accepted, int status, String body, Client client, String subprotocol) {
    public Handshake {
        Objects.requireNonNull(body, "body");
        if (accepted != (status == 101)) {
            throw new IllegalArgumentException(
                    "an accepted handshake has status 101 and a refused one not, was " + status);
        }
        if (accepted != (client != null)) {
            throw new IllegalArgumentException("an accepted handshake names its client and a refused one none");
        }
        if (!accepted && subprotocol != null) {
            throw new IllegalArgumentException("a refused handshake accepts no subprotocol");
        }
    }

    static Handshake accept(Client client, String subprotocol) {
        return new Handshake(true, 101, "", Objects.requireNonNull(client, "client"), subprotocol);
    }

    static Handshake refuse(int status, String body) {
        return new Handshake(false, status, body, null, null);
    }
}
