package io.sportsfeeds.app.local;

import io.javalin.util.JavalinBindException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Whether the server could listen where it is told to, asked before anything else starts. A first
 * start seeds the store and makes keys and secrets that it prints only once the server is up: found
 * unable to listen only then, it would leave them made but never shown, and a later start (which
 * makes none) would lock the user out. The port is let go again before the server takes it, so
 * another process may take it in between (then the start fails as before): this catches the
 * common case, a port already in use.
 */
final class ListeningPort {
    private ListeningPort() {}

    /**
     * Binds {@code host:port} as the server's connector does (address reuse on, so a port in
     * TIME_WAIT is not taken for busy) and lets it go again.
     *
     * @throws JavalinBindException as the server's own start would, when the port is taken or the
     *     host is not an address of this machine
     */
    static void checkFree(String host, int port) {
        if (port == 0) {
            return; // any free port: the server picks one that is
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException cannotBind) {
            throw new JavalinBindException(String.valueOf(cannotBind.getMessage()), cannotBind);
        }
    }
}
