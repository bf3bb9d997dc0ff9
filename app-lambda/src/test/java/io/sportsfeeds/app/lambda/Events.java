package io.sportsfeeds.app.lambda;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Real event JSON (the reference events, copied from ../shared/reference) read as the Lambda runtime reads it. */
final class Events {
    private Events() {}

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
