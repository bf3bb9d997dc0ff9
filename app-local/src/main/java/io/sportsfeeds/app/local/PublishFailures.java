package io.sportsfeeds.app.local;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.usecase.NotifyStaleGames;
import io.sportsfeeds.core.usecase.PublishChanges;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the publisher from the store's change tail, records what it did in the metrics, and says
 * what failed, once per episode: the
 * first report with changes to retry logs a warning with its cause, the first complete report
 * after it logs that publishing recovered. The changes to retry go back to the tail, which hands
 * them over again.
 */
final class PublishFailures {
    private static final Logger LOG = LoggerFactory.getLogger(PublishFailures.class);

    private final PublishChanges publish;
    private final NotifyStaleGames stale;
    private final ServerMetrics metrics;
    /** Touched by the tail's one dispatcher thread only. */
    private boolean failing;

    PublishFailures(PublishChanges publish, NotifyStaleGames stale, ServerMetrics metrics) {
        this.publish = publish;
        this.stale = stale;
        this.metrics = metrics;
    }

    List<CapturedChange> publish(List<CapturedChange> batch) {
        PublishChanges.Report report = publish.publish(batch);
        metrics.published(batch, report);
        stale.observe(batch);
        if (report.lost() > 0) {
            LOG.warn(
                    "{} changes were no longer in the store when a gap was filled; their receivers were not sent them",
                    report.lost());
        }
        if (!report.complete() && !failing) {
            failing = true;
            LOG.warn(
                    "pushing {} changes failed; retrying them until it works: {}",
                    report.retry().size(),
                    String.valueOf(report.failure()));
        } else if (report.complete() && failing) {
            failing = false;
            LOG.info("pushing changes works again");
        }
        return report.retry();
    }
}
