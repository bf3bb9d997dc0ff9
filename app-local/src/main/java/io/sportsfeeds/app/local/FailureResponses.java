package io.sportsfeeds.app.local;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.sportsfeeds.api.http.ApiError;
import io.sportsfeeds.api.http.ErrorResponses;
import io.sportsfeeds.api.http.HttpResponse;
import io.sportsfeeds.api.http.RestApi;
import io.sportsfeeds.core.domain.FieldError;
import io.sportsfeeds.core.domain.Rules;
import java.io.EOFException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JSON answers to requests that failed in Jetty or Javalin rather than in {@link RestApi}. */
final class FailureResponses {
    private static final Logger LOG = LoggerFactory.getLogger(FailureResponses.class);

    private FailureResponses() {}

    /**
     * What a request that failed outside {@link RestApi} gets. A broken request (a bad chunk, a body
     * cut short or stalled, an upgrade Jetty refused) is the client's doing: its status, at debug level. Anything
     * else is ours: 500, logged with its stack.
     */
    static HttpResponse of(Context ctx, Exception e) {
        return of(ctx.method().name(), ctx.path(), ctx.header("Transfer-Encoding"), e);
    }

    /** As {@link #of(Context, Exception)}, for a request known by its method, path and framing. */
    static HttpResponse of(String method, String path, String transferEncoding, Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            // First: Jetty's early EOF is an HttpException too, but this says more.
            if (cause instanceof EOFException) {
                return endedEarly(method, path, transferEncoding);
            }
            if (cause instanceof TimeoutException) {
                LOG.debug("the body of {} {} stopped arriving: {}", method, path, cause.toString());
                return ErrorResponses.of(
                        408,
                        ErrorResponses.INVALID_REQUEST,
                        "the request body stopped arriving: nothing came for the server's idle timeout",
                        List.of(new FieldError(
                                "body", "stopped arriving before its end, nothing came for the idle timeout")));
            }
            if (cause instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
                LOG.debug("refused {} {}: {}", method, path, cause.toString());
                return ErrorResponses.of(
                        http.getCode(), ErrorResponses.INVALID_REQUEST, "the request is malformed: " + reasonOf(cause));
            }
        }
        LOG.error("unexpected failure of {} {}", method, path, e);
        return ErrorResponses.of(500, ErrorResponses.INTERNAL_ERROR, ApiError.INTERNAL_ERROR_MESSAGE);
    }

    /**
     * A body that ended before its framing said. Jetty's parser reports a malformed chunk (a bad size,
     * a missing CRLF) after the head the same way as a connection closed early, so for a chunked body
     * both are blamed on its chunked coding.
     */
    private static HttpResponse endedEarly(String method, String path, String transferEncoding) {
        if (transferEncoding != null) {
            LOG.debug("the chunked body of {} {} was malformed or ended early", method, path);
            return ErrorResponses.of(
                    400,
                    ErrorResponses.INVALID_REQUEST,
                    "the request body is not valid chunked coding: a malformed chunk, or cut short",
                    List.of(
                            new FieldError(
                                    "Transfer-Encoding",
                                    "must frame the body as chunks with hexadecimal sizes ending in a last chunk, was malformed or cut short")));
        }
        LOG.debug("the body of {} {} ended early", method, path);
        return ErrorResponses.of(
                400,
                ErrorResponses.INVALID_REQUEST,
                "the request body ended before its declared length",
                List.of(new FieldError("body", "ended before its declared length")));
    }

    /** A 413 for a request whose {@code Content-Length} alone is over the limit, its body unread. */
    static HttpResponse declaredTooLarge(long declared, int maxBodyBytes) {
        return ErrorResponses.of(
                413,
                ErrorResponses.TOO_LARGE,
                "the request body is larger than " + maxBodyBytes + " bytes",
                List.of(new FieldError(
                        "Content-Length",
                        Rules.mustBe(Rules.atMost(maxBodyBytes, "bytes"), String.valueOf(declared)))));
    }

    private static String reasonOf(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    /** Javalin's own refusals (say, of a body too large for it) in the same JSON shape as RestApi's. */
    static HttpResponse ofJavalin(HttpResponseException e) {
        String code = switch (e.getStatus()) {
            case 400 -> ErrorResponses.INVALID_REQUEST;
            case 404 -> ErrorResponses.NOT_FOUND;
            case 405 -> ErrorResponses.METHOD_NOT_ALLOWED;
            case 413 -> ErrorResponses.TOO_LARGE;
            case 503 -> ErrorResponses.STORE_UNAVAILABLE;
            default -> e.getStatus() >= 500 ? ErrorResponses.INTERNAL_ERROR : ErrorResponses.INVALID_REQUEST;
        };
        return ErrorResponses.of(e.getStatus(), code, e.getMessage());
    }
}
