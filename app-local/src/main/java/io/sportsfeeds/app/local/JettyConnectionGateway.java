package io.sportsfeeds.app.local;

import io.sportsfeeds.core.port.ConnectionGateway;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends frames to the WebSocket sessions of this process. Each frame of a batch is encoded once (as
 * UTF-8 and as a whole WebSocket frame, {@link WireFrames}), whatever the number of its receivers.
 * Each connection has a bounded outbound queue and at most one asynchronous write in flight; when
 * it completes, everything queued meanwhile goes out in the next write (coalesced: one socket write
 * for many frames), so the cost per frame falls as the load rises instead of staying one write per
 * frame. {@link #send} never waits on a slow socket, and a connection whose queue overflows is
 * closed with {@value #SLOW_CONSUMER_CLOSE_CODE} (policy violation) and answered gone, so the
 * publisher forgets it.
 *
 * <p>A connection is reserved when its handshake is accepted and attached when its socket opens.
 * A client that drops the connection in between never opens a socket and gets no close event, so
 * a reservation left unattached for the attach timeout is released and its owner told.
 */
final class JettyConnectionGateway implements ConnectionGateway, AutoCloseable {
    static final int DEFAULT_QUEUE_CAPACITY = 1_024;
    /** The most frames one write carries; bounds the memory a write holds. */
    static final int MAX_FRAMES_PER_WRITE = 256;
    /**
     * A write takes no more frames once it carries this many bytes (it always takes one). The JDK
     * copies a gathering write's heap buffers into direct buffers, one per buffer, that it keeps
     * per thread for later writes (as it does for the larger frames Jetty's own flusher writes):
     * this bounds what one write takes of them.
     */
    static final int MAX_BYTES_PER_WRITE = 32 * 1024;
    /** Up to this many connections to start writing, a batch's caller starts them itself (no hand-off). */
    static final int INLINE_STARTS = 16;

    /**
     * Once the oldest frame queued for a connection has waited this long, a newer update of the same
     * game and market replaces a queued one: the connection is behind by more than the lag an
     * analyst should see, whatever its rate. (From half a queue on it does so in any case: at a
     * very high rate the queue fills before its oldest frame is that old.)
     */
    static final Duration CONFLATE_AFTER = Duration.ofSeconds(1);

    static final Duration DEFAULT_ATTACH_TIMEOUT = Duration.ofSeconds(30);
    static final int SLOW_CONSUMER_CLOSE_CODE = 1008;
    static final int EXPIRED_CLOSE_CODE = 1008;
    static final int CLOSE_GRACE_SECONDS = 5;
    /** How long a closed connection's close frame may take before its socket is dropped. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(CLOSE_GRACE_SECONDS);

    private static final Logger LOG = LoggerFactory.getLogger(JettyConnectionGateway.class);

    private final int queueCapacity;

    private final AtomicLong conflations = new AtomicLong();
    private final AtomicLong slowConsumersClosed = new AtomicLong();
    /** What the outboxes need of this gateway. */
    private final Outbox.Owner owner = new Outbox.Owner() {
        @Override
        public boolean forget(Outbox outbox) {
            return outboxes.remove(outbox.connectionId(), outbox);
        }

        @Override
        public ScheduledExecutorService deadlines() {
            return deadlines;
        }

        @Override
        public void conflated() {
            conflations.incrementAndGet();
        }

        @Override
        public void closedAsSlow() {
            slowConsumersClosed.incrementAndGet();
        }

        @Override
        public String expiredReason() {
            return JettyConnectionGateway.this.expiredReason();
        }
    };

    private final Duration attachTimeout;
    /** When a frame is queued (System.nanoTime, or a test's clock): the age conflation goes by. */
    private final LongSupplier nanoTime;

    private final Map<String, Outbox> outboxes = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor deadlines;
    /** How many ways a large batch's writes are split: the writer threads and the caller. */
    private final int shares;

    private final ExecutorService writers;

    /**
     * A Jetty WebSocket session as a peer ({@link Peer#of}), its close frame given {@value
     * #CLOSE_GRACE_SECONDS} s before its socket is dropped.
     */
    Peer peer(CoreSession session) {
        return Peer.of(session, deadlines, CLOSE_GRACE);
    }

    JettyConnectionGateway(int queueCapacity, Duration attachTimeout) {
        this(queueCapacity, attachTimeout, Runtime.getRuntime().availableProcessors() - 1);
    }

    /**
     * @param writerThreads threads that start, beside the caller, the writes of a batch reaching
     *     many connections, so the framing and socket writes of a large fan-out use every core (one
     *     fewer than the cores: the caller writes a share itself); a batch reaching few connections
     *     is written by its caller alone
     */
    JettyConnectionGateway(int queueCapacity, Duration attachTimeout, int writerThreads) {
        this(queueCapacity, attachTimeout, writerThreads, System::nanoTime);
    }

    /** As above, with the clock that dates queued frames (tests move it by hand). */
    JettyConnectionGateway(int queueCapacity, Duration attachTimeout, int writerThreads, LongSupplier nanoTime) {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1, was " + queueCapacity);
        }
        if (attachTimeout.isNegative() || attachTimeout.isZero()) {
            throw new IllegalArgumentException("attachTimeout must be positive, was " + attachTimeout);
        }
        this.queueCapacity = queueCapacity;
        this.attachTimeout = attachTimeout;
        this.nanoTime = nanoTime;
        this.shares = Math.max(0, writerThreads) + 1;
        this.writers = Executors.newFixedThreadPool(
                Math.max(1, writerThreads),
                Thread.ofPlatform().daemon().name("websocket-writer-", 1).factory());
        this.deadlines = new ScheduledThreadPoolExecutor(
                1,
                Thread.ofPlatform().daemon().name("websocket-attach-deadlines").factory());
        // Nearly every deadline is cancelled by its attach; don't keep them queued until they would fire.
        deadlines.setRemoveOnCancelPolicy(true);
    }

    /**
     * Makes a connection known before its handshake completes: frames published meanwhile wait in
     * its queue instead of finding it gone (the connection store knows it from the handshake on).
     * Unless a socket attaches within the attach timeout, the reservation is released and {@code
     * onAbandoned} runs.
     */
    void reserve(String connectionId, Runnable onAbandoned) {
        Outbox outbox = new Outbox(connectionId, queueCapacity, owner);
        outboxes.put(connectionId, outbox);
        outbox.expireAfter(attachTimeout, onAbandoned);
    }

    /** Binds an open session to its reserved connection and sends what waited. */
    void attach(String connectionId, Peer peer) {
        Outbox outbox = outboxes.get(connectionId);
        if (outbox == null) {
            peer.close(EXPIRED_CLOSE_CODE, expiredReason());
            return;
        }
        outbox.attach(peer);
    }

    private String expiredReason() {
        return "the connection expired: its socket opened more than " + attachTimeout + " after the handshake";
    }

    /** The close reason a slow consumer reads: it can reconnect and resume from its last seq. */
    static String slowConsumerReason(String why) {
        return "slow consumer: " + why + "; reconnect and resume";
    }

    /**
     * A frame waiting in a connection's queue (encoded whole, {@link WireFrames}), with the key of
     * what it supersedes (or null) and when it was queued (nanoseconds, the gateway's clock).
     */
    record Queued(ByteBuffer frame, String conflationKey, long queuedAtNanos) {}

    /**
     * Closes the connections whose write has been pending longer than {@code limit}: their peer
     * stopped reading, and their buffers would otherwise stay until the idle timeout.
     */
    void closeStuck(Duration limit) {
        long now = System.nanoTime();
        for (Outbox outbox : outboxes.values()) {
            if (outbox.stuckLongerThan(limit.toNanos(), now)) {
                outbox.closeStuck(limit);
            }
        }
    }

    /** Sends one frame to every connection this process holds (heartbeats). */
    void broadcast(String frame) {
        send(List.of(new Push(frame, List.copyOf(outboxes.keySet()))));
    }

    /** How many queued frames were dropped because a newer one superseded them. */
    long conflations() {
        return conflations.get();
    }

    /** How many connections were closed as slow consumers (queue overflowed, or a write stuck). */
    long slowConsumersClosed() {
        return slowConsumersClosed.get();
    }

    /** Forgets a connection (closed, failed or refused); its unsent frames are dropped. Idempotent. */
    void release(String connectionId) {
        Outbox outbox = outboxes.remove(connectionId);
        if (outbox != null) {
            outbox.discard();
        }
    }

    int connections() {
        return outboxes.size();
    }

    /** The most frames queued for one connection now (a slow consumer shows here before it is dropped). */
    int deepestQueue() {
        int deepest = 0;
        for (Outbox outbox : outboxes.values()) {
            deepest = Math.max(deepest, outbox.depth());
        }
        return deepest;
    }

    /**
     * Closes every open connection with {@code code} (1001, going away, when the server stops), so
     * clients learn why rather than see the socket drop. Their queued frames are dropped.
     */
    void closeAll(int code, String reason, Duration wait) {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (String connectionId : outboxes.keySet()) {
            Outbox outbox = outboxes.remove(connectionId);
            if (outbox != null) {
                closing.add(outbox.closeWith(code, reason));
            }
        }
        // The caller stops the server next, which would cut close frames still being written.
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
                    .get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("not every close frame was written within {}", wait, e);
        }
    }

    /** Stops the attach deadlines and the writer threads; connections are closed by the server that owns their sockets. */
    @Override
    public void close() {
        deadlines.shutdownNow();
        writers.shutdownNow();
    }

    /**
     * Queues each push's frame for each of its connections, then starts one write per connection
     * that had none in flight, carrying everything queued for it: a batch of ten changes for a
     * connection goes out as one write of ten frames, not ten writes. Never waits on a socket. A
     * connection this process does not hold, or whose queue overflowed (it is closed as a slow
     * consumer), is answered gone. Nothing here fails in a way a retry would mend, so nothing is
     * answered failed.
     */
    @Override
    public Report send(List<Push> pushes) {
        long delivered = 0;
        long queuedAt = nanoTime.getAsLong();
        Set<String> gone = null;
        List<Outbox> toStart = new ArrayList<>();
        for (Push push : pushes) {
            ByteBuffer frame = WireFrames.text(push.frame().getBytes(StandardCharsets.UTF_8));
            Queued queued = new Queued(frame, push.conflationKey(), queuedAt);
            for (String connectionId : push.connectionIds()) {
                Outbox outbox = outboxes.get(connectionId);
                Outbox.Offered offered = outbox == null ? Outbox.Offered.GONE : outbox.offer(queued);
                if (offered == Outbox.Offered.FULL_UNSTARTED) {
                    // A batch larger than the queue, for a connection with nothing in flight: not a
                    // slow consumer. What is queued leaves now and the frame is offered again.
                    outbox.pumpIfOwed();
                    offered = outbox.offer(queued);
                }
                switch (offered) {
                    case QUEUED -> delivered++;
                    case QUEUED_FIRST -> {
                        delivered++;
                        toStart.add(outbox);
                    }
                    case GONE, FULL_UNSTARTED -> {
                        if (gone == null) {
                            gone = new HashSet<>();
                        }
                        gone.add(connectionId);
                    }
                }
            }
        }
        startWrites(toStart);
        return gone == null ? Report.allDelivered(delivered) : new Report(delivered, gone, Map.of());
    }

    /**
     * Starts the owed writes: by the caller when they are few, else split over the writer threads,
     * each connection in one share (a connection's frames stay in order whoever starts its write,
     * as it has one write in flight at most).
     */
    private void startWrites(List<Outbox> toStart) {
        if (toStart.size() <= INLINE_STARTS || shares == 1) {
            toStart.forEach(Outbox::pumpIfOwed);
            return;
        }
        // One share per core: the caller takes the first itself (no hand-off for it), the writers the rest.
        int share = (toStart.size() + shares - 1) / shares;
        for (int from = share; from < toStart.size(); from += share) {
            List<Outbox> part = toStart.subList(from, Math.min(from + share, toStart.size()));
            try {
                writers.execute(() -> part.forEach(Outbox::pumpIfOwed));
            } catch (RejectedExecutionException stopping) {
                part.forEach(Outbox::pumpIfOwed);
            }
        }
        toStart.subList(0, Math.min(share, toStart.size())).forEach(Outbox::pumpIfOwed);
    }

    /** The close code of a connection whose client was cut off (RFC 6455: policy violation). */
    static final int POLICY_VIOLATION = 1008;

    /** Closes each connection this process holds with 1008 and the reason; nothing here fails for now. */
    @Override
    public Set<String> close(Collection<String> connectionIds, String reason) {
        connectionIds.forEach(connectionId -> closeConnection(connectionId, POLICY_VIOLATION, reason));
        return Set.of();
    }

    /**
     * Closes a connection this process holds (it expired, say) with a code and reason; its queued
     * frames are dropped. One accepted whose socket has not opened yet is closed with them when it
     * opens.
     */
    void closeConnection(String connectionId, int code, String reason) {
        Outbox outbox = outboxes.get(connectionId);
        if (outbox != null && outbox.closeNowOrOnAttach(code, reason)) {
            outboxes.remove(connectionId, outbox);
        }
    }
}
