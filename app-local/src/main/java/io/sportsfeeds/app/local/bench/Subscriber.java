package io.sportsfeeds.app.local.bench;

import java.util.BitSet;

/**
 * One subscriber's view of a run: which updates reached it, and the order of each game's {@code
 * seq}. Called on the subscriber's selector thread only; its counters are read after the run, or
 * racily for progress lines.
 */
final class Subscriber {
    final int index;
    private final Tally tally;
    private final Ledger ledger;
    private final BenchUpdate.Reader reader;
    private final long[] lastSeq;
    private final BitSet received = new BitSet();
    /** Frames of this run's updates, repeats included. */
    long frames;
    /** Frames of an update this subscriber had already received. */
    long repeats;
    /** Seqs skipped between two received frames of a game. */
    long gaps;
    /** Of those, the ones skipped just before a frame marked conflated: superseded in the server's queue. */
    long superseded;
    /** Frames whose seq was not above the last one of its game (a repeat or out of order). */
    long seqBackwards;
    /** Games in which at least one gap was seen. */
    int gamesWithGaps;
    /** Frames that were not this run's updates (pongs, other feeds). */
    long otherFrames;

    volatile String closedWhy;

    Subscriber(int index, int games, Tally tally, Ledger ledger, String runTag) {
        this.index = index;
        this.tally = tally;
        this.ledger = ledger;
        this.reader = new BenchUpdate.Reader(runTag);
        this.lastSeq = new long[games];
    }

    /** Its upgrade was answered 429 and is tried again. */
    void throttled() {
        tally.upgradesThrottled.increment();
    }

    /** One pushed update (a frame, or a message's payload); what is not one of this run's is counted apart. */
    void onUpdate(byte[] b, int offset, int length) {
        long now = System.nanoTime();
        if (!reader.read(b, offset, length) || reader.game < 0 || reader.game >= lastSeq.length) {
            otherFrames++;
            return;
        }
        long number = reader.number;
        long sent = ledger.sentAt(number);
        if (sent == 0) {
            otherFrames++;
            return;
        }
        frames++;
        int bit = (int) number;
        if (received.get(bit)) {
            repeats++;
        } else {
            received.set(bit);
            tally.distinctDeliveries.increment();
        }
        long last = lastSeq[reader.game];
        long seq = reader.seq;
        if (last != 0) {
            if (seq <= last) {
                seqBackwards++;
            } else if (seq > last + 1) {
                if (countsNewGame(reader.game)) {
                    gamesWithGaps++;
                }
                gaps += seq - last - 1;
                if (reader.conflated) {
                    superseded += seq - last - 1;
                }
            }
        }
        if (seq > last) {
            lastSeq[reader.game] = seq;
        }
        long acknowledged = ledger.acknowledgedAt(number);
        tally.delivered(now - sent, acknowledged == 0 ? -1 : now - acknowledged);
    }

    private BitSet gappedGames;

    private boolean countsNewGame(int game) {
        if (gappedGames == null) {
            gappedGames = new BitSet();
        }
        boolean fresh = !gappedGames.get(game);
        gappedGames.set(game);
        return fresh;
    }

    /** How many of the acknowledged updates {@code 0..updates) never reached this subscriber. */
    long notReceived(long updates) {
        long missing = 0;
        for (long n = 0; n < updates; n++) {
            if (ledger.acknowledgedAt(n) != 0 && !received.get((int) n)) {
                missing++;
            }
        }
        return missing;
    }

    /** The connection was closed, or the server sent an error: either way the subscriber failed. */
    void closed(String why) {
        closedWhy = why;
        tally.subscribersClosed.increment();
    }
}
