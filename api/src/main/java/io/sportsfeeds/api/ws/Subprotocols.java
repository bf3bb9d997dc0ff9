package io.sportsfeeds.api.ws;

import io.sportsfeeds.api.auth.RequestCredentials;
import io.sportsfeeds.core.domain.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The WebSocket subprotocols a client offers in {@code Sec-WebSocket-Protocol} (RFC 6455, section
 * 4.1), and the one the server accepts. A browser that offers any fails a handshake whose answer
 * names none of them, so one is always accepted when any is offered: {@value
 * RequestCredentials#SUBPROTOCOL} when offered, else the first. A secret offered as {@code
 * sportsfeeds.secret.*} is never named back: it must come with {@value
 * RequestCredentials#SUBPROTOCOL} beside it, which is then the one accepted.
 */
public final class Subprotocols {
    private Subprotocols() {}

    /**
     * The subprotocols of a {@code Sec-WebSocket-Protocol} header's value (or of several, joined with
     * commas), in the order offered; empty for none.
     */
    public static List<String> parse(String header) {
        List<String> offered = new ArrayList<>();
        if (header != null) {
            for (String protocol : header.split(",")) {
                if (!protocol.isBlank()) {
                    offered.add(protocol.strip());
                }
            }
        }
        return List.copyOf(offered);
    }

    /**
     * The subprotocol to accept of those offered; empty when none was offered.
     *
     * @throws InvalidInputException when a secret is offered without {@value
     *     RequestCredentials#SUBPROTOCOL}: the answer must name one offered, and never the secret
     */
    public static Optional<String> accepted(List<String> offered) {
        if (offered.isEmpty()) {
            return Optional.empty();
        }
        if (offered.contains(RequestCredentials.SUBPROTOCOL)) {
            return Optional.of(RequestCredentials.SUBPROTOCOL);
        }
        if (offered.stream().anyMatch(RequestCredentials::carriesSecret)) {
            throw InvalidInputException.of(
                    RequestCredentials.SUBPROTOCOLS_HEADER,
                    "must offer " + RequestCredentials.SUBPROTOCOL + " beside "
                            + RequestCredentials.SECRET_SUBPROTOCOL_PREFIX + "<base64url>");
        }
        return Optional.of(offered.getFirst());
    }
}
