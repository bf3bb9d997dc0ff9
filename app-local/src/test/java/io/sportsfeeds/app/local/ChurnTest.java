package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.app.local.bench.ChurnBench;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench churn} at a small scale against {@code serve} in a process of its own: connections
 * dropped without a close frame must leave nothing behind in the server, and connections that stop
 * reading must be closed as slow consumers before their queue passes its bound.
 */
class ChurnTest {
    private static final int CONNECTIONS = 600;
    private static final int STALLED = 20;
    private static final int MEASURED = 3;
    private static final int ROUNDS = 3;

    /**
     * How much the heap after a full GC may differ from the end of the first round to the end of
     * the last without taking it for a leak. Measured here (serial GC, 256 MiB heap): about 19 MiB
     * with 3 connections, 24-27 MiB with 623 open (about 6 KiB of heap each), 18-22 MiB at the end
     * of rounds, moving by up to 8 MiB between readings of the same state (buffers the server's
     * pools keep or release). Rounds 2 and 3 drop about 3,500 connections: 8 MiB catches a leak of
     * 2.3 KiB or more per dropped connection, under half of what an open one holds. (So few open
     * connections hold less than that noise: whether the heap after GC is below the loaded one is
     * not asserted here; bench churn shows it at 10,000, docs/RELIABILITY.md.)
     */
    private static final long LEAK_TOLERANCE_KIB = 8 * 1_024;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS) // for a hung run only: it takes about a minute
    void releasesEveryDroppedConnectionAndItsMemory_andClosesStalledOnesAsSlowConsumers() throws Exception {
        StringWriter report = new StringWriter();
        ChurnBench.Result result;
        try (ServerProcess server = ServerProcess.start(
                dir.resolve("data"), dir.resolve("serve.log"), Duration.ofSeconds(60), "--no-auth")) {
            result = ChurnBench.run(
                    new ChurnBench.Settings(
                            server.url(""),
                            null,
                            null,
                            server.pid(),
                            CONNECTIONS,
                            STALLED,
                            MEASURED,
                            50,
                            20,
                            1_000,
                            Duration.ofSeconds(2),
                            Duration.ofSeconds(8),
                            150,
                            ROUNDS,
                            2),
                    new PrintWriter(report, true));
        } finally {
            System.out.println("ChurnTest:\n" + report);
        }
        ChurnBench.print(new PrintWriter(System.out, true), result);

        assertThat(result.before().heapUsedKib()).as("jcmd reached the server").isPositive();
        for (ChurnBench.Round round : result.rounds()) {
            assertThat(round.loaded().webSocketConnections())
                    .as("round %d: the server held them all at once", round.number())
                    .isGreaterThanOrEqualTo(MEASURED + CONNECTIONS);
            assertThat(round.dropped()).isGreaterThan(CONNECTIONS);
            assertThat(round.after().webSocketConnections())
                    .as("round %d: every dropped connection is forgotten; the measured ones stay", round.number())
                    .isEqualTo(MEASURED);
            assertThat(round.deepestQueue())
                    .as("round %d: no connection's queue passes its bound", round.number())
                    .isLessThanOrEqualTo(1_024);
            assertThat(round.stalledEnds())
                    .as("round %d: the server closed every stalled connection", round.number())
                    .doesNotContainKey("still open");
            assertThat(round.stalledEnds().values().stream()
                            .mapToInt(Integer::intValue)
                            .sum())
                    .isEqualTo(STALLED);
        }
        long first = result.rounds().getFirst().after().heapUsedKib();
        long last = result.rounds().getLast().after().heapUsedKib();
        assertThat(last - first)
                .as(
                        "heap after a full GC, KiB, from the first round's end to the last's (%d connections dropped"
                                + " in between)",
                        result.rounds().stream()
                                .skip(1)
                                .mapToLong(ChurnBench.Round::dropped)
                                .sum())
                .isLessThanOrEqualTo(LEAK_TOLERANCE_KIB);
        assertThat(result.measuredOutOfOrder()).isZero();
        assertThat(result.measuredClosed()).isZero();
        assertThat(result.publishErrors()).isZero();
    }
}
