package io.sportsfeeds.app.local;

import io.sportsfeeds.api.http.ErrorResponses;
import io.sportsfeeds.api.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error pages (a malformed URI, a WebSocket upgrade to an unknown path) in the JSON
 * shape of every other error, instead of HTML. Errors of the API itself never get here.
 */
final class JsonErrorHandlers {
    private JsonErrorHandlers() {}

    /** For errors Jetty raises before a request reaches the servlet (bad URI, headers too large). */
    static ErrorHandler server() {
        return new ErrorHandler() {
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
            default -> code >= 500 ? ErrorResponses.INTERNAL_ERROR : ErrorResponses.INVALID_REQUEST;
        };
        String sentence = message == null || message.isBlank() ? "the request was refused with HTTP " + code : message;
        HttpResponse error = ErrorResponses.of(code, errorCode, sentence);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, HttpResponse.JSON_CONTENT_TYPE);
        response.write(true, ByteBuffer.wrap(error.body()), callback);
        return true;
    }
}
