package io.sportsfeeds.app.local.bench;

import io.sportsfeeds.app.local.Main;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server the compare bench starts as a child process on loopback free ports, over a temporary
 * directory deleted when it is closed: sportsfeeds ({@code serve}, from the running jar) or
 * nats-server (JetStream on file storage, with its WebSocket listener).
 */
final class ChildServer implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    /** Beside {@link Main} in the jar; the build also copies it beside the jar for {@code ./sportsfeeds}. */
    private static final String JVM_OPTIONS = "jvm.options";

    private final Process process;
    private final Path dir;
    private final Path log;
    final int port;
    final int webSocketPort;
    /** How it was started: the command line, for the report. */
    final String command;

    /** What the first start of sportsfeeds made and printed once: the provider key and client-001's secret. */
    record Credentials(String providerKey, String adminKey, String clientSecret) {}

    private ChildServer(Process process, Path dir, Path log, int port, int webSocketPort, String command) {
        this.process = process;
        this.command = command;
        this.dir = dir;
        this.log = log;
        this.port = port;
        this.webSocketPort = webSocketPort;
    }

    long pid() {
        return process.pid();
    }

    URI httpUrl() {
        return URI.create("http://" + HOST + ":" + port);
    }

    URI webSocketUrl() {
        return URI.create("ws://" + HOST + ":" + webSocketPort + "/");
    }

    /**
     * Starts {@code serve} of this very program, with the README's options, on a free port and a
     * new data directory, authentication on as by default; returns once it answers {@code GET
     * /metrics}. From the jar the build made, it is started as a user starts it, by the launcher
     * ({@link #launcherOf}), which adds the startup archive and RocksDB's library the build made;
     * otherwise by {@code java} with the launcher's options ({@link #serverJvmOptions()}). Either way
     * {@code javaOptions} come last and win.
     */
    static ChildServer sportsfeeds(List<String> javaOptions) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("sportsfeeds-compare-");
        int port = freePort();
        List<String> command = new ArrayList<>();
        Map<String, String> environment = new HashMap<>();
        Path self = runningFrom();
        // The launcher splits JAVA_OPTS at white space: an option holding some is passed by java itself.
        Optional<Path> launcher =
                launcherOf(self).filter(found -> javaOptions.stream().noneMatch(ChildServer::hasWhitespace));
        if (launcher.isPresent()) {
            command.addAll(List.of("sh", launcher.get().toString()));
            environment.put("JAVA_HOME", System.getProperty("java.home"));
            environment.put("JAVA_OPTS", String.join(" ", javaOptions));
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(serverJvmOptions());
            command.addAll(javaOptions);
            if (Files.isRegularFile(self) && self.toString().endsWith(".jar")) {
                command.addAll(List.of("-jar", self.toString()));
            } else {
                // From classes (tests, an IDE): the same main class on this process's class path.
                command.addAll(List.of(
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.sportsfeeds.app.local.Main"));
            }
        }
        command.addAll(List.of(
                "serve",
                "--host",
                HOST,
                "--port",
                Integer.toString(port),
                "--data-dir",
                dir.resolve("data").toString()));
        ChildServer server = start(command, environment, dir, port, port);
        try {
            server.awaitHttp(Duration.ofSeconds(60));
            return server;
        } catch (IOException | RuntimeException | InterruptedException failed) {
            server.close();
            throw failed;
        }
    }

    /**
     * Starts nats-server (from {@code executable}: a path, or a name on the PATH) with a generated
     * configuration: JetStream on file storage in a temporary directory, client and WebSocket
     * (no TLS) listeners on free loopback ports; returns once both accept connections.
     */
    static ChildServer nats(String executable) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("sportsfeeds-compare-nats-");
        int port = freePort();
        int webSocketPort = freePort();
        Path config = dir.resolve("nats.conf");
        Files.writeString(
                config,
                "# written by sportsfeeds bench compare\n"
                        + "listen: \"" + HOST + ":" + port + "\"\n"
                        + "jetstream {\n  store_dir: \"" + dir.resolve("jetstream") + "\"\n}\n"
                        + "websocket {\n  host: \"" + HOST + "\"\n  port: " + webSocketPort + "\n  no_tls: true\n}\n");
        ChildServer server = start(List.of(executable, "-c", config.toString()), Map.of(), dir, port, webSocketPort);
        try {
            server.awaitPort(port, Duration.ofSeconds(30));
            server.awaitPort(webSocketPort, Duration.ofSeconds(30));
            return server;
        } catch (IOException | RuntimeException | InterruptedException failed) {
            server.close();
            throw failed;
        }
    }

    /**
     * The server's JVM options, as {@code ./sportsfeeds} and the container image give them: the
     * {@code jvm.options} resource beside {@code Main}, a java argument file (options separated by
     * white space, {@code #} starting a comment up to the end of the line; it quotes nothing).
     */
    static List<String> serverJvmOptions() throws IOException {
        try (InputStream in = Main.class.getResourceAsStream(JVM_OPTIONS)) {
            if (in == null) {
                throw new IOException("the jar holds no " + JVM_OPTIONS + ", the server's JVM options");
            }
            List<String> options = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList()) {
                int comment = line.indexOf('#');
                String kept = comment < 0 ? line : line.substring(0, comment);
                for (String option : kept.trim().split("\\s+")) {
                    if (!option.isEmpty()) {
                        options.add(option);
                    }
                }
            }
            return options;
        }
    }

    /** Whether nats-server can be run: an executable path, or a name found on the PATH. */
    static boolean natsAvailable(String executable) {
        if (executable.contains("/")) {
            return Files.isExecutable(Path.of(executable));
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String entry : path.split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, executable))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The README's start command, {@code ./sportsfeeds}, when {@code jar} is the one the build made
     * in a checkout ({@code app-local/target/app-local.jar}, the launcher two folders up); else none,
     * and the server is started with {@code java} and the launcher's options, without the startup
     * archive (a jar copied elsewhere has none beside it).
     */
    static Optional<Path> launcherOf(Path jar) {
        Path target = jar.toAbsolutePath().getParent();
        if (!jar.getFileName().toString().equals("app-local.jar")
                || target == null
                || !target.getFileName().toString().equals("target")
                || target.getParent() == null
                || target.getParent().getParent() == null) {
            return Optional.empty();
        }
        Path launcher = target.getParent().getParent().resolve("sportsfeeds");
        return Files.isRegularFile(launcher) && Files.isRegularFile(jar) ? Optional.of(launcher) : Optional.empty();
    }

    private static ChildServer start(
            List<String> command, Map<String, String> environment, Path dir, int port, int webSocketPort)
            throws IOException {
        Path log = dir.resolve("server.log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        String javaOptions = environment.getOrDefault("JAVA_OPTS", "");
        String described =
                (javaOptions.isEmpty() ? "" : "JAVA_OPTS=\"" + javaOptions + "\" ") + String.join(" ", command);
        return new ChildServer(builder.start(), dir, log, port, webSocketPort, described);
    }

    private static boolean hasWhitespace(String option) {
        return option.chars().anyMatch(Character::isWhitespace);
    }

    /**
     * The provider key and client-001's secret that sportsfeeds' first start printed (README:
     * "provider key  sfk_..." and "client-001 secret  sfs_..."), read from its log.
     */
    Credentials madeCredentials() throws IOException {
        String text = Files.readString(log);
        java.util.regex.Matcher key =
                java.util.regex.Pattern.compile("provider key +(\\S+)").matcher(text);
        java.util.regex.Matcher admin =
                java.util.regex.Pattern.compile("admin key +(\\S+)").matcher(text);
        java.util.regex.Matcher secret =
                java.util.regex.Pattern.compile("client-001 secret +(\\S+)").matcher(text);
        if (!key.find() || !admin.find() || !secret.find()) {
            throw new IOException(
                    "the server's first start printed no 'provider key', 'admin key' and 'client-001 secret' lines, which the bench signs in with; its log: "
                            + log);
        }
        return new Credentials(key.group(1), admin.group(1), secret.group(1));
    }

    private void awaitHttp(Duration patience) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        try (HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            // /metrics needs no credentials.
            HttpRequest request = HttpRequest.newBuilder(URI.create(httpUrl() + "/metrics"))
                    .timeout(Duration.ofSeconds(2))
                    .build();
            while (true) {
                failIfExited();
                try {
                    if (http.send(request, HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // Not listening yet.
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("the server did not answer GET /metrics within " + patience.toSeconds()
                            + " s; its log: " + log);
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    private void awaitPort(int listening, Duration patience) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            failIfExited();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, listening), 1_000);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("nothing listened on port " + listening + " within " + patience.toSeconds()
                            + " s; the server's log: " + log);
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    private void failIfExited() throws IOException {
        if (!process.isAlive()) {
            String tail;
            try (Stream<String> lines = Files.lines(log)) {
                List<String> all = lines.toList();
                tail = String.join("\n", all.subList(Math.max(0, all.size() - 20), all.size()));
            }
            throw new IOException(
                    "the server exited with " + process.exitValue() + "; the end of its log (" + log + "):\n" + tail);
        }
    }

    private static Path runningFrom() {
        try {
            return Path.of(ChildServer.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException | RuntimeException unknown) {
            return Path.of("");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    /** Stops the process (SIGTERM, then SIGKILL after 15 s) and deletes its directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
