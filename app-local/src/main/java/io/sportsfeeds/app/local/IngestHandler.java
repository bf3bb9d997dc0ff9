package io.sportsfeeds.app.local;

import io.sportsfeeds.api.http.ErrorResponses;
import io.sportsfeeds.api.http.HttpRequest;
import io.sportsfeeds.api.http.HttpResponse;
import io.sportsfeeds.api.http.RestApi;
import io.sportsfeeds.core.domain.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code PUT /feeds}, the providers' hot path, on Jetty's core handler API in front of Javalin: the
 * request reaches {@link RestApi} as it would through {@link WebServer}'s route, with the same
 * refusals and the same request metrics, but without the servlet request and response and the
 * Javalin context built around every request, which took more of a single-update request's server
 * CPU than RestApi itself (docs/BENCHMARKS.md). Every other request goes on to Javalin.
 */
final class IngestHandler extends Handler.Wrapper {
    static final String PATH = "/feeds";

    private final RestApi api;
    private final ServerMetrics metrics;

    IngestHandler(RestApi api, ServerMetrics metrics) {
        this.api = api;
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!HttpMethod.PUT.is(request.getMethod())
                || !PATH.equals(request.getHttpURI().getPath())) {
            return super.handle(request, response, callback);
        }
        long started = System.nanoTime();
        HttpResponse answer = answer(request, response);
        response.setStatus(answer.status());
        answer.headers().forEach((name, value) -> response.getHeaders().put(name, servletForm(name, value)));
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
        metrics.request(HttpMethod.PUT.asString(), PATH, answer.status(), System.nanoTime() - started);
        return true;
    }

    /**
     * A Content-Type as the servlet layer writes the other routes' ({@code application/json;charset=utf-8}),
     * so that every answer carries the same form.
     */
    private static String servletForm(String name, String value) {
        return HttpHeader.CONTENT_TYPE.is(name) ? value.replace("; charset=", ";charset=") : value;
    }

    /** What {@code WebServer.serve} answers, for a request known to be {@code PUT /feeds}. */
    private HttpResponse answer(Request request, Response response) {
        String transferEncoding = request.getHeaders().get(HttpHeader.TRANSFER_ENCODING);
        try {
            long declared = request.getLength();
            if (declared > api.maxBodyBytes()) {
                if (RequestBodies.drainedBeforeRefusal(declared, api.maxBodyBytes())) {
                    RequestBodies.discard(Content.Source.asInputStream(request), declared);
                } else {
                    response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
                }
                return FailureResponses.declaredTooLarge(declared, api.maxBodyBytes());
            }
            Map<String, List<String>> query;
            try {
                query = QueryStrings.decode(request.getHttpURI().getQuery());
            } catch (InvalidInputException malformed) {
                return ErrorResponses.invalid(malformed);
            }
            byte[] body = RequestBodies.read(Content.Source.asInputStream(request), api.maxBodyBytes());
            return api.handle(new HttpRequest(HttpMethod.PUT.asString(), PATH, query, headers(request), body));
        } catch (IOException | RuntimeException failed) {
            return FailureResponses.of(HttpMethod.PUT.asString(), PATH, transferEncoding, failed);
        }
    }

    /**
     * The headers by lower-case name, a repeated one's values joined with commas (RFC 9110, section
     * 5.3), as {@link WebServer} hands them too: a second {@code x-api-key} makes the key wrong
     * rather than being ignored.
     */
    private static Map<String, String> headers(Request request) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.merge(field.getLowerCaseName(), field.getValue(), (first, next) -> first + ", " + next);
        }
        return headers;
    }
}
