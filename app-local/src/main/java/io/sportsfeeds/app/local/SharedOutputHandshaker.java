package io.sportsfeeds.app.local;

import java.util.concurrent.Executor;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;
import org.eclipse.jetty.websocket.core.server.internal.AbstractHandshaker;
import org.eclipse.jetty.websocket.core.server.internal.RFC6455Negotiation;
import org.eclipse.jetty.websocket.core.server.internal.WebSocketNegotiation;
import org.eclipse.jetty.websocket.core.util.WebSocketUtils;

/**
 * The RFC 6455 upgrade of an HTTP/1.1 request, as Jetty's own handshaker does it, except that the
 * WebSocket connection it makes writes through a {@link SharedOutputEndPoint}, so that the gateway
 * can write pushed frames to the socket itself. (Jetty's handshaker is final; what it adds to the
 * handshake common to all versions is the few checks and headers here.) It builds on classes of
 * Jetty's {@code internal} package, which may change in any Jetty release: {@code
 * WebSocketFramesTest} and the other WebSocket tests over real sockets fail if an upgrade breaks it.
 */
final class SharedOutputHandshaker extends AbstractHandshaker {
    @Override
    public boolean isWebSocketUpgradeRequest(Request request) {
        return HttpMethod.GET.is(request.getMethod())
                && HttpVersion.HTTP_1_1.is(request.getConnectionMetaData().getProtocol())
                && super.isWebSocketUpgradeRequest(request);
    }

    @Override
    protected WebSocketNegotiation newNegotiation(
            Request request, Response response, Callback callback, WebSocketComponents components) {
        return new RFC6455Negotiation(request, response, callback, components);
    }

    @Override
    protected boolean validateNegotiation(WebSocketNegotiation negotiation) {
        if (!super.validateNegotiation(negotiation)) {
            return false;
        }
        if (((RFC6455Negotiation) negotiation).getKey() == null) {
            throw new HttpException.RuntimeException(
                    HttpStatus.BAD_REQUEST_400, "Missing request header 'Sec-WebSocket-Key'");
        }
        return true;
    }

    @Override
    protected WebSocketConnection createWebSocketConnection(Request request, WebSocketCoreSession session) {
        ConnectionMetaData metaData = request.getConnectionMetaData();
        Connector connector = metaData.getConnector();
        EndPoint socket = metaData.getConnection().getEndPoint();
        return newWebSocketConnection(
                socket, connector.getExecutor(), connector.getScheduler(), connector.getByteBufferPool(), session);
    }

    @Override
    protected WebSocketConnection newWebSocketConnection(
            EndPoint socket,
            Executor executor,
            Scheduler scheduler,
            ByteBufferPool buffers,
            WebSocketCoreSession session) {
        SharedOutputEndPoint shared = new SharedOutputEndPoint(socket, session::isOutputOpen);
        return super.newWebSocketConnection(shared, executor, scheduler, buffers, session);
    }

    @Override
    protected void prepareResponse(Response response, WebSocketNegotiation negotiation) {
        response.setStatus(HttpStatus.SWITCHING_PROTOCOLS_101);
        response.getHeaders().put(HttpHeader.UPGRADE, "websocket");
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeader.UPGRADE.asString());
        response.getHeaders()
                .put(
                        HttpHeader.SEC_WEBSOCKET_ACCEPT,
                        WebSocketUtils.hashKey(((RFC6455Negotiation) negotiation).getKey()));
    }
}
