package io.sportsfeeds.core.domain;

import java.util.Base64;

/**
 * A client's secret as it is stored: salted and stretched with PBKDF2-HMAC-SHA256, never the
 * secret itself. Its text form, {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (salt and hash in
 * standard base64 without padding), is what the stores keep: the embedded store in the client's
 * row, DynamoDB in the client item's {@code SECRETHASH} attribute (a string).
 *
 * <p>{@link #toString} names the algorithm and cost only: a hash is no secret, but it has no
 * business in a log either.
 *
 * @param value the text form
 */
public record SecretHash(String value) {
    public static final String ALGORITHM = "pbkdf2-sha256";
    /** The most iterations a stored hash may ask for: more would let a corrupt row stall a connect. */
    public static final int MAX_ITERATIONS = 10_000_000;

    public static final int MIN_SALT_BYTES = 16;
    public static final int HASH_BYTES = 32;

    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

    public SecretHash {
        Rules.require("secretHash", problem(value));
    }

    /** The text form of a hash made with {@code iterations} over {@code salt}. */
    public static SecretHash of(int iterations, byte[] salt, byte[] hash) {
        return new SecretHash(
                ALGORITHM + "$" + iterations + "$" + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(hash));
    }

    public int iterations() {
        return Integer.parseInt(parts(value)[1]);
    }

    public byte[] salt() {
        return Base64.getDecoder().decode(parts(value)[2]);
    }

    public byte[] hash() {
        return Base64.getDecoder().decode(parts(value)[3]);
    }

    @Override
    public String toString() {
        return "SecretHash[" + ALGORITHM + ", " + iterations() + " iterations]";
    }

    private static String[] parts(String value) {
        return value.split("\\$", -1);
    }

    private static String problem(String value) {
        String expected = "\"" + ALGORITHM + "$<iterations>$<salt>$<hash>\" with a salt of at least " + MIN_SALT_BYTES
                + " bytes and a hash of " + HASH_BYTES + " bytes in base64";
        if (value == null) {
            return "is required";
        }
        String[] parts = parts(value);
        if (parts.length != 4 || !parts[0].equals(ALGORITHM)) {
            return Rules.mustBe(expected, "another form");
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            if (iterations < 1 || iterations > MAX_ITERATIONS) {
                return Rules.mustBe(
                        "a hash of " + Rules.between(1, MAX_ITERATIONS) + " iterations", Rules.describe(iterations));
            }
            if (Base64.getDecoder().decode(parts[2]).length < MIN_SALT_BYTES
                    || Base64.getDecoder().decode(parts[3]).length != HASH_BYTES) {
                return Rules.mustBe(expected, "a shorter or longer salt or hash");
            }
        } catch (IllegalArgumentException notANumberOrNotBase64) { // NumberFormatException is one too
            return Rules.mustBe(expected, "another form");
        }
        return null;
    }
}
