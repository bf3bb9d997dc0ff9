package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sportsfeeds.core.fakes.Await;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image the build made ({@code -Pimage}, and always in CI): a docker-save tarball
 * whose manifest names a config (entrypoint, exposed port, user) and layers, which laid on top of
 * each other into a directory hold everything the entrypoint needs. The entrypoint then runs from
 * that directory, as a container would, and the server answers: once with its paths mapped under
 * the directory (the image's own java), and once in a chroot of it as the image's user, where only
 * the image's files, C libraries included, are there.
 */
class ContainerImageIT {
    private static final String TAR = System.getProperty("sportsfeeds.imageTar", "");
    private static final Pattern READY = Pattern.compile("sportsfeeds ready at http://127\\.0\\.0\\.1:(\\d+) ");
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    static Path dir;

    private static Path root;
    private static JsonNode config;

    @BeforeAll
    static void extract() throws IOException {
        assumeThat(TAR)
                .as("the image is built only with -Pimage (and in CI, where CI is set): ./mvnw verify -Pimage")
                .isNotBlank();
        Path tar = Path.of(TAR);
        assertThat(tar).as("the image tarball the build made").isRegularFile();
        Path saved = Files.createDirectories(dir.resolve("saved"));
        untar(Files.newInputStream(tar), saved);
        ObjectMapper json = new ObjectMapper();
        JsonNode manifest = json.readTree(saved.resolve("manifest.json").toFile());
        assertThat(manifest).hasSize(1);
        config = json.readTree(
                saved.resolve(manifest.get(0).get("Config").asText()).toFile());
        root = Files.createDirectories(dir.resolve("root"));
        for (JsonNode layer : manifest.get(0).get("Layers")) {
            untar(new GZIPInputStream(Files.newInputStream(saved.resolve(layer.asText()))), root);
        }
    }

    /** Lays a tar stream's entries into {@code into}, with their modes; later layers overwrite earlier ones. */
    private static void untar(InputStream in, Path into) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path path = into.resolve(entry.getName()).normalize();
                assertThat(path.startsWith(into))
                        .as("%s lies inside the root", entry.getName())
                        .isTrue();
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.deleteIfExists(path);
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                    continue;
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.setPosixFilePermissions(path, permissions(entry.getMode()));
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE, high to low bit
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << (bits.length - 1 - i))) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }

    private static List<String> entrypoint() {
        List<String> entrypoint = new ArrayList<>();
        config.get("config").get("Entrypoint").forEach(arg -> entrypoint.add(arg.asText()));
        return entrypoint;
    }

    @Test
    void configStartsServeOnAllInterfacesOnPort7070AsANonRootUser() {
        JsonNode container = config.get("config");

        assertThat(entrypoint())
                .startsWith("/opt/java/bin/java", "@/opt/sportsfeeds/jvm.options")
                .endsWith("serve", "--host", "0.0.0.0", "--data-dir", "/data");
        assertThat(container.get("ExposedPorts").has("7070/tcp")).isTrue();
        assertThat(container.get("User").asText()).isEqualTo("65532:65532");
        assertThat(root.resolve("opt/sportsfeeds/jvm.options"))
                .as("the launcher's JVM options")
                .hasSameTextualContentAs(Path.of("target/jvm.options"));
        assertThat(root.resolve("opt/java/bin/java")).isExecutable();
    }

    @Test
    void servesHttp_whenTheEntrypointRunsWithItsPathsUnderTheImagesFiles() throws Exception {
        List<String> command = new ArrayList<>();
        for (String arg : serveOnLoopback(entrypoint())) {
            command.add(underRoot(arg));
        }
        // A data directory of its own: the image's /data is the chroot's, where another user writes.
        command.set(
                command.indexOf("--data-dir") + 1, dir.resolve("mapped-data").toString());
        // No temporary directory: RocksDB's library loads from the image's directory, or the server fails.
        command.add(1, "-Djava.io.tmpdir=" + dir.resolve("no-such-directory"));

        assertServes(command, dir.resolve("mapped.log"));
    }

    @Test
    void servesHttp_asTheImagesUserInAChrootOfTheImageAlone() throws Exception {
        assumeThat(System.getProperty("user.name"))
                .as("chroot and bind mounts need root (CI runs as root)")
                .isEqualTo("root");
        assumeThat(runs("unshare", "--mount", "true"))
                .as("this machine lets root make a mount namespace (unshare --mount)")
                .isTrue();
        // A container runtime gives the container /proc and /dev; the JVM reads both.
        Files.createDirectories(root.resolve("proc"));
        Files.createDirectories(root.resolve("dev"));
        String user = config.get("config").get("User").asText();
        String inside = serveOnLoopback(entrypoint()).stream()
                .map(ContainerImageIT::quoted)
                .collect(Collectors.joining(" "));
        List<String> command = List.of(
                // No fork: unshare, sh and chroot each exec the next, so the process started here is
                // the server's JVM in the end, and stopping it stops the server.
                "unshare",
                "--mount",
                "sh",
                "-c",
                "mount --bind /proc " + quoted(root + "/proc") + " && mount --rbind /dev " + quoted(root + "/dev")
                        + " && exec chroot --userspec=" + user + " " + quoted(root.toString()) + " " + inside);

        assertServes(command, dir.resolve("chroot.log"));
    }

    /** The entrypoint on loopback and a port the server picks (it logs which). */
    private static List<String> serveOnLoopback(List<String> entrypoint) {
        List<String> command = new ArrayList<>(entrypoint);
        int host = command.indexOf("--host");
        command.set(host + 1, "127.0.0.1");
        command.addAll(List.of("--port", "0"));
        return command;
    }

    /**
     * An absolute path of the image (also as a java @argument file, or a system property's value) as
     * the same file under {@link #root}.
     */
    private static String underRoot(String arg) throws IOException {
        if (arg.startsWith("@/")) {
            // Argument files name image paths too (Jib's class path file): a copy names them under the root.
            Path file = root.resolve(arg.substring(2));
            String mapped = Arrays.stream(Files.readString(file).trim().split(":"))
                    .map(part -> part.startsWith("/") ? root + part : part)
                    .collect(Collectors.joining(":"));
            Path copy = Files.writeString(dir.resolve(file.getFileName() + ".mapped"), mapped);
            return "@" + copy;
        }
        Matcher property = Pattern.compile("(-D[^=]+=)(/.*)").matcher(arg);
        if (property.matches()) {
            return property.group(1) + root + property.group(2);
        }
        return arg.startsWith("/") ? root + arg : arg;
    }

    private static String quoted(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    private static boolean runs(String... command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException notThere) {
            return false;
        }
    }

    /**
     * Starts {@code command}, waits for its ready line, then asks for metrics, the web page and the
     * chart library the page loads from a WebJar; stops it with SIGTERM.
     */
    private static void assertServes(List<String> command, Path log) throws Exception {
        Process server = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            Await.until(
                    PATIENCE,
                    () -> !server.isAlive() || READY.matcher(read(log)).find(),
                    () -> read(log));
            Matcher ready = READY.matcher(read(log));
            assertThat(ready.find()).as(read(log)).isTrue();
            URI base = URI.create("http://127.0.0.1:" + ready.group(1));

            HttpResponse<String> metrics = http.send(
                    HttpRequest.newBuilder(base.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> page =
                    http.send(HttpRequest.newBuilder(base.resolve("/")).build(), HttpResponse.BodyHandlers.ofString());
            Matcher chartLibrary =
                    Pattern.compile("\\./(webjars/uplot/[^\"]+\\.js)").matcher(page.body());
            assertThat(chartLibrary.find()).as(page.body()).isTrue();
            HttpResponse<String> library = http.send(
                    HttpRequest.newBuilder(base.resolve("/" + chartLibrary.group(1)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("# TYPE");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(library.statusCode()).isEqualTo(200);
            assertThat(read(log)).as("the first start made the keys").contains("provider key  sfk_");
        } finally {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
                server.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("the server did not stop within 30 s of SIGTERM: " + read(log));
            }
        }
        // SIGTERM: the server stops as on Ctrl-C (143 is the JVM's exit for it).
        assertThat(server.exitValue()).as(read(log)).isIn(0, 143);
    }

    private static String read(Path log) {
        try {
            return Files.exists(log, LinkOption.NOFOLLOW_LINKS) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "cannot read " + log + ": " + e;
        }
    }
}
