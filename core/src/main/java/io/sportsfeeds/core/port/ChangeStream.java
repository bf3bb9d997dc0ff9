package io.sportsfeeds.core.port;

import io.sportsfeeds.core.domain.CapturedChange;
import java.util.List;

/**
 * Captured changes as change capture delivers them: the embedded store's commit order, a Kinesis
 * stream read by a local server. It may deliver a change more than once, and out of order across
 * batches; ordering, repeats and gaps are the publisher's to handle (see {@code PublishChanges}),
 * never the stream's.
 */
public interface ChangeStream {

    /**
     * Hands every change captured from now on to the handler, one batch at a time from one thread,
     * until the subscription is closed. The changes the handler answers as to retry are handed over
     * again later.
     */
    Subscription follow(BatchHandler handler);

    /** Takes one batch and answers which of its changes must be handed over again. */
    @FunctionalInterface
    interface BatchHandler {
        List<CapturedChange> handle(List<CapturedChange> batch);
    }

    /** A running subscription. Closing it stops deliveries; closing twice does nothing. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
