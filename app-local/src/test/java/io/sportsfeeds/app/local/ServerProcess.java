package io.sportsfeeds.app.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code serve} in an OS process of its own, for tests that kill it: the JDK running the tests,
 * their classpath and {@link Main}. The classpath rather than {@code app-local.jar}: during {@code
 * mvn verify} the tests run before packaging, so a jar found in {@code target} would be an older
 * build than the code under test.
 */
final class ServerProcess implements AutoCloseable {
    /** The line {@code serve} logs once it listens; with {@code --port 0} it is how we learn the port. */
    private static final Pattern READY = Pattern.compile("sportsfeeds ready at (http://127\\.0\\.0\\.1:\\d+) ");

    private final Process process;
    private final Path log;
    private final URI httpUrl;

    private ServerProcess(Process process, Path log, URI httpUrl) {
        this.process = process;
        this.log = log;
        this.httpUrl = httpUrl;
    }

    /**
     * Starts {@code serve --port 0} on {@code dataDir} with {@code options}, its output going to
     * {@code log}, and waits until it logs that it is ready. Stops the process again when it does not
     * get there in time.
     */
    static ServerProcess start(Path dataDir, Path log, Duration deadline, String... options)
            throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
        all.addAll(List.of(options));
        return start(all, Map.of(), log, deadline);
    }

    /**
     * Starts {@code serve --host 127.0.0.1 --port 0} with {@code options}, in this process's
     * environment plus {@code env}, and waits as {@link #start(Path, Path, Duration, String...)} does.
     */
    static ServerProcess start(List<String> options, Map<String, String> env, Path log, Duration deadline)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(List.of(
                // As the tests' own JVM (surefire's argLine) and the jar's manifest: RocksDB loads natives.
                "--enable-native-access=ALL-UNNAMED",
                // Two JVMs share what may be a loaded 2-core machine: a small heap, the serial collector and
                // C1 only start faster there and cost the tests' JVM less CPU; durability does not depend on them.
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                // RocksDB unpacks its library into the temporary directory and deletes it on exit, which
                // a killed process never reaches: beside the log, in the test's own directory, it goes
                // with the test instead of piling up in /tmp (15 MB a kill).
                "-Djava.io.tmpdir=" + log.toAbsolutePath().getParent(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                "0"));
        command.addAll(options);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Process process = builder.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try {
            return new ServerProcess(process, log, awaitReady(process, log, deadline));
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** The JDK running this test; {@code java.home} when the OS does not say which command started it. */
    private static String javaExecutable() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElseGet(() ->
                        Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static URI awaitReady(Process process, Path log, Duration deadline)
            throws IOException, InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            Matcher ready = READY.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (ready.find()) {
                return URI.create(ready.group(1));
            }
            if (!process.isAlive()) {
                throw new AssertionError(
                        "serve exited with " + process.exitValue() + " before it was ready; its output:\n" + tail(log));
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("serve was not ready within " + deadline + "; its output:\n" + tail(log));
            }
            process.waitFor(20, TimeUnit.MILLISECONDS);
        }
    }

    /** The operating system's id of the server process (for jcmd and /proc). */
    long pid() {
        return process.pid();
    }

    URI url(String pathAndQuery) {
        return URI.create(httpUrl + pathAndQuery);
    }

    URI webSocketUrl(String clientId) {
        return URI.create("ws" + httpUrl.toString().substring("http".length()) + "/ws?client=" + clientId);
    }

    /** The made secrets are URL-safe: they go in the query as they are. */
    URI webSocketUrl(String clientId, String secret) {
        return URI.create(webSocketUrl(clientId) + "&secret=" + secret);
    }

    /**
     * Sends SIGKILL ({@link Process#destroyForcibly()} on Linux): no shutdown hook, no close, no
     * flush. Returns the exit status once the process is gone (137 = 128 + SIGKILL).
     */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("serve (pid " + process.pid() + ") still runs 10 s after SIGKILL");
        }
        return process.exitValue();
    }

    /**
     * Sends SIGTERM ({@link Process#destroy()} on Linux), as Ctrl-C or a service manager would, and
     * waits for the shutdown hook to finish. Returns the exit status (143 = 128 + SIGTERM).
     */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("serve (pid " + process.pid() + ") still runs 30 s after SIGTERM");
        }
        return process.exitValue();
    }

    /** The last lines the process wrote, for failure messages. */
    String outputTail() {
        return tail(log);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + log + " failed", e);
        }
    }

    /** Kills the process if it still runs; safe to call in every path, also twice. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(
                        "interrupted while waiting for serve (pid " + process.pid() + ") to end after SIGKILL", e);
            }
        }
    }
}
