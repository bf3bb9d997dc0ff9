package io.sportsfeeds.core.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One accepted API key, kept as the SHA-256 of the key: providers' and admins' keys are long
 * random strings (or an operator's), so one unsalted hash suffices and checking one costs
 * microseconds on every request. {@link #toString} shows the role only.
 *
 * @param role what the key allows
 * @param sha256 the SHA-256 of the key's UTF-8 bytes, 64 lower-case hex digits
 */
public record ApiKey(Role role, String sha256) {
    public static final int MIN_LENGTH = 16;
    public static final int MAX_LENGTH = 256;

    public ApiKey {
        Objects.requireNonNull(role, "role");
        Rules.require(
                "sha256",
                sha256 != null && sha256.matches("[0-9a-f]{64}")
                        ? null
                        : Rules.mustBe("64 lower-case hex digits", "another form"));
    }

    /**
     * The accepted key {@code key}.
     *
     * @throws InvalidInputException when the key breaks {@link #problem}
     */
    public static ApiKey of(Role role, String key) {
        Rules.require("key", problem(key));
        return new ApiKey(role, HexFormat.of().formatHex(sha256(key)));
    }

    /** True when {@code key} is this key; the comparison takes as long whatever the key. */
    public boolean matches(byte[] presentedSha256) {
        return MessageDigest.isEqual(HexFormat.of().parseHex(sha256), presentedSha256);
    }

    /**
     * What is wrong with a key an operator chose, or null: keys are 16 to 256 visible ASCII
     * characters, so that they fit in a header as they are and cannot be guessed for being short.
     * Never shows the key.
     */
    public static String problem(String key) {
        if (key == null) {
            return "is required";
        }
        if (key.length() < MIN_LENGTH || key.length() > MAX_LENGTH || !visibleAscii(key)) {
            return Rules.mustBe(
                    Rules.between(MIN_LENGTH, MAX_LENGTH) + " visible ASCII characters (no spaces)",
                    key.length() + " characters" + (visibleAscii(key) ? "" : " with others among them"));
        }
        return null;
    }

    /** The SHA-256 of a key as presented. */
    public static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static boolean visibleAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "ApiKey[" + role + "]";
    }
}
