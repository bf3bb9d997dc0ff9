package io.sportsfeeds.app.local.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A process's CPU time and resident memory, read from Linux's {@code /proc}: {@code stat}'s
 * utime + stime (in clock ticks, 100 a second on Linux) and {@code status}'s {@code VmRSS}; its
 * open files; and, for a JVM of this machine, a full GC and the heap it leaves (jcmd).
 */
final class ProcessStats {
    /** USER_HZ, which Linux fixes at 100 for /proc whatever the kernel's HZ. */
    private static final long TICKS_PER_SECOND = 100;

    record Sample(long cpuNanos, long rssKib) {}

    private ProcessStats() {}

    /** The process's CPU time and RSS now, or empty when it cannot be read (gone, or not Linux). */
    static Optional<Sample> sample(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name in parentheses may hold spaces: count fields after its closing one.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime: fields 14, 15
            long rss = -1;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return Optional.of(new Sample(ticks * (1_000_000_000L / TICKS_PER_SECOND), rss));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** Whether the process runs a JVM (its executable is named java), so jcmd can reach it. */
    static boolean isJava(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe"))
                    .getFileName()
                    .toString()
                    .equals("java");
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
    }

    /**
     * The process that listens on {@code port} on this machine (TCP, IPv4 or IPv6), found through
     * /proc/net/tcp* and the processes' socket descriptors; empty when none is visible (another
     * machine, or another user's process).
     */
    static OptionalLong listeningOn(int port) {
        String hexPort = String.format(":%04X", port);
        String inode = null;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] columns = line.trim().split("\\s+");
                    // local_address is column 1, st column 3 (0A = LISTEN), inode column 9
                    if (columns.length > 9 && columns[1].endsWith(hexPort) && columns[3].equals("0A")) {
                        inode = columns[9];
                    }
                }
            } catch (IOException | RuntimeException unreadable) {
                // Not Linux, or no IPv6: try the other table.
            }
        }
        if (inode == null) {
            return OptionalLong.empty();
        }
        String socket = "socket:[" + inode + "]";
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(process.resolve("fd"))) {
                    for (Path descriptor : descriptors) {
                        if (socket.equals(Files.readSymbolicLink(descriptor).toString())) {
                            return OptionalLong.of(
                                    Long.parseLong(process.getFileName().toString()));
                        }
                    }
                } catch (IOException | RuntimeException gone) {
                    // Exited meanwhile, or not ours to read.
                }
            }
        } catch (IOException unreadable) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    private static final Pattern HEAP_USED = Pattern.compile(", used (\\d+)K");

    /**
     * Runs a full GC in the server (jcmd GC.run, from this JDK) and answers the heap then used
     * (GC.heap_info: the sum of the "used" of each space), the least of three such readings, or -1
     * when jcmd cannot reach the server.
     */
    static long heapAfterFullGc(long pid) throws IOException, InterruptedException {
        long least = Long.MAX_VALUE;
        // The least of three: what the server allocated between the GC and the reading is not retained.
        for (int i = 0; i < 3; i++) {
            if (jcmd(pid, "GC.run") == null) {
                return -1;
            }
            String info = jcmd(pid, "GC.heap_info");
            if (info == null) {
                return -1;
            }
            long used = 0;
            Matcher matcher = HEAP_USED.matcher(info);
            while (matcher.find()) {
                used += Long.parseLong(matcher.group(1));
            }
            least = Math.min(least, used);
        }
        return least;
    }

    /** Runs {@code jcmd PID COMMAND} (this JDK's) and answers its output, or null when it failed. */
    static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid), command)
                .redirectErrorStream(true)
                .start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(30, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            jcmd.destroyForcibly();
            return null;
        }
        return output;
    }

    /** The process's open file descriptors (entries of /proc/PID/fd), or -1 when they cannot be listed. */
    static long fileDescriptors(long pid) {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return descriptors.count();
        } catch (IOException | RuntimeException unreadable) {
            return -1;
        }
    }

    /** The soft limit of open files of a process (/proc/PID/limits), or "unknown". */
    static String openFilesLimit(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "limits")).stream()
                    .filter(line -> line.startsWith("Max open files"))
                    .map(line -> line.replaceAll("\\s+", " ").split(" ")[3])
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException | RuntimeException unreadable) {
            return "unknown";
        }
    }
}
