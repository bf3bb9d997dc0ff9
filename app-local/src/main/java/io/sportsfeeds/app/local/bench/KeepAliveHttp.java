package io.sportsfeeds.app.local.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 keep-alive connection that sends a request and blocks for its answer, on the
 * calling thread. A publisher of the bench needs no more, and the JDK's {@code HttpClient} costs
 * the load generator about a core at 2,000 requests/s here (each exchange crosses to its selector
 * thread and back), so the bench would measure itself. {@code https} URLs go over TLS, the
 * server's name checked against its certificate.
 */
final class KeepAliveHttp implements Closeable {
    private static final int MAX_HEAD_BYTES = 64 * 1024;

    private final String host;
    private final int port;
    /** The TLS for an https URL, or null (http). */
    private final SSLContext tls;

    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /** What came back: the status and the body as text. */
    record Response(int status, String body) {}

    /** A connection to {@code base}; over TLS trusting the JDK's authorities when it is https. */
    KeepAliveHttp(URI base, Duration timeout) {
        this(base, timeout, null);
    }

    /** As above, with {@code tls} for an https URL (null: the JDK's default). */
    KeepAliveHttp(URI base, Duration timeout, SSLContext tls) {
        boolean secure = "https".equalsIgnoreCase(base.getScheme());
        this.tls = secure ? (tls != null ? tls : BenchTls.system()) : null;
        this.host = base.getHost();
        this.port = base.getPort() >= 0 ? base.getPort() : secure ? 443 : 80;
        this.timeoutMillis = (int) timeout.toMillis();
    }

    /** Sends one request (opening the connection first when there is none) and reads its answer. */
    Response exchange(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
        if (socket == null) {
            open();
        }
        StringBuilder head = new StringBuilder(256)
                .append(method)
                .append(' ')
                .append(target)
                .append(" HTTP/1.1\r\nHost: ")
                .append(host)
                .append(':')
                .append(port)
                .append("\r\nContent-Length: ")
                .append(body.length)
                .append("\r\n");
        headers.forEach(
                (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        try {
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return read();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private void open() throws IOException {
        Socket plain = new Socket();
        plain.setTcpNoDelay(true);
        plain.connect(new InetSocketAddress(host, port), timeoutMillis);
        plain.setSoTimeout(timeoutMillis);
        if (tls == null) {
            socket = plain;
        } else {
            SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
            secure.setSSLParameters(BenchTls.checkingTheName(secure.getSSLParameters()));
            socket = secure;
        }
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
    }

    private Response read() throws IOException {
        String statusLine = line();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.1 answer: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        long length = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" ->
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closeAfter = value.equalsIgnoreCase("close");
                default -> {}
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (long size = chunkSize(); size > 0; size = chunkSize()) {
                copy(size, body);
                line(); // the CRLF after the chunk
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length >= 0) {
            copy(length, body);
        } else {
            in.transferTo(body);
            closeAfter = true;
        }
        if (closeAfter) {
            close();
        }
        return new Response(status, body.toString(StandardCharsets.UTF_8));
    }

    private long chunkSize() throws IOException {
        String size = line();
        int extension = size.indexOf(';');
        return Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
    }

    private void copy(long bytes, ByteArrayOutputStream to) throws IOException {
        byte[] buffer = new byte[8192];
        long left = bytes;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new EOFException("the answer ended " + left + " bytes early");
            }
            to.write(buffer, 0, read);
            left -= read;
        }
    }

    /** A line of the head, without its CRLF. */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the connection closed in the answer's head");
            }
            if (line.length() >= MAX_HEAD_BYTES) {
                throw new IOException("a line of the answer's head is longer than " + MAX_HEAD_BYTES + " bytes");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}
