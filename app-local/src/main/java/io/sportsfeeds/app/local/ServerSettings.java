package io.sportsfeeds.app.local;

import io.sportsfeeds.api.http.RestApi;
import io.sportsfeeds.core.usecase.IngestFeeds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything {@code serve} can be told, built with {@link #builder()}; the defaults users see live in
 * the command line's options, and a value out of range is refused naming its option.
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
 * @param idleTimeout how long an HTTP connection may send nothing before it is closed: between
 *     requests, or in the middle of a body (which is then answered 408)
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
        Duration headDeadline,
        Duration idleTimeout) {
    /** The embedded store keeps odds at most about a century. */
    private static final int MAX_RETENTION_DAYS = 36_525;

    static final int DEFAULT_RETENTION_DAYS = 30;

    /** Well under API Gateway's 10-minute idle timeout, and often enough to notice a dead link soon. */
    static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(30);

    static final Duration DEFAULT_STALE_AFTER = Duration.ofSeconds(60);

    /** Ample for any client that means to send a request; a head that takes longer is an attack. */
    static final Duration DEFAULT_HEAD_DEADLINE = Duration.ofSeconds(10);

    /** Jetty's own default: a body that pauses longer than this was abandoned. */
    static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

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
        if (idleTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("the idle timeout must be at least 100 ms, was " + idleTimeout);
        }
    }

    Duration retention() {
        return Duration.ofDays(retentionDays);
    }

    /**
     * Settings starting from loopback, a free port, no demo and the default limits, retention,
     * heartbeat, staleness, head deadline and idle timeout; the data directory and authentication have no default.
     */
    static Builder builder() {
        return new Builder();
    }

    /** Collects settings one by one; {@link #build()} validates them all at once. */
    static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private Path dataDir;
        private boolean demo;
        private int maxBodyBytes = RestApi.DEFAULT_MAX_BODY_BYTES;
        private int maxBatch = IngestFeeds.DEFAULT_MAX_BATCH;
        private int retentionDays = DEFAULT_RETENTION_DAYS;
        private Duration heartbeat = DEFAULT_HEARTBEAT;
        private Duration staleAfter = DEFAULT_STALE_AFTER;
        private AuthSettings auth;
        private Duration headDeadline = DEFAULT_HEAD_DEADLINE;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;

        private Builder() {}

        Builder host(String host) {
            this.host = host;
            return this;
        }

        Builder port(int port) {
            this.port = port;
            return this;
        }

        Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        Builder demo(boolean demo) {
            this.demo = demo;
            return this;
        }

        Builder maxBodyBytes(int maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        Builder maxBatch(int maxBatch) {
            this.maxBatch = maxBatch;
            return this;
        }

        Builder retentionDays(int retentionDays) {
            this.retentionDays = retentionDays;
            return this;
        }

        Builder heartbeat(Duration heartbeat) {
            this.heartbeat = heartbeat;
            return this;
        }

        Builder staleAfter(Duration staleAfter) {
            this.staleAfter = staleAfter;
            return this;
        }

        Builder auth(AuthSettings auth) {
            this.auth = auth;
            return this;
        }

        Builder headDeadline(Duration headDeadline) {
            this.headDeadline = headDeadline;
            return this;
        }

        Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        /** @throws IllegalArgumentException naming the option whose value is out of range */
        ServerSettings build() {
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
                    headDeadline,
                    idleTimeout);
        }
    }
}
