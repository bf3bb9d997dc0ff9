package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./sportsfeeds}, the README's way to run the jar: it runs on the Java the Maven wrapper
 * uses ({@code JAVA_HOME}, else {@code java} on the {@code PATH}) and refuses one older than 21 in
 * one line; it gives the JVM the server's options ({@code jvm.options}), the build's startup
 * archive when the same Java made it from this jar, then {@code JAVA_OPTS}. It runs here as a copy
 * next to a stand-in for {@code app-local.jar}: a manifest-only jar that starts {@link Main} (or
 * {@link PrintJvmArguments}) from the test classpath, so no packaging is needed.
 */
class LauncherScriptTest {
    private static final Path SCRIPT = Path.of("").toAbsolutePath().getParent().resolve("sportsfeeds");
    private static final String JAVA_HOME = System.getProperty("java.home");

    @TempDir
    Path dir;

    private Path script;
    private Path jar;
    /** A directory for the PATH whose {@code java} acts as Java 17 does. */
    private Path oldJavaBin;

    record Run(int exitCode, String out, String err) {}

    @BeforeEach
    void install() throws IOException {
        assertThat(SCRIPT).as("the launcher at the repository's root").isExecutable();
        script = Files.copy(SCRIPT, dir.resolve("sportsfeeds"), StandardCopyOption.COPY_ATTRIBUTES);
        jar = dir.resolve("app-local/target/app-local.jar");
        Files.createDirectories(jar.getParent());
        writeJar(Main.class);
        // As the build puts it beside the jar.
        try (var options = Main.class.getResourceAsStream("jvm.options")) {
            assertThat(options).as("jvm.options beside Main").isNotNull();
            Files.copy(options, jar.resolveSibling("jvm.options"));
        }
        oldJavaBin = dir.resolve("jdk-17/bin");
        Files.createDirectories(oldJavaBin);
        Path oldJava = oldJavaBin.resolve("java");
        Files.writeString(oldJava, """
        #!/bin/sh
        # Java 17 as far as the launcher can see: its settings, and its failure on classes built for 21.
        case "$*" in
          *-XshowSettings:properties*) printf '    java.specification.version = 17\\n    java.vm.specification.version = 17\\n' >&2 ;;
          *) echo 'java.lang.UnsupportedClassVersionError: class file version 65.0, this version only recognizes up to 61.0' >&2; exit 1 ;;
        esac
        """);
        Files.setPosixFilePermissions(oldJava, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The stand-in jar: a manifest that starts this class from the test classpath. */
    private void writeJar(Class<?> mainClass) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass.getName());
        manifest.getMainAttributes()
                .put(
                        Attributes.Name.CLASS_PATH,
                        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                                .map(entry -> Path.of(entry).toUri().toString())
                                .collect(Collectors.joining(" ")));
        new JarOutputStream(Files.newOutputStream(jar), manifest).close(); // the manifest is all it holds
    }

    /** Runs the launcher with only these environment variables. */
    private Run run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder();
        builder.command().add(script.toString());
        builder.command().addAll(Arrays.asList(args));
        builder.environment().clear();
        builder.environment().putAll(environment);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process process =
                builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertThat(process.waitFor(30, TimeUnit.SECONDS))
                    .as("the launcher ended within 30 s")
                    .isTrue();
            return new Run(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }

    /** These directories, then the PATH the tests run with (the tools the script uses: sh, sed). */
    private static String pathWith(Path... first) {
        return Stream.concat(Arrays.stream(first).map(Path::toString), Stream.of(System.getenv("PATH")))
                .collect(Collectors.joining(File.pathSeparator));
    }

    @Test
    void runsOnJavaHomeWithJavaOpts_whenAnOlderJavaComesFirstOnThePath() throws Exception {
        Run run = run(
                Map.of(
                        "JAVA_HOME",
                        JAVA_HOME,
                        "PATH",
                        pathWith(oldJavaBin),
                        "JAVA_OPTS",
                        "-Dsportsfeeds.launched=yes -XshowSettings:properties"),
                "--version");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("sportsfeeds 0.1.0\n");
        assertThat(run.err()).as("both options of JAVA_OPTS reached the JVM").contains("sportsfeeds.launched = yes");
    }

