import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The build's training run for a fast start (run by Maven in the package phase, after the jar is
 * made, as {@code java -cp TARGET_DIR/app-local.jar StartupTraining.java TARGET_DIR}): puts
 * RocksDB's library for this platform in TARGET_DIR/native, then starts {@code serve --demo} from
 * TARGET_DIR/app-local.jar with TARGET_DIR/jvm.options on a temporary data directory and a free
 * loopback port, has it answer what a first session asks (REST reads and writes, the web page,
 * metrics, a WebSocket with a pushed update), stops it with SIGTERM, and so has the JVM write
 * what it loaded and linked: an AOT cache (TARGET_DIR/app-local.aot, JDK 25 and newer) or a
 * dynamic class-data archive (TARGET_DIR/app-local.jsa, JDK 21 to 24). TARGET_DIR/
 * app-local.archive-java names the Java that made it ("JAVA_HOME RUNTIME_VERSION"), which
 * {@code ./sportsfeeds} compares with its own before using the archive.
 */
public class StartupTraining {
    private static final String KEY = "sfk_startup-training-provider-key";
    private static final String ADMIN_KEY = "sfa_startup-training-admin-key";
    private static final String CLIENT = "startup-training";
    private static final String SECRET = "startup-training-secret";
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: java StartupTraining.java TARGET_DIR");
        }
        Path target = Path.of(args[0]).toAbsolutePath();
        boolean aotCache = Runtime.version().feature() >= 25;
        Path archive = target.resolve(aotCache ? "app-local.aot" : "app-local.jsa");
        Path madeBy = target.resolve("app-local.archive-java");
        for (Path old : List.of(target.resolve("app-local.aot"), target.resolve("app-local.jsa"), madeBy)) {
            Files.deleteIfExists(old);
        }
        Path dir = Files.createTempDirectory("sportsfeeds-startup-training-");
        try {
            train(target, archive, aotCache, extractRocksDbLibrary(target), dir);
        } catch (Exception failed) {
            // An archive only makes the start faster: a build that cannot make one (an unusual JDK, a
            // machine too slow for the training's patience) still packages a working jar, and the
            // launcher starts without it. CI's StartupArchiveIT fails when the archive is missing.
            Files.deleteIfExists(archive);
            System.out.println("[startup training] WARNING: no startup archive made, ./sportsfeeds will start"
                    + " without one (slower): " + failed);
            return;
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
        String home = Path.of(System.getProperty("java.home")).toRealPath().toString();
        Files.writeString(madeBy, home + " " + System.getProperty("java.runtime.version") + "\n");
        System.out.println("[startup training] wrote " + archive + " (" + Files.size(archive) / (1024 * 1024)
                + " MiB) for " + home);
    }

    /**
     * RocksDB's JNI library for this platform, out of the jar into TARGET_DIR/native: from there the
     * JVM loads it directly, where RocksDB would otherwise unpack its 15 MB from the jar into a
     * temporary file on every start (~80 ms, and a file left behind when the process is killed).
     * Needs the jar on this program's class path ({@code java -cp app-local.jar StartupTraining.java}).
     */
    private static Path extractRocksDbLibrary(Path target) throws IOException {
        String name = org.rocksdb.util.Environment.getJniLibraryFileName("rocksdb");
        Path natives = target.resolve("native");
        Files.createDirectories(natives);
        try (var in = StartupTraining.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IOException("the jar holds no " + name + ", RocksDB's library for this platform");
            }
            Files.copy(in, natives.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return natives;
    }

    private static void train(Path target, Path archive, boolean aotCache, Path natives, Path dir)
            throws Exception {
        int port = freePort();
        Path log = dir.resolve("server.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + target.resolve("jvm.options"),
                "-Djava.library.path=" + natives));
        if (aotCache) {
            // The cache names the classes it could not link; that is information, not a failure.
            // Without the training's method profiles: replaying them makes the JIT compile, on a start,
            // the methods the training found hot, and on 2 cores that took a core from the start
            // itself (the first answer came about 50 ms later, docs/BENCHMARKS.md); they would only have
            // made the server reach full speed a little sooner.
            command.addAll(List.of(
                    "-XX:AOTCacheOutput=" + archive,
                    "-XX:+UnlockDiagnosticVMOptions",
                    "-XX:-AOTRecordTraining",
                    "-Xlog:aot=error"));
        } else {
            command.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=error"));
        }
        command.addAll(List.of(
                "-jar",
                target.resolve("app-local.jar").toString(),
                "serve",
                "--demo",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--data-dir",
                dir.resolve("data").toString(),
                "--api-key",
                KEY,
                "--admin-key",
                ADMIN_KEY));
        Process server = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            exercise(URI.create("http://127.0.0.1:" + port), server, log);
        } finally {
            // SIGTERM: the JVM writes the archive on its way out.
            server.destroy();
            if (!server.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                server.destroyForcibly();
                throw new IOException("the training server did not stop within " + PATIENCE.toSeconds()
                        + " s of SIGTERM; its log:\n" + Files.readString(log));
            }
        }
        if (!Files.isRegularFile(archive)) {
            throw new IOException("the training server wrote no " + archive + "; its log:\n" + Files.readString(log));
        }
    }

    /** What a first session does: reads, a write, the page, metrics and a pushed update. */
    private static void exercise(URI base, Process server, Path log) throws Exception {
        try (HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (true) {
                if (!server.isAlive()) {
                    throw new IOException("the training server exited with " + server.exitValue() + "; its log:\n"
                            + Files.readString(log));
                }
                try {
                    if (send(http, get(base, "/clients", ADMIN_KEY)) == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // Not listening yet.
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("the training server did not answer within " + PATIENCE.toSeconds()
                            + " s; its log:\n" + Files.readString(log));
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
            expect(
                    200,
                    http,
                    HttpRequest.newBuilder(base.resolve("/clients"))
                            .header("x-api-key", ADMIN_KEY)
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString("{\"clients\":[{\"clientId\":\"" + CLIENT
                                    + "\",\"name\":\"Startup training\",\"active\":true,\"secret\":\"" + SECRET
                                    + "\"}]}"))
                            .build());
            String game = "game-startup-training";
            long now = System.currentTimeMillis() / 1000;
            expect(
                    200,
                    http,
                    HttpRequest.newBuilder(base.resolve("/feeds"))
                            .header("x-api-key", KEY)
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString("{\"odds\":[{\"gameId\":\"" + game
                                    + "\",\"type\":\"spread\",\"home\":3,\"away\":-3,\"homeOdds\":-110,\"awayOdds\":-110,"
                                    + "\"date\":" + now + ",\"summary\":\"Startup training\"}]}"))
                            .build());
            expect(200, http, get(base, "/feeds?game=" + game, KEY));
            expect(200, http, get(base, "/games/" + game + "/odds?market=spread", KEY));
            expect(200, http, get(base, "/games?from=1&to=" + (now + 86_400), KEY));
            expect(200, http, HttpRequest.newBuilder(base.resolve("/")).build());
            expect(200, http, HttpRequest.newBuilder(base.resolve("/metrics")).build());
            expect(404, http, get(base, "/no-such-path", KEY));
            CompletableFuture<CharSequence> pushed = new CompletableFuture<>();
            WebSocket socket = http.newWebSocketBuilder()
                    .buildAsync(
                            URI.create("ws://" + base.getAuthority() + "/ws?client=" + CLIENT + "&secret=" + SECRET),
                            new WebSocket.Listener() {
                                @Override
                                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                                    pushed.complete(data.toString());
                                    return WebSocket.Listener.super.onText(webSocket, data, last);
                                }
                            })
                    .get(30, TimeUnit.SECONDS);
            // The demo feed pushes within a second or two.
            pushed.get(60, TimeUnit.SECONDS);
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        }
    }

    private static HttpRequest get(URI base, String path, String key) {
        return HttpRequest.newBuilder(base.resolve(path)).header("x-api-key", key).build();
    }

    private static int send(HttpClient http, HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void expect(int status, HttpClient http, HttpRequest request)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != status) {
            throw new IOException(request.method() + " " + request.uri() + " answered " + response.statusCode()
                    + " where the training expected " + status + ": " + response.body());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
