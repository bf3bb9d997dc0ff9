package io.sportsfeeds.adapters.aws;

import io.sportsfeeds.core.fakes.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * An emulator of a test's own, for fault tests: SIGKILLed and started again on the same loopback
 * port, over the same data on disk, while the code under test keeps its clients (and so its
 * endpoint). The shared emulators ({@link DynaliteExtension}, {@link KinesisLocal.Extension}) serve
 * every class of a run and must never be killed.
 *
 * <ul>
 *   <li>{@link #dynalite}: dynalite with {@code --path}, so its LevelDB store outlives the process
 *       (what reached the kernel survives a kill).
 *   <li>{@link #kinesis}: kinesis-local with {@code SHOULD_PERSIST_DATA}: it writes its whole state
 *       to a file every {@code PERSIST_INTERVAL} and loads it on start; records put after the last
 *       write are lost by a kill. A shard iterator taken before a kill still works after the
 *       restart when the record it points after was written (checked by hand with the AWS CLI,
 *       kinesis-local 0.6.2); otherwise its reads fail with {@code InvalidArgumentException}.
 * </ul>
 *
 * Skipped without Node or the npm packages (failing when {@code CI=true}), as the shared ones are.
 * Public, in this module's test-jar, for app-local's fault tests.
 */
public final class KillableEmulator implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path workingDir;
    private final Path logDir;
    private final int port;
    private final List<Integer> otherPorts;
    private Process process;
    private Path log;
    private int starts;

    private KillableEmulator(
            String name,
            List<String> command,
            Map<String, String> env,
            Path workingDir,
            Path logDir,
            int port,
            List<Integer> otherPorts) {
        this.name = name;
        this.command = command;
        this.env = env;
        this.workingDir = workingDir;
        this.logDir = logDir;
        this.port = port;
        this.otherPorts = otherPorts;
    }

    /** dynalite on a free port, keeping its tables in {@code dataDir}; started and answering. */
    public static KillableEmulator dynalite(Path dataDir, Path logDir) {
        Emulators.Installed dynalite = Emulators.require("dynalite");
        return startOnFreePorts(() -> dynaliteOn(freePort(), dynalite, dataDir, logDir));
    }

    private static KillableEmulator dynaliteOn(int port, Emulators.Installed dynalite, Path dataDir, Path logDir) {
        return new KillableEmulator(
                "dynalite",
                List.of(
                        dynalite.node().toString(),
                        dynalite.packageDir().resolve("cli.js").toString(),
                        "--host",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(port),
                        "--path",
                        dataDir.toAbsolutePath().toString(),
                        "--createTableMs",
                        "0",
                        "--deleteTableMs",
                        "0",
                        "--updateTableMs",
                        "0"),
                Map.of(),
                dynalite.packageDir(),
                logDir,
                port,
                List.of());
    }

    /**
     * kinesis-local on free ports, writing its state to {@code dataDir} every {@code persistEvery}
     * and loading it on start; started and answering.
     */
    public static KillableEmulator kinesis(Path dataDir, Duration persistEvery, Path logDir) {
        Path main = KinesisLocal.installed(
                Path.of("").toAbsolutePath(),
                System.getenv(),
                NodeEmulator.findNode().isPresent());
        return startOnFreePorts(() -> kinesisOn(freePort(), freePort(), main, dataDir, persistEvery, logDir));
    }

    private static KillableEmulator kinesisOn(
            int port, int tlsPort, Path main, Path dataDir, Duration persistEvery, Path logDir) {
        Map<String, String> env = Map.ofEntries(
                Map.entry("KINESIS_MOCK_PLAIN_PORT", Integer.toString(port)),
                Map.entry("KINESIS_MOCK_TLS_PORT", Integer.toString(tlsPort)),
                Map.entry("AWS_REGION", KinesisLocal.REGION.id()),
                Map.entry("LOG_LEVEL", "WARN"),
                Map.entry("CREATE_STREAM_DURATION", "100ms"),
                Map.entry("SHOULD_PERSIST_DATA", "true"),
                Map.entry("LOAD_DATA_IF_EXISTS", "true"),
                Map.entry("PERSIST_PATH", dataDir.toAbsolutePath().toString()),
                Map.entry("PERSIST_INTERVAL", persistEvery.toMillis() + "ms"));
        return new KillableEmulator(
                "kinesis-local",
                List.of("node", main.getFileName().toString()),
                env,
                main.getParent(),
                logDir,
                port,
                List.of(tlsPort));
    }

    /**
     * Starts what {@code onFreePorts} makes, on new free ports up to three times: another process
     * may take a port between its choice and the emulator's bind (later starts keep the port, as the
     * code under test keeps its clients).
     */
    private static KillableEmulator startOnFreePorts(Supplier<KillableEmulator> onFreePorts) {
        IllegalStateException failure = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            KillableEmulator emulator = onFreePorts.get();
            try {
                emulator.restart();
                return emulator;
            } catch (IllegalStateException notStarted) {
                emulator.stopProcess();
                failure = notStarted;
            }
        }
        throw failure;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /**
     * A DynamoDB client of this endpoint (for dynalite) as production builds it ({@link
     * DynamoDbStores#newClient(AwsSettings)}: its retries), with the tests' region and credentials.
     */
    public software.amazon.awssdk.services.dynamodb.DynamoDbClient newDynamoDbClient() {
        return DynamoDbStores.newClient(
                new AwsSettings(
                        DynaliteExtension.REGION,
                        "any-table",
                        "any-stream",
                        java.util.Optional.of(endpoint()),
                        java.util.Optional.empty()),
                KinesisLocal.CREDENTIALS);
    }

    /** A Kinesis client of this endpoint (for kinesis-local), with the tests' region and credentials. */
    public software.amazon.awssdk.services.kinesis.KinesisClient newKinesisClient() {
        return software.amazon.awssdk.services.kinesis.KinesisClient.builder()
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .region(KinesisLocal.REGION)
                .credentialsProvider(KinesisLocal.CREDENTIALS)
                .endpointOverride(endpoint())
                .build();
    }

    /** How many times it was started. */
    public int starts() {
        return starts;
    }

    /** SIGKILL, to the emulator and its children; returns once they are gone and the port is free. */
    public void kill() {
        if (process == null) {
            return;
        }
        stopProcess();
        await(() -> !NodeEmulator.accepts(port), "port " + port + " to be free after the kill of " + name);
    }

    /** SIGKILL, to the emulator and its children; returns once they are gone, and forgets the process. */
    private void stopProcess() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " (pid " + process.pid() + ") still runs 10 s after SIGKILL");
            }
            for (ProcessHandle child : children) {
                child.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + name, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("a child of " + name + " did not end after SIGKILL", e);
        }
        process = null;
    }

    /** Starts it (again) on the same port and data; returns once it answers. */
    public void restart() {
        if (process != null) {
            throw new IllegalStateException(name + " still runs: kill it first");
        }
        starts++;
        try {
            Files.createDirectories(logDir);
            log = logDir.resolve(name + "-" + port + "-start" + starts + ".log").toAbsolutePath();
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(env);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + String.join(" ", command), e);
        }
        List<Integer> ports = new ArrayList<>(otherPorts);
        ports.add(port);
        Process started = process;
        await(
                () -> {
                    if (!started.isAlive()) {
                        throw new IllegalStateException(name + " exited with " + started.exitValue() + ": " + output());
                    }
                    return ports.stream().allMatch(NodeEmulator::accepts);
                },
                name + " to listen on " + ports);
        // Another process on one of its ports would answer for an emulator that failed to bind it.
        if (!started.isAlive()) {
            throw new IllegalStateException(name + " exited with " + started.exitValue() + ": " + output());
        }
    }

    /** What the emulator printed since its last start, for failure messages. */
    public String output() {
        try {
            return "(" + log + ")\n" + Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + log + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        kill();
    }

    private static void await(BooleanSupplier condition, String what) {
        if (!Await.within(START_TIMEOUT, KinesisLocal.PROBE_INTERVAL, condition)) {
            throw new IllegalStateException("waited " + START_TIMEOUT.toSeconds() + " s for " + what);
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
