package io.sportsfeeds.adapters.aws;

import io.sportsfeeds.core.fakes.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * An emulator from the repository's {@code node_modules} (pinned in {@code package.json}) run as a
 * child process on a free loopback port, until {@link #close} or the end of the JVM. Its output
 * goes to a log file under the module's {@code target/}, named in every failure.
 *
 * <p>Reusable by any emulator that takes its port on the command line: dynalite here,
 * kinesis-local elsewhere. Whether a missing emulator skips or fails a test is {@link Emulators}'
 * decision, not this class's.
 */
final class NodeEmulator implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;
    private final Thread shutdownHook;

    private NodeEmulator(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
        this.shutdownHook = new Thread(this::stopProcess, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Where an npm package is installed, walking up from {@code start} to the repository root. */
    static Optional<Path> findPackage(Path start, String packageName) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("node_modules").resolve(packageName);
            if (Files.isRegularFile(candidate.resolve("package.json"))) {
                return Optional.of(candidate);
            }
            if (Files.exists(dir.resolve(".git"))) {
                return Optional.empty(); // the repository root: node_modules lives here or nowhere
            }
        }
        return Optional.empty();
    }

    /** The {@code node} executable on the {@code PATH}. */
    static Optional<Path> findNode() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path node = Path.of(dir, "node");
            if (Files.isExecutable(node) && !Files.isDirectory(node)) {
                return Optional.of(node);
            }
        }
        return Optional.empty();
    }

    /**
     * Starts {@code node <script> <arguments for a port>} in {@code workingDir} and waits until the
     * port accepts connections. A port someone took between choosing and binding it is retried with
     * another.
     *
     * @param arguments the arguments after the script, given the chosen port
     */
    static NodeEmulator start(
            String name,
            Path node,
            Path workingDir,
            Path script,
            Function<Integer, List<String>> arguments,
            Path logDir) {
        IllegalStateException failure = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            int port = freePort();
            Path log = logDir.resolve(name + "-" + port + ".log");
            List<String> command = new ArrayList<>(List.of(node.toString(), script.toString()));
            command.addAll(arguments.apply(port));
            try {
                Files.createDirectories(logDir);
                Process process = new ProcessBuilder(command)
                        .directory(workingDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                NodeEmulator emulator = new NodeEmulator(name, process, port, log);
                if (emulator.awaitListening()) {
                    return emulator;
                }
                emulator.close();
                failure = new IllegalStateException(name + " did not listen on 127.0.0.1:" + port + " within "
                        + START_TIMEOUT.toSeconds() + " s; its output: " + emulator.output());
            } catch (IOException e) {
                throw new UncheckedIOException("could not start " + String.join(" ", command), e);
            }
        }
        throw failure;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    int port() {
        return port;
    }

    /** What the emulator printed so far, for failure messages. */
    String output() {
        try {
            return "(" + log + ")\n" + Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + log + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already ending: the hook runs (or ran) stopProcess itself.
        }
    }

    private void stopProcess() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private boolean awaitListening() {
        return Await.within(START_TIMEOUT, KinesisLocal.PROBE_INTERVAL, () -> !process.isAlive() || accepts(port))
                && process.isAlive();
    }

    /** Whether something listens on the loopback {@code port}. */
    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
