package io.sportsfeeds.adapters.aws;

import io.sportsfeeds.core.port.ConnectionGateway;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.crt.AwsCrtAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiAsyncClient;

/**
 * Sends frames to API Gateway WebSocket connections with the Management API's
 * {@code PostToConnection}, many connections at once on the async client, and closes them with
 * {@code DeleteConnection} ({@link #close}).
 *
 * <p>The frames of one connection go one after the other, in batch order (each post waits for the
 * one before it), so they arrive in order; different connections are posted to concurrently, at
 * most {@value #MAX_IN_FLIGHT} posts at a time. {@link #send} returns when every frame is settled:
 *
 * <ul>
 *   <li>410 ({@code GoneException}): the connection is gone; its later frames are not sent.
 *   <li>429 (throttled), 5xx, and failures to reach the API (timeouts, refused connections): the
 *       post is retried up to {@value #ATTEMPTS} attempts in all, after a backoff that doubles from
 *       {@value #FIRST_BACKOFF_MILLIS} ms (with jitter, so throttled connections do not retry in
 *       step); then that frame and the connection's later ones are reported failed, to be retried
 *       by the publisher in order.
 *   <li>Any other answer (403 forbidden, 413 payload too large, 400): reported failed at once and
 *       logged as an error, since retrying it now would change nothing. The port has no outcome for
 *       "will never pass": the publisher retries it until its own limits let it go.
 * </ul>
 *
 * <h2>The HTTP client: AWS CRT</h2>
 *
 * Measured on this project's 2-CPU machine (JDK 25; a JDK {@code HttpServer} on loopback answering
 * 200; each figure from two fresh JVMs): the CRT client built and answered its first post in
 * 1.3–1.6 s, netty-nio in 2.8–3.1 s (a Lambda pays this on every cold start); 3 × 20,000 posts, 64
 * in flight, took 25–26 s of CPU with CRT against 35 s with netty, at 3,500–7,300 posts/s warm
 * against 2,400–4,300 (the local server was the bottleneck, so throughput says little beyond "no
 * worse"). Netty also warns on JDK 25 about {@code sun.misc.Unsafe}. The CRT jar is larger
 * (23.6 MB with the natives of every platform, against about 4 MB of netty); a Lambda bundle can
 * keep only its platform's natives.
 */
