package io.sportsfeeds.app.local;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.WritePendingException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket connection's socket, written by two writers in turn: Jetty's frame flusher (pongs,
 * close frames, whatever goes through the session) through {@link #write}, and the gateway's pushed
 * frames, already encoded, through {@link #writeFrames}. Each writer has at most one write
 * outstanding; a write that finds the other's in flight waits for it, and the waiting writes go out
 * in the order they came. Everything else goes to the socket as it is ({@link DelegatingEndPoint}).
 *
 * <p>Why: Jetty's flusher takes frames one by one (an entry, a lock, an iteration and a header
 * each), and that was a third of the server's work when fanning out. Pushed frames are the same
 * bytes for every receiver (a server does not mask), so they are encoded once per update and a
 * connection's queued frames leave in one gathering write of those shared buffers: one system call,
 * and nothing copied per connection that would stay behind a write a slow reader holds up.
 *
 * <p>No pushed frame may follow a close frame. The session's output closes when its close frame is
 * handed to the flusher, before the flusher writes it; a write of the flusher made once the output is
 * closed (the close frame, or what precedes it) therefore refuses every later {@link #writeFrames},
 * while pushed frames already waiting go out ahead of it, as they were first.
 */
final class SharedOutputEndPoint extends DelegatingEndPoint {
    private static final Logger LOG = LoggerFactory.getLogger(SharedOutputEndPoint.class);

    /** Whether the session may still send data frames (false once its close frame was sent). */
    private final BooleanSupplier outputOpen;

    /** Writes waiting for the one in flight to complete, oldest first: at most one per writer. */
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>(2);

    /** Whether a write is in flight on the socket, or its completion is handing on to the next. */
    private boolean writing;

    /** The write in flight until its writer is told it is done; null otherwise. */
    private Pending inFlight;

    private boolean framesRefused;

    /** A write that waits its turn; {@code frames} tells which writer's it is. */
    private record Pending(Callback callback, ByteBuffer[] bytes, boolean frames) {}

    SharedOutputEndPoint(EndPoint socket, BooleanSupplier outputOpen) {
        super(socket);
        this.outputOpen = outputOpen;
    }

    /**
     * Writes whole WebSocket frames (header and payload, as {@link WireFrames} encodes them) in one
     * write, and completes {@code callback} once they are written, or failed with a {@link
     * ClosedChannelException} when the session's close frame has already been sent. The buffers are
     * only read, through duplicates; the caller may share them with other connections.
     */
    void writeFrames(List<ByteBuffer> frames, Callback callback) {
        ByteBuffer[] bytes = new ByteBuffer[frames.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = frames.get(i).duplicate();
        }
        if (!enqueue(new Pending(callback, bytes, true))) {
            callback.failed(new ClosedChannelException());
        }
    }

    /** The flusher's write: it has one outstanding at most, as it would on the socket itself. */
    @Override
    public void write(Callback callback, ByteBuffer... bytes) throws WritePendingException {
        enqueue(new Pending(callback, bytes, false));
    }

    /**
     * Starts {@code write} now if nothing is in flight, else queues it; false when it is refused.
     * A writer with a write outstanding (in flight, or waiting) may not start another.
     */
    private boolean enqueue(Pending write) {
        // Read outside the lock: the session's state has a lock of its own. The close is final, so
        // a value read a moment early errs only towards letting frames queued before it go out.
        boolean open = write.frames() || outputOpen.getAsBoolean();
        synchronized (this) {
            if (!open) {
                framesRefused = true;
            }
            if (write.frames() && framesRefused) {
                return false;
            }
            if (outstanding(write.frames())) {
                throw new WritePendingException();
            }
            if (writing) {
                waiting.add(write);
                return true;
            }
            writing = true;
            inFlight = write;
        }
        start(write);
        return true;
    }

    /** Called holding the lock. */
    private boolean outstanding(boolean frames) {
        if (inFlight != null && inFlight.frames() == frames) {
            return true;
        }
        for (Pending queued : waiting) {
            if (queued.frames() == frames) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes {@code write}, and whatever waits once it is done. A write that completes inside the
     * socket's {@code write} (small ones do) is followed by this loop, not by its callback, so a
     * run of such writes never deepens the stack.
     */
    private void start(Pending write) {
        Pending next = write;
        while (next != null) {
            Turn turn = new Turn(next);
            try {
                socket.write(turn, next.bytes());
            } catch (RuntimeException refused) {
                // Not expected of a socket with one write at a time; still, the turn must pass on
                // (unless it did: then this came out of a writer's callback, after its write).
                turn.failed(refused);
            }
            next = turn.returned();
        }
    }

    /** The write in flight is done: its writer may start another once told. */
    private synchronized void done(Pending write) {
        if (inFlight == write) {
            inFlight = null;
        }
    }

    /**
     * Called once the write in flight is done and its writer told: the next waiting one, or null
     * (and none in flight). Pushed frames waiting here were accepted before any close frame reached
     * this end point, so they go out before it.
     */
    private synchronized Pending next() {
        Pending next = waiting.poll();
        inFlight = next;
        if (next == null) {
            writing = false;
        }
        return next;
    }

    /** One write's completion, and who goes on: its caller, if it completed before the call returned. */
    private final class Turn implements Callback {
        private final Pending write;
        private boolean finished;
        private boolean callReturned;
        private boolean completed;
        private Pending after;

        Turn(Pending write) {
            this.write = write;
        }

        @Override
        public void succeeded() {
            if (finish()) {
                tell(() -> write.callback().succeeded());
                handOn();
            }
        }

        @Override
        public void failed(Throwable cause) {
            if (finish()) {
                tell(() -> write.callback().failed(cause));
                handOn();
            }
        }

        /**
         * Runs a writer's callback. What it throws stops here: thrown into Jetty's write flusher it
         * would fail the socket's next write (the one handed on to) and lose that write's callback.
         */
        private void tell(Runnable callback) {
            try {
                callback.run();
            } catch (RuntimeException bug) {
                LOG.warn("a write's callback failed on {}", socket, bug);
            }
        }

        /** The first completion only: true once, and the writer may then start another write. */
        private boolean finish() {
            synchronized (this) {
                if (finished) {
                    return false;
                }
                finished = true;
            }
            done(write);
            return true;
        }

        private void handOn() {
            // After the callback: a write its writer makes from it waits behind this one, in order.
            Pending following = next();
            synchronized (this) {
                if (!callReturned) {
                    completed = true;
                    after = following;
                    return;
                }
            }
            if (following != null) {
                start(following);
            }
        }

        /** Called once the socket's write call returned: what the caller's loop writes next. */
        Pending returned() {
            synchronized (this) {
                callReturned = true;
                return completed ? after : null;
            }
        }

        /**
         * Blocking: the completion may go on to start and complete the other writer's write and run
         * its callback, so Jetty runs it on a pooled thread, never on its selector's.
         */
        @Override
        public InvocationType getInvocationType() {
            return InvocationType.BLOCKING;
        }
    }

    @Override
    public String toString() {
        return "SharedOutputEndPoint[" + socket + "]";
    }
}
