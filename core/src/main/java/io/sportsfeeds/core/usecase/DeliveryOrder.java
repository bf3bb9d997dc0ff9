package io.sportsfeeds.core.usecase;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises, within one process, publishing changes and answering a subscription, so that what a
 * subscriber is sent when it subscribes (a snapshot, a replay) and the live changes after it reach
 * its connection in seq order, with nothing missing and nothing twice. Each process that serves
 * connections has one, shared by its {@link PublishChanges} and {@link ManageSubscriptions}.
 *
 * <p>Across processes (a Lambda answering a subscribe while another publishes) there is no such
 * order: a live change may overtake the end of a replay there, and the client orders by seq.
 */
public final class DeliveryOrder {
    private final ReentrantLock lock = new ReentrantLock();

    <T> T exclusively(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
