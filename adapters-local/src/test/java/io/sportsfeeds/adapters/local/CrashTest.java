package io.sportsfeeds.adapters.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.sportsfeeds.core.domain.CapturedChange;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Kills a process that is appending (SIGKILL, no shutdown hook, no close) and checks what survived. */
class CrashTest {
    private static final int ACKS_BEFORE_KILL = 2_000;
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String END_OF_OUTPUT = "\0end-of-output";

    @TempDir
    Path tempDir;

    /** One acknowledged update, as the child printed it. */
    private record Ack(String game, long seq, String identity) {}

    @Test
    @Timeout(90)
    void keepsEveryAcknowledgedUpdateWithItsSeq_whenTheProcessIsKilledMidIngest() throws Exception {
        Path dataDir = tempDir.resolve("data");
        Path childErrors = tempDir.resolve("child-stderr.txt");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        // RocksDB unpacks its library there and deletes it on an exit the kill skips:
                        // the test's directory goes with the test.
                        "-Djava.io.tmpdir=" + tempDir,
                        "-cp",
                        System.getProperty("java.class.path"),
                        CrashTestWriter.class.getName(),
                        dataDir.toString())
                .redirectError(childErrors.toFile())
                .start();
        List<Ack> acks = new ArrayList<>();
        try {
            LinkedBlockingQueue<String> lines = readLines(child);
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (acks.size() < ACKS_BEFORE_KILL) {
                String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null || line.equals(END_OF_OUTPUT)) {
                    fail(
                            "the child acknowledged %d of %d updates within %s (alive: %s); its stderr:%n%s",
                            acks.size(), ACKS_BEFORE_KILL, DEADLINE, child.isAlive(), Files.readString(childErrors));
                }
                parse(line).ifPresent(acks::add);
            }

            // Through the handle: Process.destroyForcibly would also close the pipe we still read from.
            child.toHandle().destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS))
                    .as("the child ended after SIGKILL")
                    .isTrue();
            // Lines already in the pipe were acknowledged before the kill too.
            for (String line = lines.poll(10, TimeUnit.SECONDS);
                    line != null && !line.equals(END_OF_OUTPUT);
                    line = lines.poll(10, TimeUnit.SECONDS)) {
                parse(line).ifPresent(acks::add);
            }
        } finally {
            child.destroyForcibly();
        }

        try (EmbeddedStorage reopened = TestStores.open(dataDir, Clock.systemUTC())) {
            for (String game : CrashTestWriter.GAMES) {
                List<CapturedChange> stored = reopened.oddsStore().changesAfter(game, 0, Integer.MAX_VALUE);
                assertThat(stored)
                        .as("seqs of %s are gap-free from 1", game)
                        .extracting(CapturedChange::seq)
                        .containsExactlyElementsOf(
                                LongStream.rangeClosed(1, stored.size()).boxed().toList());
                for (Ack ack : acks.stream().filter(a -> a.game().equals(game)).toList()) {
                    assertThat(ack.seq()).as("acknowledged %s is stored", ack).isLessThanOrEqualTo(stored.size());
                    assertThat(stored.get((int) ack.seq() - 1).update().identity())
                            .as("update at %s seq %d", game, ack.seq())
                            .isEqualTo(ack.identity());
                }
            }
        }
        assertThat(acks).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
    }

    /** Reads the child's stdout on a thread of its own, so the test never blocks on it past its deadline. */
    private static LinkedBlockingQueue<String> readLines(Process child) {
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading the child's output failed", e);
            } finally {
                lines.add(END_OF_OUTPUT);
            }
        });
        return lines;
    }

    /** A whole ack line; a line the kill cut short (no trailing {@code end}) was not acknowledged. */
    private static Optional<Ack> parse(String line) {
        String[] fields = line.split(" ");
        if (fields.length != 5 || !fields[0].equals("ack") || !fields[4].equals("end")) {
            return Optional.empty();
        }
        return Optional.of(new Ack(fields[1], Long.parseLong(fields[2]), fields[3]));
    }
}
