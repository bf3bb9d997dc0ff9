package io.sportsfeeds.app.local;

import io.sportsfeeds.core.domain.ApiKey;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * How {@code serve} authenticates callers.
 *
 * @param enabled false with {@code --no-auth}: anyone may do anything, which only a server bound to
 *     loopback may allow
 * @param apiKeys the providers' keys ({@code --api-key}); none: a development key is made on the
 *     first start and kept in the data directory
 * @param adminKeys the admins' keys ({@code --admin-key}); none: the same
 */
record AuthSettings(boolean enabled, List<String> apiKeys, List<String> adminKeys) {
    AuthSettings {
        apiKeys = List.copyOf(apiKeys);
        adminKeys = List.copyOf(adminKeys);
        requireUsable("--api-key", apiKeys);
        requireUsable("--admin-key", adminKeys);
    }

    /** Authentication on, with keys made on the first start. */
    static AuthSettings madeKeys() {
        return new AuthSettings(true, List.of(), List.of());
    }

    /** Authentication on with these keys (a key may be in both lists: it then may do both). */
    static AuthSettings keys(List<String> apiKeys, List<String> adminKeys) {
        return new AuthSettings(true, apiKeys, adminKeys);
    }

    static AuthSettings off() {
        return new AuthSettings(false, List.of(), List.of());
    }

    /**
     * Why these settings cannot serve on {@code host}, if they cannot: without authentication the
     * server must not be reachable from other machines.
     */
    Optional<String> problemOn(String host) {
        if (enabled || isLoopback(host)) {
            return Optional.empty();
        }
        return Optional.of(
                "--no-auth is refused with --host " + host
                        + ": without authentication the server may only listen on loopback "
                        + "(127.0.0.1, ::1 or localhost); drop --no-auth and use the keys printed on the first start, or bind to loopback");
    }

    private static boolean isLoopback(String host) {
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException unknown) {
            return false; // and the server could not bind there either
        }
    }

    private static void requireUsable(String option, List<String> keys) {
        for (String key : keys) {
            String problem = ApiKey.problem(key);
            if (problem != null) {
                throw new IllegalArgumentException(option + " " + problem);
            }
        }
    }
}
