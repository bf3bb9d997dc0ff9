package io.sportsfeeds.adapters.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The reference payloads of the Kinesis side (copies of the repository's shared examples). */
final class Reference {
    private Reference() {}

    static byte[] bytes(String name) {
        try (InputStream in = Reference.class.getResourceAsStream("reference/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no reference payload named " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading reference payload " + name, e);
        }
    }
}
