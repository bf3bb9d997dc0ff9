package io.sportsfeeds.app.local;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's queue of frames and its single write in flight, for the {@link
 * JettyConnectionGateway} that holds it: frames are queued under its lock, and whoever finds no
 * write in flight starts one carrying everything queued.
 */
final class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    /** What became of a frame offered to a connection's queue. */
    enum Offered {
        /** Queued behind a write in flight (or a socket not open yet): it goes out with the next write. */
        QUEUED,
        /** Queued with nothing in flight: the caller owes the connection one {@link Outbox#pumpIfOwed}. */
        QUEUED_FIRST,
        /** Not queued: the queue is full of frames whose write the caller has yet to start. */
        FULL_UNSTARTED,
        /** The connection is closed or unknown. */
        GONE
    }

    /** What an outbox needs of the gateway that holds it. */
    interface Owner {
        /** Forgets the outbox, unless the connection has another one by now. True when it was forgotten. */
        boolean forget(Outbox outbox);

        /** Schedules attach deadlines. */
        ScheduledExecutorService deadlines();

        /** A queued frame was dropped for a newer one of its game and market. */
        void conflated();

        /** The connection is being closed as a slow consumer. */
        void closedAsSlow();

        /** The close reason of a socket that opened after its connection was released. */
        String expiredReason();
    }

    /** {@link JettyConnectionGateway#CONFLATE_AFTER}, as the queue's clock counts it. */
    private static final long CONFLATE_AFTER_NANOS = JettyConnectionGateway.CONFLATE_AFTER.toNanos();

    private final String connectionId;
    private final int queueCapacity;
    /**
     * From this queue length on, or once the oldest queued frame has waited {@link
     * JettyConnectionGateway#CONFLATE_AFTER}, a frame superseded by a newer one of its game and
     * market is dropped.
     */
    private final int conflateFrom;

    private final Owner owner;
    /** Frames waiting, shared with the other receivers of the same push: read through duplicates only. */
    private final ArrayDeque<JettyConnectionGateway.Queued> queue = new ArrayDeque<>();
    /** When the write in flight started (System.nanoTime), or 0 when none is. */
    private long writeStartedNanos;

    private Peer peer;
    private boolean sending;
    private boolean closed;
    /** Set while {@link #pump} waits in {@code sendFrames}; a write completing then is picked up by the loop. */
    private boolean pumping;

    private boolean completedWhilePumping;

    /** Marked sending by {@link #offer}, its first write not started yet: the offering caller starts it. */
    private boolean pumpOwed;

    /** Why the connection was closed before its socket attached; told to the socket when it does. */
    private String closedBeforeAttachBecause;

    private int closedBeforeAttachCode;

    private ScheduledFuture<?> attachDeadline;

    String connectionId() {
        return connectionId;
    }

    Outbox(String connectionId, int queueCapacity, Owner owner) {
        this.connectionId = connectionId;
        this.queueCapacity = queueCapacity;
        this.conflateFrom = Math.max(1, queueCapacity / 2);
        this.owner = owner;
    }

    void expireAfter(Duration timeout, Runnable onAbandoned) {
        ScheduledFuture<?> deadline =
                owner.deadlines().schedule(() -> expire(onAbandoned), timeout.toNanos(), TimeUnit.NANOSECONDS);
        synchronized (this) {
            attachDeadline = deadline;
        }
    }

    private void expire(Runnable onAbandoned) {
        synchronized (this) {
            if (peer != null) {
                return;
            }
            closed = true;
            queue.clear();
        }
        if (owner.forget(this)) {
            LOG.debug("connection {} was accepted but its socket never opened; releasing it", connectionId);
            onAbandoned.run();
        }
    }

    /**
     * Queues a frame. When nothing is in flight it marks the connection sending and answers
     * {@link Offered#QUEUED_FIRST}: the caller then calls {@link #pump} once, after queueing
     * the rest of its batch, so the batch leaves in one write.
     */
    Offered offer(JettyConnectionGateway.Queued frame) {
        synchronized (this) {
            if (closed) {
                return Offered.GONE;
            }
            if (frame.conflationKey() != null && behind(frame.queuedAtNanos()) && conflate(frame)) {
                return Offered.QUEUED;
            }
            if (queue.size() >= queueCapacity) {
                if (pumpOwed) {
                    return Offered.FULL_UNSTARTED;
                }
                closeAsSlow(queueCapacity + " frames queued");
                return Offered.GONE;
            }
            queue.add(frame);
            if (sending || peer == null) {
                return Offered.QUEUED;
            }
            sending = true;
            pumpOwed = true;
            return Offered.QUEUED_FIRST;
        }
    }

    void attach(Peer openSession) {
        synchronized (this) {
            cancelAttachDeadline();
            if (closed) {
                // Overflowed, expired or released before its socket opened: the socket must not stay
                // open unknown to the gateway, receiving nothing.
                owner.forget(this);
                if (closedBeforeAttachBecause != null) {
                    openSession.close(closedBeforeAttachCode, closedBeforeAttachBecause);
                } else {
                    openSession.close(JettyConnectionGateway.EXPIRED_CLOSE_CODE, owner.expiredReason());
                }
                return;
            }
            peer = openSession;
            if (sending || queue.isEmpty()) {
                return;
            }
            sending = true;
        }
        pump();
    }

    CompletableFuture<Void> closeWith(int code, String reason) {
        Peer open;
        synchronized (this) {
            cancelAttachDeadline();
            closed = true;
            queue.clear();
            open = peer;
        }
        return open == null ? CompletableFuture.completedFuture(null) : open.close(code, reason);
    }

    /**
     * Closes the connection with a code and reason. One whose socket has not opened yet is kept, as a
     * slow consumer's is, until it opens (and is closed with this reason) or its attach deadline
     * passes: answers whether the gateway may forget it now.
     */
    boolean closeNowOrOnAttach(int code, String reason) {
        Peer open;
        synchronized (this) {
            closed = true;
            queue.clear();
            open = peer;
            if (open == null) {
                closedBeforeAttachBecause = reason;
                closedBeforeAttachCode = code;
                return false;
            }
        }
        open.close(code, reason);
        return true;
    }

    synchronized int depth() {
        return queue.size();
    }

    synchronized void discard() {
        cancelAttachDeadline();
        closed = true;
        queue.clear();
    }

    /** Called holding the lock. */
    private void cancelAttachDeadline() {
        if (attachDeadline != null) {
            attachDeadline.cancel(false);
            attachDeadline = null;
        }
    }

    /** Starts the write an {@link #offer} answered {@link Offered#QUEUED_FIRST} for, once. */
    void pumpIfOwed() {
        synchronized (this) {
            if (!pumpOwed) {
                return;
            }
            pumpOwed = false;
        }
        pump();
    }

    /**
     * Writes what is queued, as many frames per write as are waiting (up to a write's bounds). A
     * write that completes inside {@code sendFrames} (small ones may) is continued by this loop
     * rather than by recursion from its callback, so a long queue never grows the stack.
     */
    private void pump() {
        while (true) {
            List<ByteBuffer> frames;
            synchronized (this) {
                if (closed || queue.isEmpty()) {
                    sending = false;
                    return;
                }
                frames = new ArrayList<>(Math.min(queue.size(), JettyConnectionGateway.MAX_FRAMES_PER_WRITE));
                int bytes = 0;
                while (!queue.isEmpty()
                        && frames.size() < JettyConnectionGateway.MAX_FRAMES_PER_WRITE
                        && bytes < JettyConnectionGateway.MAX_BYTES_PER_WRITE) {
                    ByteBuffer frame = queue.poll().frame();
                    bytes += frame.remaining();
                    frames.add(frame);
                }
                writeStartedNanos = System.nanoTime();
                pumping = true;
                completedWhilePumping = false;
            }
            peer.sendFrames(frames, Callback.from(this::sent, this::failed));
            synchronized (this) {
                pumping = false;
                if (!completedWhilePumping) {
                    return; // the callback continues when the send completes
                }
            }
        }
    }

    private void sent() {
        synchronized (this) {
            writeStartedNanos = 0;
            if (pumping) {
                completedWhilePumping = true;
                return;
            }
        }
        pump();
    }

    private void failed(Throwable cause) {
        // The socket is broken; onError/onClose of the session release it too, this just stops sending.
        LOG.debug("sending to connection {} failed; dropping it", connectionId, cause);
        synchronized (this) {
            closed = true;
            sending = false;
            queue.clear();
        }
        owner.forget(this);
    }

    /** Called holding the lock: whether the queue is half full, or its oldest frame waited too long. */
    private boolean behind(long nowNanos) {
        if (queue.size() >= conflateFrom) {
            return true;
        }
        JettyConnectionGateway.Queued oldest = queue.peekFirst();
        return oldest != null && nowNanos - oldest.queuedAtNanos() >= CONFLATE_AFTER_NANOS;
    }

    /**
     * Called holding the lock, once the connection is behind: drops the queued frame that the
     * new one supersedes (same game and market) and queues the new one, marked conflated, at the
     * end, so the connection's frames stay in seq order. False when nothing queued is superseded.
     */
    private boolean conflate(JettyConnectionGateway.Queued frame) {
        var queued = queue.descendingIterator();
        while (queued.hasNext()) {
            if (frame.conflationKey().equals(queued.next().conflationKey())) {
                queued.remove();
                queue.add(new JettyConnectionGateway.Queued(
                        WireFrames.markedConflated(frame.frame()), frame.conflationKey(), frame.queuedAtNanos()));
                owner.conflated();
                return true;
            }
        }
        return false;
    }

    /** Whether its write has been in flight longer than {@code limit} (the peer stopped reading). */
    synchronized boolean stuckLongerThan(long limitNanos, long nowNanos) {
        return !closed && writeStartedNanos != 0 && nowNanos - writeStartedNanos > limitNanos;
    }

    synchronized void closeStuck(Duration limit) {
        if (!closed) {
            closeAsSlow("a write pending for more than " + limit.toSeconds() + " s");
        }
    }

    /** Called holding the lock. */
    private void closeAsSlow(String why) {
        LOG.warn("connection {} is a slow consumer ({}); closing it", connectionId, why);
        closed = true;
        owner.closedAsSlow();
        queue.clear();
        String reason = JettyConnectionGateway.slowConsumerReason(why);
        if (peer != null) {
            owner.forget(this);
            peer.close(JettyConnectionGateway.SLOW_CONSUMER_CLOSE_CODE, reason);
        } else {
            // Kept until its socket attaches (and learns why it is closed) or its attach deadline passes.
            closedBeforeAttachBecause = reason;
            closedBeforeAttachCode = JettyConnectionGateway.SLOW_CONSUMER_CLOSE_CODE;
        }
    }
}
