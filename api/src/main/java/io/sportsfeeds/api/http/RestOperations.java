package io.sportsfeeds.api.http;

import io.sportsfeeds.core.domain.Role;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The REST API's operations, in one place: {@link RestApi} answers exactly these, each for the
 * roles named here, and a deployment reads the same table to configure what stands in front of it
 * (infra-cdk's stack makes API Gateway check the provider's API key on {@link #callableBy
 * callableBy(PROVIDER)}; app-lambda's REST handler answers those without checking the key again).
 */
public final class RestOperations {
    private static final Set<Role> INGEST = Set.of(Role.PROVIDER);
    private static final Set<Role> ADMIN = Set.of(Role.ADMIN);
    private static final Set<Role> READ = Set.of(Role.PROVIDER, Role.ADMIN, Role.ANALYST);

    /**
     * One operation: a method on a path pattern, and who may call it.
     *
     * @param method upper case ({@code GET}, {@code PUT}, ...)
     * @param path the pattern, its parameters in braces ({@code /games/{id}/odds}), as API Gateway
     *     names a resource
     * @param roles the roles that may call it
     * @param queryParams the query parameters it reads, in the order its errors list them: any other
     *     is refused (a misspelt {@code limt} or {@code aftreSeq} would otherwise be ignored, and the
     *     answer quietly not the one asked for)
     */
    public record Operation(String method, String path, Set<Role> roles, List<String> queryParams) {
        public Operation {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("path must start with /, was " + path);
            }
            roles = Set.copyOf(roles);
            queryParams = List.copyOf(queryParams);
        }

        /** An operation that reads no query parameter. */
        public Operation(String method, String path, Set<Role> roles) {
            this(method, path, roles, List.of());
        }

        /** {@code METHOD path}, as API Gateway names a method of a resource ({@code GET /games/{id}/odds}). */
        public String key() {
            return method + " " + path;
        }

        public boolean allows(Role role) {
            return roles.contains(role);
        }
    }

    public static final Operation LATEST_ODDS = new Operation("GET", "/feeds", READ, List.of("game", "market"));
    public static final Operation INGEST_PUT = new Operation("PUT", "/feeds", INGEST);
    public static final Operation INGEST_POST = new Operation("POST", "/feeds", INGEST);
    public static final Operation HISTORY =
            new Operation("GET", "/games/{id}/odds", READ, List.of("market", "from", "to", "limit", "afterSeq"));
    public static final Operation LIST_GAMES = new Operation("GET", "/games", READ, List.of("date", "from", "to"));
    public static final Operation PUT_GAMES = new Operation("PUT", "/games", ADMIN);
    public static final Operation LIST_CLIENTS = new Operation("GET", "/clients", ADMIN);
    public static final Operation PUT_CLIENTS = new Operation("PUT", "/clients", ADMIN);

    /** Every operation of the REST API. */
    public static final List<Operation> ALL =
            List.of(LATEST_ODDS, INGEST_PUT, INGEST_POST, HISTORY, LIST_GAMES, PUT_GAMES, LIST_CLIENTS, PUT_CLIENTS);

    private RestOperations() {}

    /** The {@linkplain Operation#key() keys} of the operations a caller with {@code role} may call, in table order. */
    public static Set<String> callableBy(Role role) {
        Objects.requireNonNull(role, "role");
        Set<String> keys = new LinkedHashSet<>();
        ALL.stream().filter(op -> op.allows(role)).forEach(op -> keys.add(op.key()));
        return Set.copyOf(keys);
    }
}
