package io.sportsfeeds.adapters.aws;

import io.sportsfeeds.core.fakes.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The Kinesis emulator kinesis-local (npm, pinned in the repository's {@code package.json}) as a
 * child process for tests: started from its own folder (it reads {@code server.json} beside
 * {@code main.js}) on free ports, awaited until it answers, stopped (with its children) after.
 *
 * <p>Use it through {@link Extension}: one emulator for the whole test run, shared by every class
 * that asks for it, closed when the run ends. Where it is not installed the tests are skipped with
 * a message saying to run {@code npm ci} at the repository root; on CI ({@code CI=true}) they fail
 * instead, so a broken setup never passes as green.
 *
 * <p>kinesis-local listens on every interface (its host is fixed at {@code 0.0.0.0}; it has no
 * setting for it); the tests talk to it over 127.0.0.1 only.
 *
 * <p>Public, in this module's test-jar, for app-local's aws-mode tests.
 */
public final class KinesisLocal implements AutoCloseable {
    public static final Region REGION = Region.EU_WEST_2;
    public static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** How often a starting emulator is asked whether it serves: each asking is a connection. */
    static final Duration PROBE_INTERVAL = Duration.ofMillis(50);

    private static final Duration STREAM_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final URI endpoint;
    private final Path log;
    private final KinesisClient client;
    private final Duration startedIn;

    private KinesisLocal(Process process, URI endpoint, Path log, Duration startedIn) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
        this.startedIn = startedIn;
        this.client = newClient();
    }

    /** Resolves a {@link KinesisLocal} parameter with the run's one emulator, starting it on first use. */
    public static final class Extension implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == KinesisLocal.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            // The root store is closed (and the emulator with it) when the whole run ends.
            return context.getRoot()
                    .getStore(ExtensionContext.Namespace.create(KinesisLocal.class))
                    .computeIfAbsent(KinesisLocal.class, type -> startOrSkip(), KinesisLocal.class);
        }
    }

    /** Starts the emulator; skips (fails on CI) when it is not installed here. */
    static KinesisLocal startOrSkip() {
        Path main = installed(Path.of("").toAbsolutePath(), System.getenv(), nodeRuns());
        try {
            return start(main);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start kinesis-local from " + main, e);
        }
    }

    /**
     * Finds {@code node_modules/kinesis-local/main.js} in {@code from} or above. When it (or Node)
     * is missing: aborts the test (it is skipped), or fails it when {@code CI=true}.
     */
    static Path installed(Path from, Map<String, String> env, boolean nodeRuns) {
        Optional<Path> main = findMain(from);
        String missing = null;
        if (main.isEmpty()) {
            missing = "kinesis-local is not installed (no node_modules/kinesis-local/main.js in " + from
                    + " or above it): run `npm ci` at the repository root";
        } else if (!nodeRuns) {
            missing =
                    "kinesis-local needs Node.js, and there is no `node` on the PATH: install Node 20, then run `npm ci` at the repository root";
        }
        if (missing != null) {
            if ("true".equalsIgnoreCase(env.get("CI"))) {
                throw new IllegalStateException(missing + " (CI=true: the Kinesis tests must run on CI)");
            }
            Assumptions.abort(missing);
        }
        return main.orElseThrow();
    }

    static KinesisLocal start(Path main) throws IOException {
        IOException lastBindFailure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int plainPort = freePort();
            int tlsPort = freePort();
            Path log = Files.createDirectories(Path.of("target"))
                    .resolve("kinesis-local-" + plainPort + ".log")
                    .toAbsolutePath();
            long started = System.nanoTime();
            ProcessBuilder builder = new ProcessBuilder(
                            "node", main.getFileName().toString())
                    .directory(main.getParent().toFile());
            Map<String, String> env = builder.environment();
            env.put("KINESIS_MOCK_PLAIN_PORT", Integer.toString(plainPort));
            env.put("KINESIS_MOCK_TLS_PORT", Integer.toString(tlsPort));
            env.put("AWS_REGION", REGION.id());
            env.put("LOG_LEVEL", "WARN");
            // Each test makes fresh streams and nothing deletes them before the run ends.
            env.put("SHARD_LIMIT", "10000");
            env.put("CREATE_STREAM_DURATION", "100ms");
            env.put("SPLIT_SHARD_DURATION", "100ms");
            env.put("MERGE_SHARDS_DURATION", "100ms");
            env.put("SHOULD_PERSIST_DATA", "false");
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            Process process = builder.start();
            URI endpoint = URI.create("http://127.0.0.1:" + plainPort);
            if (awaitAnswer(process, endpoint)) {
                return new KinesisLocal(process, endpoint, log, Duration.ofNanos(System.nanoTime() - started));
            }
            stop(process);
            String output = tail(log);
            if (!output.contains("EADDRINUSE")) {
                throw new IllegalStateException("kinesis-local did not answer on " + endpoint + " within "
                        + START_TIMEOUT + "; its output:\n" + output);
            }
            lastBindFailure = new IOException("port taken between choosing and binding it: " + output);
        }
        throw lastBindFailure;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** How long the emulator took from spawn to its first answer. */
    Duration startedIn() {
        return startedIn;
    }

    /** A client of the emulator for the tests' own calls (creating, splitting, putting). */
    public KinesisClient client() {
        return client;
    }

    /** A new client, for code under test that owns (and closes) its client. */
    public KinesisClient newClient() {
        return KinesisClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(REGION)
                .credentialsProvider(CREDENTIALS)
                .endpointOverride(endpoint)
                .build();
    }

    /** Creates a stream of its own for one test and waits until it is active; returns its name. */
    public String createStream(String prefix, int shards) {
        String name = prefix + "-" + UUID.randomUUID();
        client.createStream(b -> b.streamName(name).shardCount(shards));
        awaitActive(name);
        return name;
    }

    void awaitActive(String stream) {
        Await.until(
                STREAM_TIMEOUT,
                () -> client.describeStreamSummary(b -> b.streamName(stream))
                                .streamDescriptionSummary()
                                .streamStatus()
                        == StreamStatus.ACTIVE,
                () -> "stream " + stream + " active");
    }

    /** The emulator's output so far (the last lines), for failure messages. */
    public String output() {
        return tail(log);
    }

    @Override
    public void close() {
        client.close();
        stop(process);
    }

    private static boolean awaitAnswer(Process process, URI endpoint) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest probe = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(2))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "Kinesis_20131202.ListStreams")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        // Any answer (it refuses an unsigned request) means it serves; a process that died never will.
        return Await.within(START_TIMEOUT, PROBE_INTERVAL, () -> !process.isAlive() || answers(http, probe))
                && process.isAlive();
    }

    private static boolean answers(HttpClient http, HttpRequest probe) {
        try {
            http.send(probe, HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for kinesis-local", e);
        }
    }

    private static void stop(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private static Optional<Path> findMain(Path from) {
        for (Path dir = from; dir != null; dir = dir.getParent()) {
            Path main = dir.resolve("node_modules/kinesis-local/main.js");
            if (Files.isRegularFile(main)) {
                return Optional.of(main);
            }
        }
        return Optional.empty();
    }

    private static boolean nodeRuns() {
        try {
            Process node = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
            node.getInputStream().readAllBytes();
            return node.waitFor(10, TimeUnit.SECONDS) && node.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(its output in " + log + " could not be read: " + e + ")";
        }
    }
}
