package io.sportsfeeds.app.local;

import java.io.IOException;
import java.io.InputStream;

/**
 * How a request body is read against the API's size limit, for both ways requests reach {@link
 * io.sportsfeeds.api.http.RestApi} ({@link WebServer}'s routes and {@link IngestHandler}).
 */
final class RequestBodies {
    /**
     * A body declared over the limit but at most this many times it is read and dropped before the
     * 413; a larger one is answered at once and its connection closed.
     */
    static final long DRAINED_AT_MOST = 16;

    private RequestBodies() {}

    /**
     * Whether a body declared over the limit is read to its end before its 413: closing a socket that
     * still receives makes the kernel reset it, which can destroy the answer before a client that is
     * still sending (as most do) has read it. Far beyond any real body it is not: the client would be
     * read until the body ends or the idle timeout passes.
     */
    static boolean drainedBeforeRefusal(long declared, int maxBodyBytes) {
        return declared <= DRAINED_AT_MOST * maxBodyBytes;
    }

    /** Reads and drops a refused body, up to its declared length. */
    static void discard(InputStream in, long declared) throws IOException {
        try (in) {
            byte[] buffer = new byte[16 * 1024];
            long left = declared;
            for (int read; left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0; ) {
                left -= read;
            }
        }
    }

    /** Reads at most one byte past the limit: enough for RestApi to refuse the body, never more. */
    static byte[] read(InputStream in, int maxBodyBytes) throws IOException {
        try (in) {
            return in.readNBytes((int) Math.min(Integer.MAX_VALUE, maxBodyBytes + 1L));
        }
    }
}
