package io.sportsfeeds.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The reference payloads: one example of every format that crosses a boundary of the system (provider batch,
 * pushed message, AWS events). They are test resources of this module, published in its test-jar, so every module
 * tests against the same bytes and a fresh clone needs nothing beside it.
 */
public final class Reference {
    private Reference() {}

    public static byte[] bytes(String name) {
        try (InputStream in = Reference.class.getResourceAsStream("reference/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no reference payload named " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading reference payload " + name, e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }
}
