package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandLineTest {
    record Run(int exitCode, String out, String err) {}

    static Run run(String... args) {
        CommandLine commandLine = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void listsTheSubcommandsAndServeOptions_whenAskedForHelp() {
        Run help = run("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out())
                .contains("serve", "init", "simulate", "bench")
                .contains("--port=<port>", "Default: 7070")
                .contains("--host=<host>", "Default: 127.0.0.1")
                .contains("--data-dir=<dataDir>", "Default: data")
                .contains("--demo", "--max-body-bytes", "Default: 1048576", "--max-batch", "Default: 1000")
                .contains("--retention-days=<retentionDays>", "Default: 30")
                .contains(
                        "--api-key=KEY",
                        "SPORTSFEEDS_API_KEYS",
                        "--admin-key=KEY",
                        "SPORTSFEEDS_ADMIN_KEYS",
                        "--no-auth");
    }

    @Test
    void documentsEveryOptionWithItsDefault_whenAskedForHelpOfASubcommand() {
        assertThat(run("serve", "--help").out()).contains("--port=<port>", "Default: 7070", "--demo", "Ctrl-C");
        assertThat(run("serve", "--help").out()).contains("--api-key=KEY", "--admin-key=KEY", "--no-auth", "loopback");
        assertThat(run("init", "--help").out())
                .contains("--url=<url>", "Default: http://127.0.0.1:7070", "--api-key=KEY", "admin key");
        assertThat(run("simulate", "--help").out())
                .contains("--url=<url>", "--games=<games>", "Default: 5")
                .contains("--rate=<rate>", "Default: 10.0")
                .contains("--batch=<batch>", "Default: 1")
                .contains("--duration=<durationSeconds>", "Default: 10")
                .contains("--count=<count>")
                .contains("--concurrency=<concurrency>", "Default: 32")
                .contains("--api-key=KEY", "providers' key");
        assertThat(run("bench", "--help").out()).contains("store");
        assertThat(run("bench", "store", "--help").out())
                .contains("--writers=<writers>", "Default: 8")
                .contains("--batch=<batch>", "Default: 100")
                .contains("--games=<games>", "Default: 64")
                .contains("--warmup=<seconds>", "Default: 2")
                .contains("--duration=<seconds>", "Default: 10")
                .contains("--data-dir=<dataDir>", "Default: a new temporary directory, deleted");
    }

    @Test
    void showsEachDefaultOnce_andNoneForOptionsThatHaveNone() {
        String serve = run("serve", "--help").out();

        assertThat(serve).doesNotContain("Default: []");
        assertThat(serve.split("PT30S", -1)).as("PT30S appears once").hasSize(2);
        assertThat(serve.split("PT60S", -1)).as("PT60S appears once").hasSize(2);
    }

    @Test
    void failsWithAUsageMessage_whenAnOptionIsUnknown() {
        Run run = run("simulate", "--speed", "9");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown options: '--speed'");
    }

    @Test
    void explainsWhatIsWrong_whenNoServerRunsAtTheUrl() {
        Run run = run("init", "--url", "http://127.0.0.1:1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("cannot reach http://127.0.0.1:1", "is `serve` running there?");
    }

    @Test
    void exitsWith1BeforeOpeningTheStore_whenThePortIsTaken(@TempDir Path dataDir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run serve = run("serve", "--port", String.valueOf(taken.getLocalPort()), "--data-dir", dataDir.toString());

            assertThat(serve.exitCode()).isEqualTo(1);
        }
        // Nothing seeded and no keys made that were never shown: the next start is still a first
        // start, and prints them.
        assertThat(dataDir).isEmptyDirectory();
    }

    @Test
    void refusesOutOfRangeServeOptionsAndUnusableUrls_asUsageErrors() {
        Run port = run("serve", "--port", "70000");
        Run batch = run("--max-batch", "0");
        Run retention = run("serve", "--retention-days", "0");
        Run simulate = run("simulate", "--url", "localhost:7070", "--count", "1");
        Run init = run("init", "--url", "localhost:7070");

        assertThat(port.exitCode()).isEqualTo(2);
        assertThat(port.err()).contains("--port must be between 0 and 65535, was 70000");
        assertThat(batch.exitCode()).isEqualTo(2);
        assertThat(batch.err()).contains("--max-batch must be at least 1, was 0");
        assertThat(retention.exitCode()).isEqualTo(2);
        assertThat(retention.err()).contains("--retention-days must be between 1 and 36525, was 0");
        assertThat(simulate.exitCode()).isEqualTo(2);
        assertThat(simulate.err()).contains("--url must be an http:// or https:// URL with a host, was localhost:7070");
        assertThat(init.exitCode()).isEqualTo(2);
    }

    @Test
    void refusesNoAuthInOneLineWithExit2_whenTheServerWouldListenBeyondLoopback(@TempDir Path dataDir) {
        Run anyAddress =
                run("serve", "--no-auth", "--host", "0.0.0.0", "--port", "0", "--data-dir", dataDir.toString());
        Run topCommand = run("--no-auth", "--host", "0.0.0.0", "--port", "0", "--data-dir", dataDir.toString());

        assertThat(anyAddress.exitCode()).isEqualTo(2);
        assertThat(anyAddress.err())
                .isEqualTo(
                        "--no-auth is refused with --host 0.0.0.0: without authentication the server may only listen on loopback "
                                + "(127.0.0.1, ::1 or localhost); drop --no-auth and use the keys printed on the first start, or bind to loopback"
                                + System.lineSeparator());
        assertThat(topCommand.exitCode()).isEqualTo(2);
        assertThat(dataDir).isEmptyDirectory();
    }

    @Test
    void refusesShortKeys_asUsageErrorsThatDoNotShowThem() {
        Run serve = run("serve", "--api-key", "tiny-key", "--port", "70000");
        Run admin = run("serve", "--admin-key", "a key with spaces in it");

        assertThat(serve.exitCode()).isEqualTo(2);
        assertThat(serve.err())
                .contains(
                        "--api-key must be between 16 and 256 visible ASCII characters (no spaces), was 8 characters");
        assertThat(serve.err()).doesNotContain("tiny-key");
        assertThat(admin.exitCode()).isEqualTo(2);
        assertThat(admin.err()).contains("--admin-key must be between 16").doesNotContain("a key with spaces in it");
    }

    @Test
    void takesKeysFromTheEnvironment_whenNoOptionGivesThem() {
        AuthOptions options = new AuthOptions();

        AuthSettings settings = options.settings(
                Map.of("SPORTSFEEDS_API_KEYS", "provider-key-000000001, provider-key-000000002", "OTHER", "x"));

        assertThat(settings)
                .isEqualTo(AuthSettings.keys(List.of("provider-key-000000001", "provider-key-000000002"), List.of()));
        options.adminKeys.add("admin-key-from-option-01");
        assertThat(options.settings(Map.of("SPORTSFEEDS_ADMIN_KEYS", "admin-key-from-environment"))
                        .adminKeys())
                .containsExactly("admin-key-from-option-01");
    }
}
