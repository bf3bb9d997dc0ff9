package io.sportsfeeds.api.ws;

import java.util.Objects;

/**
 * What to answer a WebSocket upgrade request: go ahead, or refuse with an HTTP status and a JSON
 * error body (sent instead of the 101, so the connection never opens).
 *
 * @param status 101 when accepted, else the refusal's status (400, 401, 403, 503, 500)
 * @param body the JSON error body of a refusal, empty when accepted
 */
public record Handshake(boolean accepted, int status, String body) {
    public Handshake {
        Objects.requireNonNull(body, "body");
        if (accepted != (status == 101)) {
            throw new IllegalArgumentException(
                    "an accepted handshake has status 101 and a refused one not, was " + status);
        }
    }

    static Handshake accept() {
        return new Handshake(true, 101, "");
    }

    static Handshake refuse(int status, String body) {
        return new Handshake(false, status, body);
    }
}
