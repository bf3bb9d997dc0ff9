package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.port.ChangeStream;
import io.sportsfeeds.core.port.RetryingFollower;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The tail of the store's commit order, as a {@link ChangeStream}. The writer hands each group's
 * committed changes to {@link #publish}; one dispatcher thread hands whatever has committed since
 * the last call to each follower in one batch, so a slow follower never delays a commit (the queue
 * grows instead) and a busy store makes big batches. It has no ordering or dedupe rules of its
 * own: those are the publisher's.
 *
 * <p>Changes a follower answers for retry are handed over again, before newer ones, after a
 * backoff that grows while retries keep failing. They are bounded: past {@value #MAX_RETRY}
 * changes the oldest are let go, which leaves no silent gap, because the publisher's record stays
 * behind them and it fills the gap from the store when the game's next change arrives.
 */
final class EmbeddedChangeTail implements ChangeStream, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EmbeddedChangeTail.class.getName());
    static final int MAX_RETRY = 100_000;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final long STOP_WAIT_MILLIS = 10_000;
    private static final List<CapturedChange> STOP = new ArrayList<>();

    private final LinkedBlockingQueue<List<CapturedChange>> queue = new LinkedBlockingQueue<>();
    private final List<Follower> followers = new CopyOnWriteArrayList<>();
    private final Thread dispatcher;
    private volatile boolean closed;

    EmbeddedChangeTail() {
        this.dispatcher =
                Thread.ofPlatform().name("sportsfeeds-change-tail").daemon(true).start(this::dispatch);
    }

    /** Called by the writer after each successful commit, with the group's changes in commit order. */
    void publish(List<CapturedChange> committed) {
        queue.add(committed);
    }

    @Override
    public Subscription follow(BatchHandler handler) {
        Follower follower = new Follower(handler);
        followers.add(follower);
        if (closed) {
            // close() ran between the caller's look and the add: it may not have seen this follower.
            followers.remove(follower);
            throw new StoreUnavailableException("cannot follow the store's changes: the store is closed");
        }
        return () -> followers.remove(follower);
    }

    private void dispatch() {
        try {
            boolean stopping = false;
            while (!stopping) {
                long waitNanos = followers.stream()
                        .mapToLong(Follower::nanosUntilRetry)
                        .min()
                        .orElse(Long.MAX_VALUE);
                List<CapturedChange> first =
                        waitNanos == Long.MAX_VALUE ? queue.take() : queue.poll(waitNanos, TimeUnit.NANOSECONDS);
                List<CapturedChange> fresh = new ArrayList<>();
                for (List<CapturedChange> next = first; next != null; next = queue.poll()) {
                    if (next == STOP) {
                        stopping = true;
                        break;
                    }
                    fresh.addAll(next);
                }
                List<CapturedChange> batch = List.copyOf(fresh);
                for (Follower follower : followers) {
                    follower.hand(batch);
                }
            }
        } catch (InterruptedException e) {
            // Only close() interrupts, after waiting in vain for a follower: stop delivering.
            Thread.currentThread().interrupt();
        }
    }

    /** Delivers what was committed before, then stops; later follows are refused. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(STOP);
        if (Thread.currentThread() != dispatcher) {
            try {
                dispatcher.join(STOP_WAIT_MILLIS);
                if (dispatcher.isAlive()) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "a change follower still runs after " + STOP_WAIT_MILLIS + " ms; interrupting it");
                    dispatcher.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                dispatcher.interrupt();
            }
        }
        followers.clear();
    }

    /** One follower, with the changes it answered for retry; touched by the dispatcher only. */
    private static final class Follower {
        private final RetryingFollower retrying;
        private List<CapturedChange> retry = List.of();

        Follower(BatchHandler handler) {
            this.retrying = new RetryingFollower(handler, FIRST_BACKOFF, MAX_BACKOFF, System::nanoTime, LOG);
        }

        long nanosUntilRetry() {
            return retrying.nanosUntilRetry();
        }

        void hand(List<CapturedChange> fresh) {
            boolean retryDue = !retry.isEmpty() && nanosUntilRetry() == 0;
            List<CapturedChange> batch;
            if (retryDue) {
                batch = concat(retry, fresh);
            } else if (!retry.isEmpty()) {
                // Not due yet: the new changes wait behind the retries, so a game's order holds; the
                // deadline stays, since nothing was tried.
                retry = bounded(concat(retry, fresh));
                return;
            } else {
                batch = fresh;
            }
            if (batch.isEmpty()) {
                return;
            }
            retry = bounded(retrying.hand(batch));
        }

        /** The changes to keep for retry: at most {@value EmbeddedChangeTail#MAX_RETRY}, the newest. */
        private static List<CapturedChange> bounded(List<CapturedChange> again) {
            if (again.size() > MAX_RETRY) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "letting go of " + (again.size() - MAX_RETRY)
                                + " changes waiting for retry; each game's next change fills them from the store");
                again = again.subList(again.size() - MAX_RETRY, again.size());
            }
            return List.copyOf(again);
        }

        private static List<CapturedChange> concat(List<CapturedChange> a, List<CapturedChange> b) {
            List<CapturedChange> all = new ArrayList<>(a.size() + b.size());
            all.addAll(a);
            all.addAll(b);
            return all;
        }
    }
}
