package io.sportsfeeds.app.local;

import io.sportsfeeds.api.http.ErrorResponses;
import io.sportsfeeds.api.http.HttpResponse;
import io.sportsfeeds.core.domain.FieldError;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error pages (a malformed URI or request head, a WebSocket upgrade to an unknown path)
 * in the JSON shape of every other error, instead of HTML or an empty body. Errors of the API
 * itself never get here.
 */
final class JsonErrorHandlers {
    private JsonErrorHandlers() {}

    /**
     * For errors Jetty raises before a request reaches the servlet: a request head its parser refused
     * (a bad or conflicting {@code Content-Length}, an unsupported {@code Transfer-Encoding}), a bad
     * URI, headers too large. Jetty's own handler answers those with an empty body for every method
     * but GET, POST and HEAD, or when {@code Accept} names no type it makes: this one always answers JSON.
     */
    static ErrorHandler server() {
        return new ErrorHandler() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                int code = response.getStatus();
                String message = (String) request.getAttribute(ERROR_MESSAGE);
                Object cause = request.getAttribute(ERROR_EXCEPTION);
                if (cause instanceof Throwable failure && failure.getCause() instanceof ArithmeticException) {
                    // The parser's only arithmetic on a head: a Content-Length past 2^63 - 1.
                    message = "Invalid Content-Length Value, too large";
                }
                if (cause instanceof HttpException http) {
                    code = http.getCode();
                    response.setStatus(code);
                    if (message == null) {
                        message = http.getReason();
                    }
                }
                generateCacheControl(response);
                if (HttpStatus.hasNoBody(code)) {
                    callback.succeeded();
                    return true;
                }
                return writeJson(response, callback, code, message);
            }
        };
    }

    /** For {@code sendError} inside the servlet context (Javalin's "WebSocket handler not found"). */
    static org.eclipse.jetty.ee10.servlet.ErrorHandler servletContext() {
        return new org.eclipse.jetty.ee10.servlet.ErrorHandler() {
            @Override
            protected boolean generateAcceptableResponse(
                    Request request,
                    Response response,
                    Callback callback,
                    String contentType,
                    List<Charset> charsets,
                    int code,
                    String message,
                    Throwable cause) {
                return writeJson(response, callback, code, message);
            }
        };
    }

    private static boolean writeJson(Response response, Callback callback, int code, String message) {
        String errorCode = switch (code) {
            case 404 -> ErrorResponses.NOT_FOUND;
            case 405 -> ErrorResponses.METHOD_NOT_ALLOWED;
            case 413, 414, 431 -> ErrorResponses.TOO_LARGE;
            case 505 -> ErrorResponses.INVALID_REQUEST; // the client's HTTP version, not a failure of ours
            default -> code >= 500 ? ErrorResponses.INTERNAL_ERROR : ErrorResponses.INVALID_REQUEST;
        };
        boolean said = message != null && !message.isBlank();
        List<FieldError> fields = said ? blamed(message) : List.of();
        String sentence = !fields.isEmpty()
                ? fields.getFirst().message()
                : said ? message : "the request was refused with HTTP " + code;
        HttpResponse error = ErrorResponses.of(code, errorCode, sentence, fields);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, HttpResponse.JSON_CONTENT_TYPE);
        response.write(true, ByteBuffer.wrap(error.body()), callback);
        return true;
    }

    /**
     * The header a refusal of Jetty's request parser is about, read from its reason (the parser
     * says it in words only; {@code HostileHttpTest} fails when a Jetty upgrade changes them).
     */
    static List<FieldError> blamed(String reason) {
        String said = reason.toLowerCase(Locale.ROOT);
        if (said.startsWith("invalid content-length")) {
            return List.of(new FieldError("Content-Length", "must be a whole number of bytes, digits only"));
        }
        if (said.startsWith("multiple content-length")) {
            return List.of(new FieldError("Content-Length", "must be given once, was given with different values"));
        }
        if (said.equals("transfer-encoding and content-length")) {
            return List.of(
                    new FieldError("Transfer-Encoding", "must not be given with Content-Length"),
                    new FieldError("Content-Length", "must not be given with Transfer-Encoding"));
        }
        if (said.startsWith("bad transfer-encoding")) {
            return List.of(new FieldError(
                    "Transfer-Encoding", "must be chunked, the only transfer coding this server reads, once and last"));
        }
        if (said.equals("invalid h2c upgrade headers")) {
            // Jetty's words for any Upgrade header that Connection does not name, WebSocket's too.
            return List.of(new FieldError(
                    "Connection", "must name Upgrade when an Upgrade header is sent (Connection: Upgrade)"));
        }
        if (said.contains("host") || said.contains("authority")) {
            return List.of(new FieldError("Host", "must be given once, as a valid host and port"));
        }
        return List.of();
    }
}
