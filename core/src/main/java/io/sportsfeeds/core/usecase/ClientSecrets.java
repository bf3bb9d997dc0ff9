package io.sportsfeeds.core.usecase;

import io.sportsfeeds.core.domain.SecretHash;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Makes, hashes and checks the analysts' client secrets (PBKDF2-HMAC-SHA256 from the JDK, a random
 * salt per secret). Only hashes are stored.
 *
 * <p>The cost depends on who chose the secret, and each hash records its own: a secret an admin
 * chose may be guessable, so it gets {@link #CHOSEN_ITERATIONS} (OWASP's figure for this
 * algorithm, about a quarter of a second here); one the server made holds 192 random bits, which
 * stretching cannot make stronger, so it gets {@link #GENERATED_ITERATIONS}, and seeding clients
 * or registering many costs milliseconds.
 */
public final class ClientSecrets {
    public static final int CHOSEN_ITERATIONS = 600_000;
    public static final int GENERATED_ITERATIONS = 1_000;
    /** Made secrets start with it, so that a leaked one is recognised (as scanners spot keys). */
    public static final String GENERATED_PREFIX = "sfs_";

    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int SECRET_BYTES = 24;

    private final SecureRandom random;
    private final int chosenIterations;

    public ClientSecrets(SecureRandom random) {
        this(random, CHOSEN_ITERATIONS);
    }

    /** @param chosenIterations the cost of chosen secrets; tests lower it */
    public ClientSecrets(SecureRandom random, int chosenIterations) {
        this.random = Objects.requireNonNull(random, "random");
        if (chosenIterations < 1 || chosenIterations > SecretHash.MAX_ITERATIONS) {
            throw new IllegalArgumentException("chosenIterations must be between 1 and " + SecretHash.MAX_ITERATIONS
                    + ", was " + chosenIterations);
        }
        this.chosenIterations = chosenIterations;
    }

    /** A new secret and its hash. {@link #toString} does not show the secret. */
    public record Generated(String secret, SecretHash hash) {
        @Override
        public String toString() {
            return "Generated[" + hash + "]";
        }
    }

    /** A new secret: {@code sfs_} and 32 URL-safe characters, so it goes in a query string as it is. */
    public Generated generate() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        String secret =
                GENERATED_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new Generated(secret, hash(secret, GENERATED_ITERATIONS));
    }

    /** The hash of a secret an admin chose. */
    public SecretHash hash(String chosen) {
        return hash(chosen, chosenIterations);
    }

    /** True when {@code secret} is the one {@code hash} was made from; compared in constant time. */
    public boolean matches(String secret, SecretHash hash) {
        return MessageDigest.isEqual(pbkdf2(secret, hash.salt(), hash.iterations()), hash.hash());
    }

    private SecretHash hash(String secret, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return SecretHash.of(iterations, salt, pbkdf2(secret, salt, iterations));
    }

    private static byte[] pbkdf2(String secret, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, SecretHash.HASH_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has " + ALGORITHM, e);
        } finally {
            spec.clearPassword();
        }
    }
}
