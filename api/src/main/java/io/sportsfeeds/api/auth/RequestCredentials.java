package io.sportsfeeds.api.auth;

import io.sportsfeeds.api.http.HttpRequest;
import io.sportsfeeds.core.domain.Credentials;
import io.sportsfeeds.core.domain.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Where callers put their credentials, and reading them out of a request for {@link
 * io.sportsfeeds.core.usecase.AuthenticateCallers}.
 *
 * <ul>
 *   <li>REST: providers and admins send their key in {@code x-api-key}, the header API Gateway's
 *       API keys use, so one script works locally and on AWS; analysts' clients reading odds or
 *       games send {@code x-client-id} and {@code x-client-secret}.
 *   <li>WebSocket: browsers cannot set headers on an upgrade, so analysts give {@code
 *       ?client=ID&secret=SECRET} in the query; or, to keep the secret out of URLs (and so out of
 *       access logs and the browser's console), {@code ?client=ID} with the secret offered as a
 *       subprotocol, {@code Sec-WebSocket-Protocol: sportsfeeds, sportsfeeds.secret.<the secret in
 *       base64url>}, the one header a browser lets a page set on an upgrade.
 * </ul>
 */
public final class RequestCredentials {
    public static final String API_KEY_HEADER = "x-api-key";
    public static final String CLIENT_ID_HEADER = "x-client-id";
    public static final String CLIENT_SECRET_HEADER = "x-client-secret";
    public static final String CLIENT_PARAM = "client";
    public static final String SECRET_PARAM = "secret";
    /** Where a WebSocket client offers its subprotocols (RFC 6455, section 4.1). */
    public static final String SUBPROTOCOLS_HEADER = "Sec-WebSocket-Protocol";
    /** The subprotocol the server accepts beside one carrying a secret (which it never names back). */
    public static final String SUBPROTOCOL = "sportsfeeds";
    /** A subprotocol that carries the client's secret: this, then the secret's UTF-8 in base64url. */
    public static final String SECRET_SUBPROTOCOL_PREFIX = "sportsfeeds.secret.";

    private static final Credentials.Names HEADERS =
            new Credentials.Names(API_KEY_HEADER, CLIENT_ID_HEADER, CLIENT_SECRET_HEADER, "header");
    private static final Credentials.Names QUERY = new Credentials.Names(
            null,
            CLIENT_PARAM,
            SECRET_PARAM,
            "query parameter",
            "as the subprotocol " + SECRET_SUBPROTOCOL_PREFIX + "<base64url> beside " + SUBPROTOCOL);
    /**
     * The client id in the query, the secret in {@code Sec-WebSocket-Protocol}: messages that name
     * where a part goes (only a missing one's do) concern the client id, as a secret found in the
     * header is never missing.
     */
    private static final Credentials.Names QUERY_AND_SUBPROTOCOL =
            new Credentials.Names(null, CLIENT_PARAM, SUBPROTOCOLS_HEADER, "query parameter");

    private RequestCredentials() {}

    /** The credentials in a REST request's headers. */
    public static Credentials ofHeaders(HttpRequest request) {
        return new Credentials(
                request.header(API_KEY_HEADER).orElse(null),
                request.header(CLIENT_ID_HEADER).orElse(null),
                request.header(CLIENT_SECRET_HEADER).orElse(null),
                HEADERS);
    }

    /** The credentials in a WebSocket upgrade's query parameters. */
    public static Credentials ofQuery(Map<String, List<String>> query) {
        return ofUpgrade(query, List.of());
    }

    /**
     * The credentials of a WebSocket upgrade: the client id in the query, the secret in the query or
     * in one of the subprotocols offered (not both).
     *
     * @param subprotocols those offered in {@code Sec-WebSocket-Protocol}, in order
     * @throws InvalidInputException when a part is given twice, or a secret's subprotocol is not
     *     base64url
     */
    public static Credentials ofUpgrade(Map<String, List<String>> query, List<String> subprotocols) {
        String clientId = single(query, CLIENT_PARAM);
        String inQuery = single(query, SECRET_PARAM);
        List<String> carried =
                subprotocols.stream().filter(RequestCredentials::carriesSecret).toList();
        if (carried.isEmpty()) {
            return new Credentials(null, clientId, inQuery, QUERY);
        }
        if (carried.size() > 1 || inQuery != null) {
            throw InvalidInputException.of(
                    SECRET_PARAM,
                    "must be given once, in the query parameter " + SECRET_PARAM + " or in " + SUBPROTOCOLS_HEADER);
        }
        return new Credentials(null, clientId, decodeSecret(carried.getFirst()), QUERY_AND_SUBPROTOCOL);
    }

    /** Whether a subprotocol offered carries a secret ({@value #SECRET_SUBPROTOCOL_PREFIX}...). */
    public static boolean carriesSecret(String subprotocol) {
        return subprotocol.startsWith(SECRET_SUBPROTOCOL_PREFIX);
    }

    private static String decodeSecret(String subprotocol) {
        String encoded = subprotocol.substring(SECRET_SUBPROTOCOL_PREFIX.length());
        try {
            return new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64Url) {
            throw InvalidInputException.of(
                    SUBPROTOCOLS_HEADER,
                    "must carry the secret as " + SECRET_SUBPROTOCOL_PREFIX
                            + "<its UTF-8 in base64url>, was not base64url");
        }
    }

    private static String single(Map<String, List<String>> query, String name) {
        return HttpRequest.singleValue(query, name).orElse(null);
    }
}
