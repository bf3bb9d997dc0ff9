package io.sportsfeeds.app.local;

import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.usecase.IngestFeeds;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve --demo}: ingests simulated odds in-process at a steady rate, so a newcomer's
 * wscat shows updates at once without running {@code simulate}.
 */
final class DemoFeed implements AutoCloseable {
    static final int UPDATES_PER_SECOND = 4;

    private static final Logger LOG = LoggerFactory.getLogger(DemoFeed.class);

    private final Thread thread;

    private DemoFeed(Thread thread) {
        this.thread = thread;
    }

    static DemoFeed start(IngestFeeds ingest, OddsGenerator generator) {
        Duration pause = Duration.ofMillis(1000 / UPDATES_PER_SECOND);
        Thread thread = Thread.ofVirtual().name("demo-feed").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    ingest.ingest(generator.batch(1));
                    Thread.sleep(pause);
                } catch (InterruptedException stop) {
                    return;
                } catch (StoreUnavailableException unavailable) {
                    // Happens while the store closes at shutdown; otherwise worth a line, and retrying.
                    LOG.warn("demo feed could not store an update: {}", unavailable.getMessage());
                    if (!sleep(pause)) {
                        return;
                    }
                }
            }
        });
        return new DemoFeed(thread);
    }

    private static boolean sleep(Duration pause) {
        try {
            Thread.sleep(pause);
            return true;
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
