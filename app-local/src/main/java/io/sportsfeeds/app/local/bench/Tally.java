package io.sportsfeeds.app.local.bench;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** The running counts of a push run, shared by its publishers and subscribers' threads and read each second. */
final class Tally {
    /** 3 significant digits: 0.1% resolution. */
    static final int SIGNIFICANT_DIGITS = 3;

    final LongAdder acknowledged = new LongAdder();
    final LongAdder requests = new LongAdder();
    final LongAdder publishErrors = new LongAdder();
    final LongAdder deliveries = new LongAdder();
    final LongAdder distinctDeliveries = new LongAdder();
    /** Frames that arrived before the publisher had their acknowledgement. */
    final LongAdder beforeAcknowledgement = new LongAdder();

    final LongAdder subscribersClosed = new LongAdder();
    /** Upgrades answered 429 (Too Many Requests) while the subscribers connected, each tried again. */
    final LongAdder upgradesThrottled = new LongAdder();

    final AtomicReference<String> firstError = new AtomicReference<>();
    private final Recorder fromPublish = new Recorder(SIGNIFICANT_DIGITS);
    private final Recorder fromAcknowledgement = new Recorder(SIGNIFICANT_DIGITS);
    private final Recorder perRequest = new Recorder(SIGNIFICANT_DIGITS);

    /**
     * One delivery's latencies in nanoseconds: from the publish being sent, and from its
     * acknowledgement ({@code -1} when the frame came first: then 0 is recorded and it is counted).
     */
    void delivered(long sinceSent, long sinceAcknowledged) {
        deliveries.increment();
        fromPublish.recordValue(Math.max(0, sinceSent));
        if (sinceAcknowledged < 0) {
            beforeAcknowledgement.increment();
            fromAcknowledgement.recordValue(0);
        } else {
            fromAcknowledgement.recordValue(sinceAcknowledged);
        }
    }

    void acknowledged(int updates, long requestNanos) {
        acknowledged.add(updates);
        requests.increment();
        perRequest.recordValue(requestNanos);
    }

    void publishFailed(int updates, String why) {
        publishErrors.add(updates);
        firstError.compareAndSet(null, why);
    }

    /** The histograms recorded since the last call: publish to receipt, acknowledgement to receipt, per request. */
    Histogram[] interval() {
        return new Histogram[] {
            fromPublish.getIntervalHistogram(),
            fromAcknowledgement.getIntervalHistogram(),
            perRequest.getIntervalHistogram()
        };
    }
}
