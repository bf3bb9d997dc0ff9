package io.sportsfeeds.app.local.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One publisher's loop in a push run: batches of its own games (game g belongs to publisher g mod
 * P, so each game's updates leave in order from one connection), each sent when due and awaited,
 * until publishing stops.
 */
final class PublishLoop implements Runnable {
    private final Target.Publisher publisher;
    private final int index;
    private final PushBench.Workload workload;
    private final Ledger ledger;
    private final Tally tally;
    private final AtomicLong numbers;
    private final long start;
    private final long stopPublishing;

    /**
     * @param index this publisher's number, from 0: it owns games index, index + P, ...
     * @param numbers the next update number, shared by every publisher so numbers are unique in the run
     * @param start the run's start, {@link System#nanoTime()}; batches are due from there
     * @param stopPublishing when to stop, {@link System#nanoTime()}
     */
    PublishLoop(
            Target.Publisher publisher,
            int index,
            PushBench.Workload workload,
            Ledger ledger,
            Tally tally,
            AtomicLong numbers,
            long start,
            long stopPublishing) {
        this.publisher = publisher;
        this.index = index;
        this.workload = workload;
        this.ledger = ledger;
        this.tally = tally;
        this.numbers = numbers;
        this.start = start;
        this.stopPublishing = stopPublishing;
    }

    @Override
    public void run() {
        int owned = 0;
        for (int g = index; g < workload.games(); g += workload.publishers()) {
            owned++;
        }
        long[] gameSeqs = new long[owned];
        int turn = 0;
        // Each publisher sends its share of the rate; their batches are spread over each interval.
        long interval =
                workload.rate() == 0 ? 0 : (long) (workload.batch() * workload.publishers() / workload.rate() * 1e9);
        long due = start + interval * index / workload.publishers();
        List<BenchUpdate> batch = new ArrayList<>(workload.batch());
        while (true) {
            if (interval > 0) {
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                due += interval;
            }
            long sent = System.nanoTime();
            if (sent - stopPublishing >= 0) {
                return;
            }
            batch.clear();
            long first = numbers.getAndAdd(workload.batch());
            for (int i = 0; i < workload.batch(); i++) {
                int slot = turn++ % owned;
                int game = index + slot * workload.publishers();
                batch.add(new BenchUpdate(first + i, game, ++gameSeqs[slot]));
                ledger.sent(first + i, sent);
            }
            try {
                publisher.publish(batch);
                long acknowledged = System.nanoTime();
                for (int i = 0; i < batch.size(); i++) {
                    ledger.acknowledged(first + i, acknowledged);
                }
                tally.acknowledged(batch.size(), acknowledged - sent);
            } catch (IOException | RuntimeException failed) {
                tally.publishFailed(batch.size(), failed.getMessage());
                if (interval == 0) {
                    // As fast as possible would spin on a refusing server: pause a little between failures.
                    try {
                        TimeUnit.MILLISECONDS.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
