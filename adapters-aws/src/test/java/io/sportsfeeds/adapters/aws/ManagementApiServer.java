package io.sportsfeeds.adapters.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The API Gateway Management API's {@code PostToConnection} on loopback: {@code POST
 * /{stage}/@connections/{id}} answers 200 for an open connection and 410 with
 * {@code x-amzn-ErrorType: GoneException} for any other, as API Gateway does. A connection can be
 * told to answer other statuses (429, 500, 403, ...) to its next posts, or always, and to answer
 * only when the test lets them through. {@code DELETE /{stage}/@connections/{id}}
 * ({@code DeleteConnection}) answers 204 and closes an open connection (later posts to it get 410),
 * 410 for any other, and follows the statuses a connection was told to answer as posts do. Every
 * call is recorded.
 *
 * <p>Public, in this module's test-jar, for app-lambda's handler tests.
 */
public final class ManagementApiServer implements AutoCloseable {
    /** One post as the server saw it, with the status it answered. */
    public record Call(String connectionId, String frame, int status) {}

    /** One {@code DeleteConnection} as the server saw it, with the status it answered. */
    public record Deletion(String connectionId, int status) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final String stage;
    private final Set<String> open = new HashSet<>();
    private final Map<String, Queue<Integer>> scripted = new HashMap<>();
    private final Map<String, Integer> always = new HashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private final List<Deletion> deletions = new ArrayList<>();
    private static final Duration HOLD_AT_MOST = Duration.ofSeconds(30);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    /** Posts wait here once decoded, while a test holds them (open otherwise). */
    private volatile CountDownLatch gate = new CountDownLatch(0);

    private boolean closed;

    private ManagementApiServer(String stage) throws IOException {
        this.stage = stage;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static ManagementApiServer start(String stage) {
        try {
            return new ManagementApiServer(stage);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not start the Management API stand-in", e);
        }
    }

    /** The stage's endpoint, as the SDK's {@code endpointOverride} takes it. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + stage);
    }

    public synchronized void open(String connectionId) {
        open.add(connectionId);
    }

    public synchronized void leave(String connectionId) {
        open.remove(connectionId);
    }

    /** The connection's next posts are answered with these statuses, one each, then normally again. */
    public synchronized void answerNext(String connectionId, int... statuses) {
        Queue<Integer> queue = scripted.computeIfAbsent(connectionId, id -> new ArrayDeque<>());
        for (int status : statuses) {
            queue.add(status);
        }
    }

    /** Every post to the connection is answered with {@code status}. */
    public synchronized void answerAlways(String connectionId, int status) {
        always.put(connectionId, status);
    }

    /**
     * Holds every post until {@link #releasePosts}, so that a test can see how many a client keeps in
     * flight at once ({@link #inFlight}, {@link #maxInFlight}) before any is answered.
     */
    void holdPosts() {
        gate = new CountDownLatch(1);
    }

    /** Lets the held posts, and every later one, be answered. */
    void releasePosts() {
        gate.countDown();
    }

    /** Posts received and not yet answered. */
    int inFlight() {
        return inFlight.get();
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<Call> callsTo(String connectionId) {
        return calls.stream()
                .filter(call -> call.connectionId().equals(connectionId))
                .toList();
    }

    public synchronized List<Deletion> deletions() {
        return List.copyOf(deletions);
    }

    /** The frames the connection got (answered 200), in the order they arrived. */
    public synchronized List<String> framesTo(String connectionId) {
        return calls.stream()
                .filter(call -> call.connectionId().equals(connectionId) && call.status() == 200)
                .map(Call::frame)
                .toList();
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    /** Stops answering: later posts find no server. Closing twice does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        boolean released = false;
        try (exchange) {
            String prefix = "/" + stage + "/@connections/";
            String path = exchange.getRequestURI().getRawPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean deletion = exchange.getRequestMethod().equals("DELETE");
            if (!(deletion || exchange.getRequestMethod().equals("POST")) || !path.startsWith(prefix)) {
                respond(
                        exchange,
                        404,
                        "NotFoundException",
                        "{\"message\":\"no route for " + exchange.getRequestMethod() + " " + path + "\"}");
                return;
            }
            // Bounded, so that a test that fails before releasing them leaves no thread behind for ever.
            gate.await(HOLD_AT_MOST.toSeconds(), TimeUnit.SECONDS);
            String connectionId = URLDecoder.decode(path.substring(prefix.length()), StandardCharsets.UTF_8);
            int status;
            synchronized (this) {
                Queue<Integer> next = scripted.get(connectionId);
                Integer scriptedStatus = next == null ? null : next.poll();
                int answered = deletion ? 204 : 200;
                status = scriptedStatus != null
                        ? scriptedStatus
                        : always.getOrDefault(connectionId, open.contains(connectionId) ? answered : 410);
                if (deletion) {
                    deletions.add(new Deletion(connectionId, status));
                    if (status == 204) {
                        open.remove(connectionId);
                    }
                } else {
                    calls.add(new Call(connectionId, new String(body, StandardCharsets.UTF_8), status));
                }
            }
            // The post is no longer in flight once its answer is decided: the client may start the next
            // as soon as the answer reaches it, before this thread would get past the response.
            inFlight.decrementAndGet();
            released = true;
            switch (status) {
                case 200 -> exchange.sendResponseHeaders(200, -1);
                case 204 -> exchange.sendResponseHeaders(204, -1);
                case 410 -> respond(exchange, 410, "GoneException", "{\"message\":null}");
                case 429 -> respond(exchange, 429, "LimitExceededException", "{\"message\":\"Rate exceeded\"}");
                case 403 -> respond(exchange, 403, "ForbiddenException", "{\"message\":\"Forbidden\"}");
                case 413 -> respond(exchange, 413, "PayloadTooLargeException", "{\"message\":\"Message too long\"}");
                default ->
                    respond(
                            exchange,
                            status,
                            "InternalServerErrorException",
                            "{\"message\":\"Internal server error\"}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!released) {
                inFlight.decrementAndGet();
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String errorType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
