package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.OddsUpdate;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child process of {@link CrashTest}: appends batches from two threads until it is killed, and
 * prints {@code ack <game> <seq> <identity> end} for every update whose append returned. The
 * trailing {@code end} tells a whole line from one cut short by the kill.
 */
final class CrashTestWriter {
    static final List<String> GAMES = List.of("crash-game-0", "crash-game-1", "crash-game-2", "crash-game-3");
    private static final int THREADS = 2;
    private static final int BATCH = 50;

    private CrashTestWriter() {}

    public static void main(String[] args) throws InterruptedException {
        Path dataDir = Path.of(args[0]);
        PrintStream out = new PrintStream(
                new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false,
                StandardCharsets.US_ASCII);
        AtomicLong dates = new AtomicLong(1_764_617_400_000L);
        // Never closed: the parent kills this process while it appends.
        EmbeddedStorage storage = TestStores.open(dataDir, Clock.systemUTC());
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            writers.add(Thread.ofPlatform().start(() -> {
                while (true) {
                    List<OddsUpdate> batch = new ArrayList<>(BATCH);
                    for (int i = 0; i < BATCH; i++) {
                        String game = GAMES.get(i % GAMES.size());
                        String providerId = i % 2 == 0 ? "crash-" + thread + "-" + dates.get() : null;
                        batch.add(new OddsUpdate(
                                game,
                                "spread",
                                3,
                                -3,
                                -110 - i,
                                -110,
                                dates.incrementAndGet(),
                                true,
                                null,
                                null,
                                providerId));
                    }
                    List<AppendOutcome> outcomes = storage.oddsStore().append(batch);
                    synchronized (out) {
                        for (int i = 0; i < BATCH; i++) {
                            AppendOutcome outcome = outcomes.get(i);
                            out.println("ack " + outcome.gameId() + " " + outcome.seq() + " "
                                    + batch.get(i).identity() + " end");
                        }
                        out.flush();
                    }
                }
            }));
        }
        for (Thread writer : writers) {
            writer.join();
        }
    }
}
