package io.sportsfeeds.app.lambda;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Real event JSON read as the Lambda runtime reads it: the reference events (copied from
 * ../shared/reference) and, under {@code aws/}, events in the shape of AWS's documented samples.
 */
final class Events {
    private Events() {}

    /** A test resource as text (a reference payload). */
    static String text(String resource) {
        try (InputStream in = Events.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T read(String resource, Class<T> type) {
        try (InputStream json = Events.class.getResourceAsStream(resource)) {
            if (json == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return LambdaEventSerializers.serializerFor(type, Events.class.getClassLoader())
                    .fromJson(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
