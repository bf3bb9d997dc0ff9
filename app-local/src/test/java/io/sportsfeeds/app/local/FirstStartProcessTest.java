package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} as a person starts it: the first start prints the keys and secrets it made, once,
 * on the console and never through the log; a restart prints none and still takes them.
 */
class FirstStartProcessTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** A line of the log (slf4j-simple: time, level, logger), as opposed to the console notice. */
    private static final Pattern LOG_LINE = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[?[A-Z]+\\]? ");

    @TempDir
    Path tempDir;

    static String made(String output, String pattern) {
        Matcher matcher = Pattern.compile(pattern).matcher(output);
        assertThat(matcher.find())
                .as("the output holds " + pattern + ":\n" + output)
                .isTrue();
        return matcher.group(1);
    }

    static List<String> logLines(Path log) throws Exception {
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(line -> LOG_LINE.matcher(line).find())
                .toList();
    }

    @Test
    void printsTheMadeKeysAndSecretsOnceOnTheConsole_neverInTheLog_andARestartStillTakesThem() throws Exception {
        Path dataDir = tempDir.resolve("data");
        Path firstLog = tempDir.resolve("first.log");
        String provider;
        String admin;
        String secret;
        try (ServerProcess server = ServerProcess.start(dataDir, firstLog, DEADLINE)) {
            String output = Files.readString(firstLog, StandardCharsets.UTF_8);
            provider = made(output, "provider key  (sfk_\\S+)");
            admin = made(output, "admin key     (sfa_\\S+)");
            secret = made(output, "client-001 secret  (sfs_\\S+)");
            assertThat(output)
                    .contains("client-002 secret  sfs_")
                    .contains("(the client is inactive)")
                    .contains("client-003 secret  sfs_");
            assertThat(output)
                    .contains("npx -y wscat@6.1.0 -c \"ws://127.0.0.1:")
                    .contains("/ws?client=client-001&secret=" + secret + "\"");
            assertThat(output).contains("curl -X PUT -H \"x-api-key: " + provider + "\"");

            HttpResponse<String> put = Http.call(
                    "PUT",
                    server.url("/feeds"),
                    "{\"odds\":[]}".getBytes(StandardCharsets.UTF_8),
                    Map.of("x-api-key", provider));
            assertThat(put.statusCode())
                    .as("the key is taken (the empty batch is what is refused)")
                    .isEqualTo(400);
            assertThat(Http.call("GET", server.url("/clients"), null, Map.of("x-api-key", admin))
                            .statusCode())
                    .isEqualTo(200);
            assertThat(Http.call(
                                    "GET",
                                    server.url("/clients"),
                                    null,
                                    Map.of("x-api-key", "sfa_wrong-key-of-some-length"))
                            .statusCode())
                    .isEqualTo(403);
            try (WsClient analyst = WsClient.connect(server.webSocketUrl("client-001", secret))) {
                analyst.send("{\"action\":\"ping\"}");
                assertThat(analyst.nextFrame()).isEqualTo("{\"kind\":\"pong\"}");
            }
            assertThat(logLines(firstLog))
                    .isNotEmpty()
                    .noneMatch(line -> line.contains(provider) || line.contains(admin) || line.contains("sfs_"));
        }

        Path secondLog = tempDir.resolve("second.log");
        try (ServerProcess restarted = ServerProcess.start(dataDir, secondLog, DEADLINE)) {
            String output = Files.readString(secondLog, StandardCharsets.UTF_8);

            assertThat(output)
                    .doesNotContain(provider)
                    .doesNotContain(admin)
                    .doesNotContain("sfs_")
                    .doesNotContain("Made on this first start");
            assertThat(output).contains("/ws?client=client-001&secret=SECRET");
            assertThat(Http.call("GET", restarted.url("/games"), null, Map.of("x-api-key", provider))
                            .statusCode())
                    .isEqualTo(200);
            try (WsClient analyst = WsClient.connect(restarted.webSocketUrl("client-001", secret))) {
                analyst.send("{\"action\":\"ping\"}");
                assertThat(analyst.nextFrame()).isEqualTo("{\"kind\":\"pong\"}");
            }
        }
    }
}
