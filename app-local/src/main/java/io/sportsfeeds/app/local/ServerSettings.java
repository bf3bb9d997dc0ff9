package io.sportsfeeds.app.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything {@code serve} can be told; the defaults live in the command line's options, and a
 * value out of range is refused naming its option.
 *
 * @param host the address to bind (127.0.0.1 keeps the server to this machine)
 * @param port the port; 0 picks a free one
 * @param dataDir the embedded store's directory, created when missing
 * @param demo whether to feed simulated odds in-process
 * @param maxBodyBytes the largest request body accepted
 * @param maxBatch the most odds updates accepted in one request
 * @param retentionDays how many days after its provider's date the store keeps an odds update
 * @param heartbeat how often every WebSocket connection is sent a heartbeat
 * @param staleAfter how long a game's feed may stay quiet before its subscribers are told
 * @param auth how callers authenticate; without authentication, only on loopback
 * @param headDeadline how long a request's line and headers may take from their first byte before
 *     the connection is closed (the idle timeout starts again with every byte; this does not)
 */
record ServerSettings(
        String host,
        int port,
        Path dataDir,
        boolean demo,
        int maxBodyBytes,
        int maxBatch,
        int retentionDays,
        Duration heartbeat,
        Duration staleAfter,
        AuthSettings auth,
        Duration headDeadline) {
    /** The embedded store keeps odds at most about a century. */
    private static final int MAX_RETENTION_DAYS = 36_525;

    static final int DEFAULT_RETENTION_DAYS = 30;

    /** Well under API Gateway's 10-minute idle timeout, and often enough to notice a dead link soon. */
    static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(30);

    static final Duration DEFAULT_STALE_AFTER = Duration.ofSeconds(60);

    /** Ample for any client that means to send a request; a head that takes longer is an attack. */
    static final Duration DEFAULT_HEAD_DEADLINE = Duration.ofSeconds(10);

    /** The defaults for the rest: 30 days' retention, a heartbeat every 30 s, stale after 60 s of quiet. */
    ServerSettings(
            String host, int port, Path dataDir, boolean demo, int maxBodyBytes, int maxBatch, AuthSettings auth) {
        this(
                host,
                port,
                dataDir,
                demo,
                maxBodyBytes,
                maxBatch,
                DEFAULT_RETENTION_DAYS,
                DEFAULT_HEARTBEAT,
                DEFAULT_STALE_AFTER,
                auth);
    }

    /** A request head may take {@link #DEFAULT_HEAD_DEADLINE}. */
    ServerSettings(
            String host,
            int port,
            Path dataDir,
            boolean demo,
            int maxBodyBytes,
            int maxBatch,
            int retentionDays,
            Duration heartbeat,
            Duration staleAfter,
            AuthSettings auth) {
        this(
                host,
                port,
                dataDir,
                demo,
                maxBodyBytes,
                maxBatch,
                retentionDays,
                heartbeat,
                staleAfter,
                auth,
                DEFAULT_HEAD_DEADLINE);
    }

    ServerSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(auth, "auth");
        auth.problemOn(host).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        Objects.requireNonNull(dataDir, "dataDir");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535, was " + port);
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("--max-body-bytes must be at least 1, was " + maxBodyBytes);
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("--max-batch must be at least 1, was " + maxBatch);
        }
        if (retentionDays < 1 || retentionDays > MAX_RETENTION_DAYS) {
            throw new IllegalArgumentException(
                    "--retention-days must be between 1 and " + MAX_RETENTION_DAYS + ", was " + retentionDays);
        }
        if (heartbeat.toMillis() < 100) {
            throw new IllegalArgumentException("--heartbeat must be at least 100 ms, was " + heartbeat);
        }
        if (staleAfter.toMillis() < 100) {
            throw new IllegalArgumentException("--stale-after must be at least 100 ms, was " + staleAfter);
        }
        if (headDeadline.toMillis() < 100) {
            throw new IllegalArgumentException(
                    "the request head deadline must be at least 100 ms, was " + headDeadline);
        }
    }

    /** These settings with another deadline for request heads. */
    ServerSettings withHeadDeadline(Duration deadline) {
        return new ServerSettings(
                host,
                port,
                dataDir,
                demo,
                maxBodyBytes,
                maxBatch,
                retentionDays,
                heartbeat,
                staleAfter,
                auth,
                deadline);
    }

    Duration retention() {
        return Duration.ofDays(retentionDays);
    }
}
