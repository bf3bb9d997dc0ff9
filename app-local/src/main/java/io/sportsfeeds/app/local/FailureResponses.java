package io.sportsfeeds.app.local;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.sportsfeeds.api.http.ApiError;
import io.sportsfeeds.api.http.ErrorResponses;
import io.sportsfeeds.api.http.HttpResponse;
import io.sportsfeeds.api.http.RestApi;
import io.sportsfeeds.core.domain.FieldError;
import java.io.EOFException;
import java.util.List;
import org.eclipse.jetty.http.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JSON answers to requests that failed in Jetty or Javalin rather than in {@link RestApi}. */
final class FailureResponses {
    private static final Logger LOG = LoggerFactory.getLogger(FailureResponses.class);

    private FailureResponses() {}

    /**
     * What a request that failed outside {@link RestApi} gets. A broken request (a bad chunk, a body
     * cut short, an upgrade Jetty refused) is the client's doing: its status, at debug level. Anything
     * else is ours: 500, logged with its stack.
     */
    static HttpResponse of(Context ctx, Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            // First: Jetty's early EOF is an HttpException too, but this says more.
            if (cause instanceof EOFException) {
                LOG.debug("the body of {} {} ended early", ctx.method(), ctx.path());
                return ErrorResponses.of(
                        400,
                        ErrorResponses.INVALID_REQUEST,
                        "the request body ended before its declared length",
                        List.of(new FieldError("body", "ended before its declared length")));
            }
            if (cause instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
                LOG.debug("refused {} {}: {}", ctx.method(), ctx.path(), cause.toString());
                return ErrorResponses.of(
                        http.getCode(), ErrorResponses.INVALID_REQUEST, "the request is malformed: " + reasonOf(cause));
            }
        }
        LOG.error("unexpected failure of {} {}", ctx.method(), ctx.path(), e);
        return ErrorResponses.of(500, ErrorResponses.INTERNAL_ERROR, ApiError.INTERNAL_ERROR_MESSAGE);
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