    @Test
    void runsOnTheJavaOnThePath_whenJavaHomeIsUnset() throws Exception {
        Run run = run(Map.of("PATH", pathWith(Path.of(JAVA_HOME, "bin"), oldJavaBin)), "--version");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("sportsfeeds 0.1.0\n");
    }

    @Test
    void saysInOneLineWhatIsMissing_whenTheOnlyJavaOnThePathIsOlderThan21() throws Exception {
        Run run = run(Map.of("PATH", pathWith(oldJavaBin)), "serve");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("sportsfeeds: needs Java 21 or newer, but the java on the PATH ("
                        + oldJavaBin.resolve("java") + ") is Java 17; set JAVA_HOME to a JDK 21+\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void saysInOneLineWhatIsMissing_whenJavaHomeIsOlderThan21EvenWithANewerJavaOnThePath() throws Exception {
        // As the Maven wrapper does: JAVA_HOME, when set, is the Java to use.
        Run run = run(
                Map.of("JAVA_HOME", oldJavaBin.getParent().toString(), "PATH", pathWith(Path.of(JAVA_HOME, "bin"))),
                "serve");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("sportsfeeds: needs Java 21 or newer, but JAVA_HOME's java (" + oldJavaBin.resolve("java")
                        + ") is Java 17; set JAVA_HOME to a JDK 21+\n");
    }

    @Test
    void saysInOneLineWhatIsMissing_whenJavaHomeHoldsNoJava() throws Exception {
        Run run = run(Map.of("JAVA_HOME", dir.toString(), "PATH", pathWith(Path.of(JAVA_HOME, "bin"))), "serve");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("sportsfeeds: JAVA_HOME is " + dir + ", but there is no " + dir.resolve("bin/java")
                        + "; point JAVA_HOME at a JDK 21 or newer\n");
    }

    @Test
    void saysInOneLineWhatIsMissing_whenThereIsNoJavaAtAll() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));

        Run run = run(Map.of("PATH", empty.toString()), "serve");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo(
                        "sportsfeeds: needs Java 21 or newer, but JAVA_HOME is not set and there is no java on the PATH\n");
    }

    @Test
    void saysHowToBuildTheJar_whenItIsMissing() throws Exception {
        Files.delete(jar);

        Run run = run(Map.of("JAVA_HOME", JAVA_HOME, "PATH", pathWith()), "serve");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("sportsfeeds: " + jar + " is missing; build it first: ./mvnw -q package -DskipTests\n");
    }

    /** What the JVM is given when the jar is run as {@code java @jvm.options -jar app-local.jar}, lines of {@link PrintJvmArguments}. */
    private List<String> optionsOfTheFileAlone() throws IOException, InterruptedException {
        Path out = dir.resolve("reference.txt");
        Process process = new ProcessBuilder(
                        Path.of(JAVA_HOME, "bin", "java").toString(),
                        "@" + jar.resolveSibling("jvm.options"),
                        "-jar",
                        jar.toString())
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        return Files.readAllLines(out);
    }

    /** The startup archive the running Java's build would make, and its note of which Java made it. */
    private Path archiveMadeBy(String javaHomeAndVersion) throws IOException {
        Path archive = jar.resolveSibling(Runtime.version().feature() >= 25 ? "app-local.aot" : "app-local.jsa");
        // Not a real archive: the JVM says so on stderr and starts without it, which is all these tests need.
        Files.writeString(archive, "an archive");
        Files.writeString(jar.resolveSibling("app-local.archive-java"), javaHomeAndVersion + "\n");
        return archive;
    }

    private static String thisJava() throws IOException {
        return Path.of(JAVA_HOME).toRealPath() + " " + System.getProperty("java.runtime.version");
    }

    private static String archiveOption(Path archive) {
        return (archive.toString().endsWith(".aot") ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive;
    }

    @Test
    void givesTheJvmTheServerOptionsThenJavaOpts_whichComeLastSoTheyWin() throws Exception {
        writeJar(PrintJvmArguments.class);
        List<String> serverOptions = optionsOfTheFileAlone();

        Run run = run(
                Map.of("JAVA_HOME", JAVA_HOME, "PATH", pathWith(), "JAVA_OPTS", "-Xmx64m -Dsportsfeeds.launched=yes"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(serverOptions)
                .as("the server's options bound the heap")
                .anyMatch(option -> option.startsWith("-Xmx"));
        List<String> expected = new ArrayList<>(serverOptions);
        expected.addAll(List.of("-Xmx64m", "-Dsportsfeeds.launched=yes"));
        assertThat(run.out().lines().toList()).isEqualTo(expected);
    }

    @Test
    void usesTheStartupArchive_whenTheSameJavaMadeItAfterTheJar() throws Exception {
        writeJar(PrintJvmArguments.class);
        List<String> serverOptions = optionsOfTheFileAlone();
        Path archive = archiveMadeBy(thisJava());
        Files.setLastModifiedTime(
                archive, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 10_000));

        Run run = run(Map.of("JAVA_HOME", JAVA_HOME, "PATH", pathWith()));

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> expected = new ArrayList<>(serverOptions);
        expected.add(archiveOption(archive));
        // The JVM logs to stdout that this archive is none ("[0.019s][error][aot] ..."), and starts without it.
        assertThat(run.out().lines().filter(line -> !line.startsWith("[")).toList())
                .isEqualTo(expected);
    }

    @Test
    void startsWithoutTheStartupArchive_whenAnotherJavaMadeIt() throws Exception {
        writeJar(PrintJvmArguments.class);
        List<String> serverOptions = optionsOfTheFileAlone();
        Path archive = archiveMadeBy("/opt/another-jdk 25.0.1+8-LTS");
        Files.setLastModifiedTime(
                archive, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 10_000));

        Run run = run(Map.of("JAVA_HOME", JAVA_HOME, "PATH", pathWith()));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().toList()).isEqualTo(serverOptions);
        assertThat(run.err()).as("silently").isEmpty();
    }

    @Test
    void startsWithoutTheStartupArchive_whenTheJarWasBuiltAfterIt() throws Exception {
        writeJar(PrintJvmArguments.class);
        List<String> serverOptions = optionsOfTheFileAlone();
        Path archive = archiveMadeBy(thisJava());
        Files.setLastModifiedTime(
                archive, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 10_000));

        Run run = run(Map.of("JAVA_HOME", JAVA_HOME, "PATH", pathWith()));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().toList()).isEqualTo(serverOptions);
        assertThat(run.err()).as("silently").isEmpty();
    }

    @Test
    void givesTheJvmTheDirectoryOfRocksDbsLibrary_whenTheBuildPutItThere() throws Exception {
        writeJar(PrintJvmArguments.class);
        List<String> serverOptions = optionsOfTheFileAlone();
        Path natives = Files.createDirectories(jar.resolveSibling("native"));

        Run run = run(Map.of("JAVA_HOME", JAVA_HOME, "PATH", pathWith(), "JAVA_OPTS", "-Dsportsfeeds.launched=yes"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> expected = new ArrayList<>(serverOptions);
        expected.addAll(List.of("-Djava.library.path=" + natives, "-Dsportsfeeds.launched=yes"));
        assertThat(run.out().lines().toList()).isEqualTo(expected);
    }

    @Test
    void saysHowToBuildTheJvmOptions_whenTheyAreMissing() throws Exception {
        Files.delete(jar.resolveSibling("jvm.options"));

        Run run = run(Map.of("JAVA_HOME", JAVA_HOME, "PATH", pathWith()), "serve");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("sportsfeeds: " + jar.resolveSibling("jvm.options")
                        + " is missing; build it first: ./mvnw -q package -DskipTests\n");
    }
}
