package io.sportsfeeds.app.local;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;

/**
 * An end point that hands every call to the socket it wraps; a subclass takes over what it needs
 * ({@link SharedOutputEndPoint}: the writes). {@link #flush} is left to the interface's default,
 * which refuses it: a direct flush would skip whatever the subclass does with writes, and Jetty's
 * WebSocket connection never calls it.
 */
abstract class DelegatingEndPoint implements EndPoint, EndPoint.Wrapper {
    protected final EndPoint socket;

    DelegatingEndPoint(EndPoint socket) {
        this.socket = socket;
    }

    @Override
    public EndPoint unwrap() {
        return socket;
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return socket.getLocalSocketAddress();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return socket.getRemoteSocketAddress();
    }

    @Override
    public boolean isOpen() {
        return socket.isOpen();
    }

    @Override
    public long getCreatedTimeStamp() {
        return socket.getCreatedTimeStamp();
    }

    @Override
    public void shutdownOutput() {
        socket.shutdownOutput();
    }

    @Override
    public boolean isOutputShutdown() {
        return socket.isOutputShutdown();
    }

    @Override
    public boolean isInputShutdown() {
        return socket.isInputShutdown();
    }

    @Override
    public void close(Throwable cause) {
        socket.close(cause);
    }

    @Override
    public int fill(ByteBuffer buffer) throws IOException {
        return socket.fill(buffer);
    }

    @Override
    public Object getTransport() {
        return socket.getTransport();
    }

    @Override
    public long getIdleTimeout() {
        return socket.getIdleTimeout();
    }

    @Override
    public void setIdleTimeout(long idleTimeout) {
        socket.setIdleTimeout(idleTimeout);
    }

    @Override
    public void fillInterested(Callback callback) {
        socket.fillInterested(callback);
    }

    @Override
    public boolean tryFillInterested(Callback callback) {
        return socket.tryFillInterested(callback);
    }

    @Override
    public boolean isFillInterested() {
        return socket.isFillInterested();
    }

    @Override
    public Callback cancelWrite(Throwable cause) {
        return socket.cancelWrite(cause);
    }

    @Override
    public Connection getConnection() {
        return socket.getConnection();
    }

    @Override
    public void setConnection(Connection connection) {
        socket.setConnection(connection);
    }

    @Override
    public void onOpen() {
        socket.onOpen();
    }

    @Override
    public void onClose(Throwable cause) {
        socket.onClose(cause);
    }

    @Override
    public void upgrade(Connection newConnection) {
        socket.upgrade(newConnection);
    }

    @Override
    public SslSessionData getSslSessionData() {
        return socket.getSslSessionData();
    }

    @Override
    public boolean isSecure() {
        return socket.isSecure();
    }
}