public final class ApiGatewayConnectionGateway implements ConnectionGateway, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ApiGatewayConnectionGateway.class.getName());
    static final int MAX_IN_FLIGHT = 64;
    static final int ATTEMPTS = 4;
    static final long FIRST_BACKOFF_MILLIS = 50;
    static final long MAX_BACKOFF_MILLIS = 1_000;

    private final ApiGatewayManagementApiAsyncClient client;
    private final Retries retries;
    private final int maxInFlight;
    private final RandomGenerator jitter;
    private final ScheduledExecutorService timer;

    /** How failed posts are retried: attempts in all, and the backoff before the second one (doubling, capped). */
    record Retries(int attempts, Duration firstBackoff, Duration maxBackoff) {
        Retries {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
            }
            Objects.requireNonNull(firstBackoff, "firstBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
        }

        static final Retries DEFAULT =
                new Retries(ATTEMPTS, Duration.ofMillis(FIRST_BACKOFF_MILLIS), Duration.ofMillis(MAX_BACKOFF_MILLIS));
    }

    private ApiGatewayConnectionGateway(
            ApiGatewayManagementApiAsyncClient client, Retries retries, int maxInFlight, RandomGenerator jitter) {
        this.client = Objects.requireNonNull(client, "client");
        this.retries = Objects.requireNonNull(retries, "retries");
        this.jitter = Objects.requireNonNull(jitter, "jitter");
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable ->
                Thread.ofPlatform().name("sportsfeeds-apigw-retry").daemon(true).unstarted(runnable));
    }

    /**
     * A gateway over {@code client}, which should come from {@link #newClient} (its own retries are
     * off: this gateway retries, and keeps a connection's frames in order while it does). The client
     * stays the caller's to close.
     */
    public static ApiGatewayConnectionGateway create(ApiGatewayManagementApiAsyncClient client) {
        return new ApiGatewayConnectionGateway(client, Retries.DEFAULT, MAX_IN_FLIGHT, RandomGenerator.getDefault());
    }

    static ApiGatewayConnectionGateway create(
            ApiGatewayManagementApiAsyncClient client, Retries retries, int maxInFlight, RandomGenerator jitter) {
        return new ApiGatewayConnectionGateway(client, retries, maxInFlight, jitter);
    }

    /**
     * The async Management API client for {@code settings}: its region and Management API endpoint
     * (required; the stage's {@code https://{api-id}.execute-api.{region}.amazonaws.com/{stage}}),
     * credentials from the SDK's default chain, the CRT HTTP client with {@value #MAX_IN_FLIGHT}
     * connections, no SDK retries, 2 s to connect and 5 s per attempt.
     *
     * @throws IllegalArgumentException when the settings have no Management API endpoint
     */
    public static ApiGatewayManagementApiAsyncClient newClient(AwsSettings settings) {
        return newClient(settings, DefaultCredentialsProvider.builder().build());
    }

    static ApiGatewayManagementApiAsyncClient newClient(AwsSettings settings, AwsCredentialsProvider credentials) {
        URI endpoint = settings.managementApiEndpoint()
                .orElseThrow(() -> new IllegalArgumentException(
                        "the API Gateway Management API endpoint must be set (AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI,"
                                + " https://{api-id}.execute-api.{region}.amazonaws.com/{stage})"));
        return ApiGatewayManagementApiAsyncClient.builder()
                .httpClientBuilder(AwsCrtAsyncHttpClient.builder()
                        .maxConcurrency(MAX_IN_FLIGHT)
                        .connectionTimeout(Duration.ofSeconds(2)))
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .endpointOverride(endpoint)
                .overrideConfiguration(o ->
                        o.retryStrategy(DefaultRetryStrategy.doNotRetry()).apiCallAttemptTimeout(Duration.ofSeconds(5)))
                .build();
    }

    @Override
    public Report send(List<Push> pushes) {
        // Per connection, the indexes of its pushes in batch order.
        Map<String, List<Integer>> framesByConnection = new LinkedHashMap<>();
        for (int i = 0; i < pushes.size(); i++) {
            for (String connectionId : new LinkedHashSet<>(pushes.get(i).connectionIds())) {
                framesByConnection
                        .computeIfAbsent(connectionId, id -> new ArrayList<>())
                        .add(i);
            }
        }
        Outcome outcome = new Outcome();
        InFlightLimit limiter = new InFlightLimit(maxInFlight);
        List<CompletableFuture<Void>> chains = new ArrayList<>(framesByConnection.size());
        framesByConnection.forEach((connectionId, indexes) -> {
            Chain chain = new Chain(connectionId, indexes, pushes, outcome);
            limiter.submit(chain::start);
            chain.done.whenComplete((ignored, failure) -> limiter.release());
            chains.add(chain.done);
        });
        CompletableFuture.allOf(chains.toArray(CompletableFuture[]::new)).join();
        return new Report(outcome.delivered.get(), outcome.gone.keySet(), outcome.failedByPush());
    }

    /**
     * Deletes each connection with the Management API's {@code DeleteConnection}, at most
     * {@value #MAX_IN_FLIGHT} at a time; API Gateway then closes it (its close frame carries no
     * reason, so {@code reason} is not sent). 410 ({@code GoneException}) counts as closed: the
     * connection is gone already. Throttling, 5xx and failures to reach the API are retried as posts
     * are; what still fails, or is refused (403: the role may not manage connections), is logged and
     * answered.
     */
    @Override
    public Set<String> close(Collection<String> connectionIds, String reason) {
        Set<String> notClosed = ConcurrentHashMap.newKeySet();
        InFlightLimit limiter = new InFlightLimit(maxInFlight);
        List<CompletableFuture<Void>> deletions = new ArrayList<>();
        for (String connectionId : new LinkedHashSet<>(connectionIds)) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            limiter.submit(() -> delete(connectionId, 1, notClosed, done));
            done.whenComplete((ignored, failure) -> limiter.release());
            deletions.add(done);
        }
        CompletableFuture.allOf(deletions.toArray(CompletableFuture[]::new)).join();
        return Set.copyOf(notClosed);
    }

    private void delete(String connectionId, int attempt, Set<String> notClosed, CompletableFuture<Void> done) {
        CompletableFuture<?> deleted;
        try {
            deleted = client.deleteConnection(b -> b.connectionId(connectionId));
        } catch (RuntimeException e) {
            deleted = CompletableFuture.failedFuture(e);
        }
        deleted.whenComplete((response, failure) -> {
            try {
                if (failure == null) {
                    done.complete(null);
                    return;
                }
                Throwable cause = ManagementApiFailure.unwrap(failure);
                switch (ManagementApiFailure.of(cause)) {
                    case GONE -> done.complete(null);
                    case RETRYABLE -> {
                        if (attempt < retries.attempts()
                                && retryLater(() -> delete(connectionId, attempt + 1, notClosed, done), attempt)) {
                            return;
                        }
                        LOG.log(
                                System.Logger.Level.WARNING,
                                "DeleteConnection of " + connectionId + " still failing after " + attempt
                                        + " attempts: " + cause.getMessage());
                        notClosed.add(connectionId);
                        done.complete(null);
                    }
                    case REFUSED -> {
                        LOG.log(
                                System.Logger.Level.ERROR,
                                "DeleteConnection of " + connectionId + " refused: " + cause.getMessage(),
                                cause);
                        notClosed.add(connectionId);
                        done.complete(null);
                    }
                }
            } catch (RuntimeException | Error e) {
                // Never leave close() waiting on a deletion that broke.
                notClosed.add(connectionId);
                done.completeExceptionally(e);
            }
        });
    }

    /** Schedules a retry after the attempt's backoff; false when the gateway is closed and cannot. */
    private boolean retryLater(Runnable retry, int attempt) {
        try {
            timer.schedule(retry, backoffMillis(attempt), TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException closed) {
            return false;
        }
    }

    /** Stops the retry timer; the client stays open (it is the caller's). */
    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** What became of a batch so far; filled concurrently by the chains. */
    private static final class Outcome {
        final AtomicLong delivered = new AtomicLong();
        final Map<String, Boolean> gone = new ConcurrentHashMap<>();
        final Map<Integer, Set<String>> failed = new ConcurrentHashMap<>();

        void fail(int push, String connectionId) {
            failed.computeIfAbsent(push, i -> ConcurrentHashMap.newKeySet()).add(connectionId);
        }

        Map<Integer, Set<String>> failedByPush() {
            Map<Integer, Set<String>> copy = new LinkedHashMap<>();
            failed.forEach((push, connections) -> copy.put(push, Set.copyOf(connections)));
            return copy;
        }
    }

    /** The frames of one connection, posted one after the other. */
    private final class Chain {
        final String connectionId;
        final List<Integer> indexes;
        final List<Push> pushes;
        final Outcome outcome;
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Chain(String connectionId, List<Integer> indexes, List<Push> pushes, Outcome outcome) {
            this.connectionId = connectionId;
            this.indexes = indexes;
            this.pushes = pushes;
            this.outcome = outcome;
        }

        void start() {
            post(0, 1);
        }

        private void post(int frame, int attempt) {
            int push = indexes.get(frame);
            CompletableFuture<?> posted;
            try {
                posted = client.postToConnection(b -> b.connectionId(connectionId)
                        .data(SdkBytes.fromUtf8String(pushes.get(push).frame())));
            } catch (RuntimeException e) {
                posted = CompletableFuture.failedFuture(e);
            }
            posted.whenComplete((response, failure) -> {
                try {
                    settle(frame, attempt, failure);
                } catch (RuntimeException | Error e) {
                    // Never leave send() waiting on a chain that broke.
                    failFrom(frame);
                    done.completeExceptionally(e);
                }
            });
        }

        private void settle(int frame, int attempt, Throwable failure) {
            if (failure == null) {
                outcome.delivered.incrementAndGet();
                if (frame + 1 < indexes.size()) {
                    post(frame + 1, 1);
                } else {
                    done.complete(null);
                }
                return;
            }
            Throwable cause = ManagementApiFailure.unwrap(failure);
            switch (ManagementApiFailure.of(cause)) {
                case GONE -> {
                    outcome.gone.put(connectionId, Boolean.TRUE);
                    done.complete(null);
                }
                case RETRYABLE -> {
                    if (attempt < retries.attempts() && retryLater(() -> post(frame, attempt + 1), attempt)) {
                        return;
                    }
                    if (attempt >= retries.attempts()) {
                        LOG.log(
                                System.Logger.Level.WARNING,
                                "PostToConnection to " + connectionId + " still failing after " + attempt
                                        + " attempts: " + cause.getMessage());
                    }
                    failFrom(frame);
                    done.complete(null);
                }
                case REFUSED -> {
                    LOG.log(
                            System.Logger.Level.ERROR,
                            "PostToConnection to " + connectionId + " refused: " + cause.getMessage(),
                            cause);
                    failFrom(frame);
                    done.complete(null);
                }
            }
        }

        /** This frame and every later one of the connection fail: sending the later ones would break the order. */
        private void failFrom(int frame) {
            for (int i = frame; i < indexes.size(); i++) {
                outcome.fail(indexes.get(i), connectionId);
            }
        }
    }

    private long backoffMillis(int attempt) {
        long exponential = retries.firstBackoff().toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(exponential, retries.maxBackoff().toMillis());
        // Half fixed, half random: throttled connections spread out rather than retrying in step.
        return capped / 2 + (capped / 2 > 0 ? jitter.nextLong(capped / 2 + 1) : 0);
    }
}
