package io.sportsfeeds.app.local.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * TLS in front of a plain loopback server, as a load balancer or API Gateway puts it in front of a
 * deployed one: each connection accepted on its own free loopback port is decrypted and its bytes
 * copied to and from a new connection to the server's port, both ways, until either side closes.
 */
public final class TlsTerminator implements Closeable {
    private final ServerSocket listener;
    private final int serverPort;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    /** Listens on 127.0.0.1, a free port, with {@code tls}, in front of 127.0.0.1:{@code serverPort}. */
    public TlsTerminator(SSLContext tls, int serverPort) throws IOException {
        this.listener = tls.getServerSocketFactory().createServerSocket(0, 128, InetAddress.getLoopbackAddress());
        this.serverPort = serverPort;
        threads.submit(this::accept);
    }

    public int port() {
        return listener.getLocalPort();
    }

    private Void accept() {
        while (!listener.isClosed()) {
            try {
                SSLSocket client = (SSLSocket) listener.accept();
                sockets.add(client);
                threads.submit(() -> relay(client));
            } catch (IOException stopped) {
                return null;
            }
        }
        return null;
    }

    private Void relay(SSLSocket client) throws IOException {
        try (client;
                Socket server = new Socket()) {
            sockets.add(server);
            client.startHandshake(); // a client that refuses the certificate ends here
            server.setTcpNoDelay(true);
            server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort), 5_000);
            threads.submit(() -> copy(server.getInputStream(), client.getOutputStream(), client, server));
            copy(client.getInputStream(), server.getOutputStream(), client, server);
        } catch (IOException closed) {
            // the client refused the handshake, or either side went away
        }
        return null;
    }

    /** Copies until the stream ends or fails, then closes both sockets: the other direction ends too. */
    private static Void copy(InputStream in, OutputStream out, Socket one, Socket other) {
        byte[] buffer = new byte[16 * 1024];
        try {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException ended) {
            // closed by the other direction, or by either peer
        } finally {
            closeQuietly(one);
            closeQuietly(other);
        }
        return null;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing at the end of a test
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(TlsTerminator::closeQuietly);
        threads.shutdownNow();
    }
}
