package io.sportsfeeds.core.fakes;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.port.ChangeStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The change capture of an {@link InMemoryOddsStore}, on a thread of its own. Told to be unruly,
 * it behaves as at-least-once change capture may: it repeats changes, delivers a batch shuffled
 * and holds some changes back to deliver them a batch later (so a gap shows before it is filled),
 * seeded so a failing run can be repeated. Retries answered by the handler come back in a later
 * batch.
 */
public final class InMemoryChangeStream implements ChangeStream {
    private final LinkedBlockingQueue<List<CapturedChange>> queue = new LinkedBlockingQueue<>();
    private final Random unruly;

    /** A stream that delivers each commit once, in commit order. */
    public InMemoryChangeStream(InMemoryOddsStore store) {
        this(store, null);
    }

    /** A stream that repeats, reorders and delays changes, driven by {@code unruly} (null: none of that). */
    public InMemoryChangeStream(InMemoryOddsStore store, Random unruly) {
        this.unruly = unruly;
        store.onCommit(queue::add);
    }

    @Override
    public Subscription follow(BatchHandler handler) {
        Thread thread =
                Thread.ofPlatform().name("in-memory-change-stream").daemon(true).start(() -> run(handler));
        return thread::interrupt;
    }

    private void run(BatchHandler handler) {
        List<CapturedChange> heldBack = new ArrayList<>();
        List<CapturedChange> retry = new ArrayList<>();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                List<CapturedChange> next =
                        queue.poll(retry.isEmpty() && heldBack.isEmpty() ? 1_000 : 5, TimeUnit.MILLISECONDS);
                List<CapturedChange> batch = new ArrayList<>(retry);
                retry.clear();
                batch.addAll(heldBack);
                heldBack.clear();
                if (next != null) {
                    batch.addAll(next);
                }
                if (batch.isEmpty()) {
                    continue;
                }
                if (unruly != null) {
                    batch = disorder(batch, heldBack);
                }
                if (!batch.isEmpty()) {
                    retry.addAll(handler.handle(List.copyOf(batch)));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Repeats some changes, holds some back for the next batch, and shuffles the rest. */
    private List<CapturedChange> disorder(List<CapturedChange> batch, List<CapturedChange> heldBack) {
        List<CapturedChange> out = new ArrayList<>(batch.size() * 2);
        for (CapturedChange change : batch) {
            int roll = unruly.nextInt(10);
            if (roll == 0) {
                heldBack.add(change);
                continue;
            }
            out.add(change);
            if (roll == 1) {
                out.add(change);
            }
        }
        Collections.shuffle(out, unruly);
        return out;
    }
}
