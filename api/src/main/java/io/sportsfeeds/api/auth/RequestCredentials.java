package io.sportsfeeds.api.auth;

import io.sportsfeeds.api.http.HttpRequest;
import io.sportsfeeds.core.domain.Credentials;
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
 *       ?client=ID&secret=SECRET} in the query.
 * </ul>
 */
public final class RequestCredentials {
    public static final String API_KEY_HEADER = "x-api-key";
    public static final String CLIENT_ID_HEADER = "x-client-id";
    public static final String CLIENT_SECRET_HEADER = "x-client-secret";
    public static final String CLIENT_PARAM = "client";
    public static final String SECRET_PARAM = "secret";

    private static final Credentials.Names HEADERS =
            new Credentials.Names(API_KEY_HEADER, CLIENT_ID_HEADER, CLIENT_SECRET_HEADER, "header");
    private static final Credentials.Names QUERY =
            new Credentials.Names(null, CLIENT_PARAM, SECRET_PARAM, "query parameter");

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
        return new Credentials(null, single(query, CLIENT_PARAM), single(query, SECRET_PARAM), QUERY);
    }

    private static String single(Map<String, List<String>> query, String name) {
        return HttpRequest.singleValue(query, name).orElse(null);
    }
}
