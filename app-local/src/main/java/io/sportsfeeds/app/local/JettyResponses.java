package io.sportsfeeds.app.local;

import io.sportsfeeds.api.http.HttpResponse;
import java.nio.ByteBuffer;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Answers written on Jetty's core handler API, by the handlers in front of Javalin. */
final class JettyResponses {
    private JettyResponses() {}

    /** Writes {@code answer} (status, headers, body) as the whole response; completes {@code callback}. */
    static void write(Response response, HttpResponse answer, Callback callback) {
        response.setStatus(answer.status());
        answer.headers().forEach(response.getHeaders()::put);
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
    }
}
