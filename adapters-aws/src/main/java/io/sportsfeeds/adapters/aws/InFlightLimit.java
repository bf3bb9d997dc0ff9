package io.sportsfeeds.adapters.aws;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Runs at most {@code max} asynchronous calls at a time; the others wait in order. A task counts
 * from {@link #submit} until {@link #release}, which its completion calls. Thread-safe.
 */
final class InFlightLimit {
    private final int max;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int running;

    InFlightLimit(int max) {
        this.max = max;
    }

    void submit(Runnable task) {
        synchronized (this) {
            if (running >= max) {
                waiting.add(task);
                return;
            }
            running++;
        }
        task.run();
    }

    void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                running--;
                return;
            }
        }
        next.run();
    }
}
