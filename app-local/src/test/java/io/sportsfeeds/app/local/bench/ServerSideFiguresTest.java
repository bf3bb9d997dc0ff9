package io.sportsfeeds.app.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerSideFiguresTest {
    private static final String BEFORE = """
            # HELP sportsfeeds_store_commit_updates Updates per group commit
            sportsfeeds_store_commit_updates_count 10.0
            sportsfeeds_store_commit_updates_sum 100.0
            sportsfeeds_store_commit_seconds_count 10.0
            sportsfeeds_store_commit_seconds_sum 0.01
            sportsfeeds_store_commit_seconds_bucket{le="0.001"} 10.0
            sportsfeeds_store_commit_seconds_bucket{le="0.002"} 10.0
            sportsfeeds_store_commit_seconds_bucket{le="+Inf"} 10.0
            sportsfeeds_push_delay_seconds_bucket{le="0.001"} 5.0
            sportsfeeds_push_delay_seconds_bucket{le="0.005"} 5.0
            sportsfeeds_push_delay_seconds_bucket{le="+Inf"} 5.0
            sportsfeeds_websocket_conflations_total 3.0
            sportsfeeds_websocket_queue_deepest 0.0
            """;
    private static final String AFTER = """
            sportsfeeds_store_commit_updates_count 30.0
            sportsfeeds_store_commit_updates_sum 1100.0
            sportsfeeds_store_commit_seconds_count 30.0
            sportsfeeds_store_commit_seconds_sum 0.05
            sportsfeeds_store_commit_seconds_bucket{le="0.001"} 20.0
            sportsfeeds_store_commit_seconds_bucket{le="0.002"} 30.0
            sportsfeeds_store_commit_seconds_bucket{le="+Inf"} 30.0
            sportsfeeds_push_delay_seconds_bucket{le="0.001"} 95.0
            sportsfeeds_push_delay_seconds_bucket{le="0.005"} 105.0
            sportsfeeds_push_delay_seconds_bucket{le="+Inf"} 105.0
            sportsfeeds_websocket_conflations_total 10.0
            sportsfeeds_websocket_queue_deepest 7.0
            """;

    @Test
    void subtractsTheScrapeAtTheWindowsStart_fromTheOneAtItsEnd() {
        ServerSideFigures figures = ServerSideFigures.between(BEFORE, AFTER);

        assertThat(figures.commits()).isEqualTo(20);
        assertThat(figures.updatesPerCommit()).isEqualTo(50.0);
        assertThat(figures.commitMillisMean()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
        // 10 of the window's 20 commits fell in the first bucket: its p99 is the second bucket's bound.
        assertThat(figures.commitMillisP99()).isEqualTo(2.0);
        // 90 of 100 pushes within 1 ms: p50 is 1 ms, p99 the 5 ms bucket.
        assertThat(figures.pushDelayMillisP50()).isEqualTo(1.0);
        assertThat(figures.pushDelayMillisP99()).isEqualTo(5.0);
        assertThat(figures.conflations()).isEqualTo(7);
        assertThat(figures.deepestQueueAtEnd()).isEqualTo(7);
    }

    @Test
    void leavesFiguresUnknown_whenTheWindowSawNoCommitOrPush() {
        ServerSideFigures figures = ServerSideFigures.between(BEFORE, BEFORE);

        assertThat(figures.commits()).isZero();
        assertThat(figures.updatesPerCommit()).isNull();
        assertThat(figures.commitMillisMean()).isNull();
        assertThat(figures.pushDelayMillisP99()).isNull();
    }
}
