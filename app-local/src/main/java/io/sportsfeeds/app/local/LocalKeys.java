package io.sportsfeeds.app.local;

import io.sportsfeeds.core.domain.ApiKey;
import io.sportsfeeds.core.domain.InvalidInputException;
import io.sportsfeeds.core.domain.Role;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The API keys a local server accepts: those given ({@code --api-key}, {@code --admin-key}), and for
 * a role given none, a development key made on the first start and kept in the data directory's
 * {@value #FILE_NAME}, so restarts keep it. The file holds only the SHA-256 of each made key; the
 * key itself is shown once, when it is made. Deleting the file has new keys made on the next start.
 */
final class LocalKeys {
    static final String FILE_NAME = "auth-keys.properties";

    private static final Map<Role, String> PREFIXES = Map.of(Role.PROVIDER, "sfk_", Role.ADMIN, "sfa_");
    private static final int KEY_BYTES = 32;

    /**
     * @param accepted every key the server accepts
     * @param made the keys made on this start, by role: to be shown once, now
     */
    record Keys(List<ApiKey> accepted, Map<Role, String> made) {
        Keys {
            accepted = List.copyOf(accepted);
            made = Map.copyOf(made);
        }

        @Override
        public String toString() {
            return "Keys[" + accepted + ", made for " + made.keySet() + "]";
        }
    }

    private LocalKeys() {}

    /**
     * The keys to accept with {@code settings}, making (and keeping the hash of) a key for each role
     * given none. Call it once the store is open: an empty data directory must hold the store's files
     * before this one.
     *
     * @throws StoreUnavailableException when the keys file cannot be read or written
     */
    static Keys resolve(AuthSettings settings, Path dataDir, SecureRandom random) {
        if (!settings.enabled()) {
            return new Keys(List.of(), Map.of());
        }
        Path file = dataDir.resolve(FILE_NAME);
        Properties kept = read(file);
        List<ApiKey> accepted = new ArrayList<>();
        Map<Role, String> made = new EnumMap<>(Role.class);
        for (Role role : List.of(Role.PROVIDER, Role.ADMIN)) {
            List<String> given = role == Role.PROVIDER ? settings.apiKeys() : settings.adminKeys();
            if (!given.isEmpty()) {
                given.forEach(key -> accepted.add(ApiKey.of(role, key)));
                continue;
            }
            String property = property(role);
            String sha256 = kept.getProperty(property);
            if (sha256 == null) {
                String key = PREFIXES.get(role)
                        + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(random));
                made.put(role, key);
                sha256 = ApiKey.of(role, key).sha256();
                kept.setProperty(property, sha256);
            }
            accepted.add(keptKey(file, role, sha256));
        }
        if (!made.isEmpty()) {
            write(file, kept);
        }
        return new Keys(accepted, made);
    }

    private static String property(Role role) {
        return role.name().toLowerCase(java.util.Locale.ROOT) + ".sha256";
    }

    private static byte[] bytes(SecureRandom random) {
        byte[] bytes = new byte[KEY_BYTES];
        random.nextBytes(bytes);
        return bytes;
    }

    private static ApiKey keptKey(Path file, Role role, String sha256) {
        try {
            return new ApiKey(role, sha256);
        } catch (InvalidInputException corrupt) {
            throw new StoreUnavailableException(file + " holds a " + property(role) + " that is not a SHA-256 ("
                    + corrupt.getMessage() + "); delete the file to have new keys made");
        }
    }

    private static Properties read(Path file) {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(in);
            } catch (IOException e) {
                throw new StoreUnavailableException("cannot read the keys file " + file + ": " + e, e);
            }
        }
        return properties;
    }

    /** Written whole or not at all (a temporary file moved over it), readable by its owner only. */
    private static void write(Path file, Properties properties) {
        StringBuilder text = new StringBuilder("""
            # sportsfeeds: the SHA-256 of the API keys made on a first start (each key was printed once then).
            # Delete this file to have new keys made, and printed, on the next start; --api-key and
            # --admin-key (or SPORTSFEEDS_API_KEYS and SPORTSFEEDS_ADMIN_KEYS) replace them.
            """);
        for (Role role : List.of(Role.PROVIDER, Role.ADMIN)) {
            String sha256 = properties.getProperty(property(role));
            if (sha256 != null) {
                text.append(property(role)).append('=').append(sha256).append('\n');
            }
        }
        Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
        try {
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            ownerOnly(temporary);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException notOnThisFileSystem) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot write the keys file " + file + ": " + e, e);
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file keeps the directory's permissions; it holds hashes only.
        }
    }
}
