package io.sportsfeeds.app.local.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** The server's RSS per idle WebSocket connection: opened, settled, read before and after. */
final class IdleBench {
    /**
     * RSS per idle connection. For a JVM server the readings are also taken right after a full GC
     * (jcmd GC.run), which leaves what the connections retain rather than where the heap happened
     * to be; {@code -1} and NaN when the server is not a JVM of this machine.
     */
    record Result(
            String target,
            int connections,
            long rssBeforeKib,
            long rssAfterKib,
            double kibPerConnection,
            long rssBeforeKibAfterGc,
            long rssAfterKibAfterGc,
            double kibPerConnectionAfterGc,
            double openSeconds) {}

    private IdleBench() {}

    /** Connections opened and closed before the first RSS sample, so one-time costs are not counted per connection. */
    private static final int IDLE_WARMUP_CONNECTIONS = 100;

    /**
     * Opens {@code count} idle connections and reads the server's RSS before and after. A JVM's RSS
     * moves by tens of MiB on its own (JIT arenas freed, heap regions committed), so first a round of
     * {@value #IDLE_WARMUP_CONNECTIONS} connections is opened and closed (class loading, thread pools
     * and JIT of the upgrade path are then paid), and each sample is taken once the RSS has settled
     * (three readings 1 s apart within 0.2%, at most 20 s).
     */
    static Result run(Target target, int count, int ioThreads, PrintWriter out)
            throws IOException, InterruptedException {
        long pid = target.serverPid()
                .orElseThrow(() -> new IOException("the server's process is not known: give --server-pid"));
        String runTag = "idle" + Long.toString(System.currentTimeMillis() % 1_000_000L, 36);
        boolean jvm = ProcessStats.isJava(pid);
        target.prepare(runTag, count);
        try (WebSocketSwarm swarm = new WebSocketSwarm(ioThreads)) {
            for (SwarmConnection connection :
                    PushBench.openAll(target, swarm, idleSubscribers(IDLE_WARMUP_CONNECTIONS, runTag), runTag)) {
                connection.close();
            }
            long before = settledRss(pid);
            long beforeGc = jvm ? rssAfterFullGc(pid) : -1;
            out.printf(
                    Locale.ROOT,
                    "%s: server RSS %,d KiB%s; opening %,d idle WebSocket connections ...%n",
                    target.name(),
                    before,
                    jvm ? String.format(Locale.ROOT, " (%,d KiB after a full GC)", beforeGc) : "",
                    count);
            out.flush();
            long start = System.nanoTime();
            List<SwarmConnection> connections =
                    PushBench.openAll(target, swarm, idleSubscribers(count, runTag), runTag);
            double openSeconds = (System.nanoTime() - start) / 1e9;
            long after = settledRss(pid);
            long afterGc = jvm ? rssAfterFullGc(pid) : -1;
            out.printf(
                    Locale.ROOT,
                    "%s: %,d connections open in %.1f s; server RSS %,d KiB%s%n",
                    target.name(),
                    connections.size(),
                    openSeconds,
                    after,
                    jvm ? String.format(Locale.ROOT, " (%,d KiB after a full GC)", afterGc) : "");
            out.flush();
            for (SwarmConnection connection : connections) {
                connection.close();
            }
            return new Result(
                    target.name(),
                    count,
                    before,
                    after,
                    (after - before) / (double) count,
                    beforeGc,
                    afterGc,
                    jvm ? (afterGc - beforeGc) / (double) count : Double.NaN,
                    openSeconds);
        }
    }

    /** Runs a full GC in the server (jcmd GC.run, from this JDK), then reads its settled RSS. */
    private static long rssAfterFullGc(long pid) throws IOException, InterruptedException {
        if (ProcessStats.jcmd(pid, "GC.run") == null) {
            throw new IOException("jcmd " + pid + " GC.run failed: is the server a JVM of this user on this machine?");
        }
        return settledRss(pid);
    }

    private static List<Subscriber> idleSubscribers(int count, String runTag) {
        Tally tally = new Tally();
        Ledger ledger = new Ledger();
        List<Subscriber> subscribers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            subscribers.add(new Subscriber(i, 1, tally, ledger, runTag));
        }
        return subscribers;
    }

    /** The RSS once three readings 1 s apart agree within 0.2% (at most 20 s). */
    private static long settledRss(long pid) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        long[] last = {-1, -1, -1};
        for (int i = 0; ; i++) {
            TimeUnit.SECONDS.sleep(1);
            long rss = ProcessStats.sample(pid)
                    .orElseThrow(() -> new IOException("cannot read /proc/" + pid))
                    .rssKib();
            last[i % 3] = rss;
            long min = Math.min(last[0], Math.min(last[1], last[2]));
            long max = Math.max(last[0], Math.max(last[1], last[2]));
            if ((min > 0 && max - min <= max / 500) || System.nanoTime() > deadline) {
                return rss;
            }
        }
    }
}
