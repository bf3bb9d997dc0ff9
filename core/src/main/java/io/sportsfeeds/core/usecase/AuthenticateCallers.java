package io.sportsfeeds.core.usecase;

import io.sportsfeeds.core.domain.ApiKey;
import io.sportsfeeds.core.domain.Caller;
import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.Credentials;
import io.sportsfeeds.core.domain.FieldError;
import io.sportsfeeds.core.domain.Role;
import io.sportsfeeds.core.domain.Rules;
import io.sportsfeeds.core.domain.SecretHash;
import io.sportsfeeds.core.port.ClientRegistry;
import io.sportsfeeds.core.usecase.AccessRefusedException.Reason;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Decides who a caller is and whether it may do what it asks, whatever carried the request: the
 * REST API gives it the request's headers, the WebSocket sessions the upgrade's query parameters,
 * in the local server and the Lambda handlers alike.
 *
 * <ul>
 *   <li>An API key ({@link Credentials#apiKey}) is a provider's or an admin's: it is looked up
 *       among the accepted keys by its SHA-256, and gives the roles of the keys it matches.
 *   <li>A client id and secret are an analysts' client's: the client must be registered, its
 *       secret must match the stored hash, and it must be active.
 * </ul>
 *
 * <p>A client's secret is checked with PBKDF2, which is slow on purpose; a secret that was checked
 * once is remembered by its SHA-256 while the client's stored hash stays the same, so a page
 * reading history with client credentials does not pay for it on every request. The client is
 * still read on every request, so a client made inactive or given a new secret is refused at once.
 *
 * <p>Switched {@link #off()}, every caller is {@link Caller#ANYONE}.
 */
public final class AuthenticateCallers {
    /** How many checked secrets are remembered before the memory is cleared (one entry per client). */
    private static final int MAX_REMEMBERED = 10_000;

    private final boolean enabled;
    private final List<ApiKey> keys;
    private final ClientRegistry clients;
    private final ClientSecrets secrets;
    private final Map<String, Checked> checked = new ConcurrentHashMap<>();

    /** A secret that matched a client's stored hash, by its SHA-256. */
    private record Checked(SecretHash hash, byte[] secretSha256) {}

    private AuthenticateCallers(boolean enabled, List<ApiKey> keys, ClientRegistry clients, ClientSecrets secrets) {
        this.enabled = enabled;
        this.keys = List.copyOf(keys);
        this.clients = clients;
        this.secrets = secrets;
    }

    /**
     * Authentication on: the given keys, and the clients of {@code clients}.
     *
     * @param keys the accepted API keys; may be empty (then only clients authenticate)
     */
    public static AuthenticateCallers with(List<ApiKey> keys, ClientRegistry clients, ClientSecrets secrets) {
        return new AuthenticateCallers(
                true, keys, Objects.requireNonNull(clients, "clients"), Objects.requireNonNull(secrets, "secrets"));
    }

    /** Authentication off: every caller may do everything (a server bound to loopback, tests). */
    public static AuthenticateCallers off() {
        return new AuthenticateCallers(false, List.of(), null, null);
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * The caller of a request that needs one of {@code allowed}. An API key is used when given;
     * else, when {@code allowed} has {@link Role#ANALYST}, a client id and secret.
     *
     * @param action what is asked, for messages ({@code PUT /feeds})
     * @throws AccessRefusedException when credentials are missing, wrong, or do not allow the action
     * @throws io.sportsfeeds.core.domain.InvalidInputException when the client id breaks the id rule
     * @throws io.sportsfeeds.core.domain.StoreUnavailableException when the client cannot be read
     */
    public Caller authorize(Credentials credentials, Set<Role> allowed, String action) {
        if (!enabled) {
            return Caller.ANYONE;
        }
        Credentials.Names names = credentials.names();
        boolean analystsAllowed = allowed.contains(Role.ANALYST);
        Caller caller;
        if (credentials.apiKey() != null) {
            caller = keyHolder(credentials);
        } else if (analystsAllowed && (credentials.clientId() != null || credentials.secret() != null)) {
            if (credentials.clientId() == null) {
                throw missing(
                        names,
                        names.clientId(),
                        action + " needs the client's id in " + names.describe(names.clientId()) + " with its secret");
            }
            caller = analyst(credentials);
        } else {
            throw missing(names, names.apiKey(), action + " needs " + what(allowed, names));
        }
        if (!caller.mayActAs(allowed)) {
            throw new AccessRefusedException(
                    Reason.FORBIDDEN, action + " needs " + roles(allowed) + "; the caller gave " + given(caller), null);
        }
        return caller;
    }

    /**
     * The analysts' client a WebSocket connection is opened for: registered, with the right secret,
     * active.
     *
     * @throws ConnectionRefusedException when no client id is given
     * @throws AccessRefusedException when the secret is missing or wrong, or the client unknown or
     *     inactive
     * @throws io.sportsfeeds.core.domain.InvalidInputException when the client id breaks the id rule
     */
    public Caller analyst(Credentials credentials) {
        return analystClient(credentials)
                .map(client -> Caller.analyst(client.clientId()))
                .orElse(Caller.ANYONE);
    }

    /**
     * As {@link #analyst}, answering the client as it was read for the check (one read of the
     * registry), so that a connection can be opened for it without reading it again; empty when
     * authentication is off (then nothing is read).
     */
    public Optional<Client> analystClient(Credentials credentials) {
        if (!enabled) {
            return Optional.empty();
        }
        Credentials.Names names = credentials.names();
        String clientId = credentials.clientId();
        if (clientId == null) {
            throw new ConnectionRefusedException(
                    ConnectionRefusedException.Reason.MISSING_CLIENT,
                    names.describe(names.clientId()) + " is required");
        }
        Rules.requireId(names.clientId(), clientId);
        String secret = credentials.secret();
        if (secret == null) {
            throw missing(
                    names, names.secret(), "client " + clientId + " needs its secret in " + names.describeSecret());
        }
        Client client = clients.client(clientId)
                .orElseThrow(() -> new AccessRefusedException(
                        Reason.UNKNOWN_CLIENT,
                        "client " + clientId + " is not registered",
                        new FieldError(names.clientId(), "is not a registered client")));
        SecretHash hash = client.secretHash();
        if (hash == null) {
            throw new AccessRefusedException(
                    Reason.INVALID_SECRET,
                    "client " + clientId + " has no secret yet; an admin sets one with PUT /clients",
                    new FieldError(names.secret(), "is not the client's secret"));
        }
        if (!matches(clientId, secret, hash)) {
            throw new AccessRefusedException(
                    Reason.INVALID_SECRET,
                    "the secret of client " + clientId + " is wrong",
                    new FieldError(names.secret(), "is not the client's secret"));
        }
        if (!client.active()) {
            throw new AccessRefusedException(Reason.INACTIVE_CLIENT, "client " + clientId + " is not active", null);
        }
        return Optional.of(client);
    }

    private Caller keyHolder(Credentials credentials) {
        byte[] presented = ApiKey.sha256(credentials.apiKey());
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (ApiKey key : keys) { // every key is compared, so the time taken says nothing about which matched
            if (key.matches(presented)) {
                roles.add(key.role());
            }
        }
        if (roles.isEmpty()) {
            String header = credentials.names().apiKey();
            throw new AccessRefusedException(
                    Reason.INVALID_API_KEY,
                    "the key in " + credentials.names().describe(header) + " is not valid",
                    new FieldError(header, "is not a valid key"));
        }
        return new Caller(roles.stream().map(Role::credential).collect(Collectors.joining(" and ")), roles);
    }

    private boolean matches(String clientId, String secret, SecretHash hash) {
        byte[] secretSha256 = ApiKey.sha256(secret);
        Checked known = checked.get(clientId);
        if (known != null && known.hash().equals(hash) && MessageDigest.isEqual(known.secretSha256(), secretSha256)) {
            return true;
        }
        if (!secrets.matches(secret, hash)) {
            return false;
        }
        if (checked.size() >= MAX_REMEMBERED) {
            checked.clear(); // a crude bound: clients check their secret again, once
        }
        checked.put(clientId, new Checked(hash, secretSha256));
        return true;
    }

    private static AccessRefusedException missing(Credentials.Names names, String field, String message) {
        return new AccessRefusedException(
                Reason.MISSING_CREDENTIALS, message, field == null ? null : new FieldError(field, "is required"));
    }

    /** {@code a provider key in the header x-api-key}, {@code ... or a client's id and secret in the headers ...}. */
    private static String what(Set<Role> allowed, Credentials.Names names) {
        Set<Role> keyRoles = EnumSet.copyOf(allowed);
        keyRoles.remove(Role.ANALYST);
        String key = keyRoles.isEmpty() ? "" : roles(keyRoles) + " in " + names.describe(names.apiKey());
        if (!allowed.contains(Role.ANALYST)) {
            return key;
        }
        String client = Role.ANALYST.credential() + " in the " + names.placedIn() + "s " + names.clientId() + " and "
                + names.secret();
        return key.isEmpty() ? client : key + ", or " + client;
    }

    /** {@code an admin key}, {@code a provider key or an admin key}. */
    private static String roles(Set<Role> allowed) {
        return allowed.stream().sorted().map(Role::credential).collect(Collectors.joining(" or "));
    }

    private static String given(Caller caller) {
        return caller.roles().contains(Role.ANALYST) ? "the id and secret of " + caller.name() : caller.name();
    }
}
