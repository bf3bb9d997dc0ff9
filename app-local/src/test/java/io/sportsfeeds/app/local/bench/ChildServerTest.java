package io.sportsfeeds.app.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.app.local.Main;
import io.sportsfeeds.app.local.PrintJvmArguments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench compare's sportsfeeds server runs with the launcher's JVM options: the ones the JVM itself
 * reads from {@code jvm.options}, the argument file {@code ./sportsfeeds} and the image pass.
 */
class ChildServerTest {
    @TempDir
    Path dir;

    @Test
    void serverJvmOptions_areWhatTheJvmReadsFromTheLaunchersArgumentFile() throws Exception {
        Path argumentFile = Path.of(Main.class.getResource("jvm.options").toURI());
        Path out = dir.resolve("out.txt");
        Process java = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "@" + argumentFile,
                        "-cp",
                        System.getProperty("java.class.path"),
                        PrintJvmArguments.class.getName())
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(java.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).isZero();
        List<String> readByTheJvm = Files.readAllLines(out);

        assertThat(ChildServer.serverJvmOptions())
                .isNotEmpty()
                .doesNotContain("#")
                .isEqualTo(readByTheJvm);
    }

    @Test
    void launcherOf_theJarTheBuildMadeInACheckout_isTheReadmesStartCommand() throws Exception {
        Path target = Files.createDirectories(dir.resolve("checkout/app-local/target"));
        Path jar = Files.createFile(target.resolve("app-local.jar"));
        Path launcher = Files.createFile(dir.resolve("checkout/sportsfeeds"));

        assertThat(ChildServer.launcherOf(jar)).contains(launcher);
    }

    @Test
    void launcherOf_aJarElsewhere_isNone() throws Exception {
        Files.createFile(dir.resolve("sportsfeeds"));
        Path copied =
                Files.createFile(Files.createDirectories(dir.resolve("opt")).resolve("app-local.jar"));
        Path renamed = Files.createFile(
                Files.createDirectories(dir.resolve("x/app-local/target")).resolve("app-local-0.1.0.jar"));
        Files.createFile(dir.resolve("x/sportsfeeds"));
        Path withoutLauncher = Files.createFile(
                Files.createDirectories(dir.resolve("y/app-local/target")).resolve("app-local.jar"));

        assertThat(ChildServer.launcherOf(copied)).isEmpty();
        assertThat(ChildServer.launcherOf(renamed)).isEmpty();
        assertThat(ChildServer.launcherOf(withoutLauncher)).isEmpty();
        assertThat(ChildServer.launcherOf(Path.of("app-local.jar"))).isEmpty();
    }
}
