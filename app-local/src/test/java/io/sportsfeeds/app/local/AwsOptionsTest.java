package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sportsfeeds.adapters.aws.AwsSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** How {@code serve --backend aws} reads its settings from the flags and the AWS environment variables. */
class AwsOptionsTest {
    private static final Map<String, String> LOCALSTACK =
            Map.of("AWS_REGION", "eu-west-2", "AWS_ENDPOINT_URL", "http://127.0.0.1:4566", "AWS_ACCESS_KEY_ID", "test");

    /** The options {@code serve} parsed from {@code args}, not run. */
    static AwsOptions parse(String... args) {
        CommandLine commandLine = Main.commandLine();
        String[] serve = new String[args.length + 1];
        serve[0] = "serve";
        System.arraycopy(args, 0, serve, 1, args.length);
        commandLine.parseArgs(serve);
        ServeCommand command = commandLine.getSubcommands().get("serve").getCommand();
        return command.options.aws;
    }

    @Test
    void takesTheStandardVariablesAndTheDefaults_whenNoFlagIsGiven() {
        AwsBackend.Settings settings = parse("--backend", "aws").settings(LOCALSTACK, Duration.ofDays(30));

        URI localstack = URI.create("http://127.0.0.1:4566");
        assertThat(settings.aws())
                .isEqualTo(new AwsSettings(
                        "eu-west-2",
                        "sportsfeeds",
                        "sportsfeeds-changes",
                        Optional.of(localstack),
                        Optional.of(localstack)));
        assertThat(settings.pollInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(settings.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(settings.createResources()).isFalse();
        assertThat(settings.emulateStreamingDestination()).isFalse();
    }

    @Test
    void letsEachFlagWinOverItsVariable_andTheSpecificEndpointsOverTheSharedOne() {
        Map<String, String> env = Map.of(
                "AWS_REGION",
                "us-east-1",
                "AWS_ENDPOINT_URL",
                "http://127.0.0.1:4566",
                "AWS_ENDPOINT_URL_KINESIS",
                "http://127.0.0.1:4567");

        AwsBackend.Settings settings = parse(
                        "--backend",
                        "aws",
                        "--region",
                        "eu-central-1",
                        "--table",
                        "odds-dev",
                        "--stream",
                        "odds-dev-changes",
                        "--endpoint",
                        "http://127.0.0.1:9000",
                        "--dynamodb-endpoint",
                        "http://127.0.0.1:8000",
                        "--poll-interval",
                        "50ms",
                        "--create-resources",
                        "--emulate-streaming-destination")
                .settings(env, Duration.ofDays(30));

        assertThat(settings.aws())
                .isEqualTo(new AwsSettings(
                        "eu-central-1",
                        "odds-dev",
                        "odds-dev-changes",
                        Optional.of(URI.create("http://127.0.0.1:8000")),
                        Optional.of(URI.create("http://127.0.0.1:9000"))));
        assertThat(settings.pollInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(settings.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(settings.createResources()).isTrue();
        assertThat(settings.emulateStreamingDestination()).isTrue();
    }

    @Test
    void usesTheServicesOwnEndpoints_whenNoEndpointIsSet() {
        AwsBackend.Settings settings =
                parse("--backend", "aws").settings(Map.of("AWS_DEFAULT_REGION", "ap-southeast-2"), Duration.ofDays(30));

        assertThat(settings.aws().region()).isEqualTo("ap-southeast-2");
        assertThat(settings.aws().dynamoDbEndpoint()).isEmpty();
        assertThat(settings.aws().kinesisEndpoint()).isEmpty();
    }

    @Test
    void namesTheVariableOrFlag_whenASettingIsMissingOrMalformed() {
        assertUsageError(
                parse("--backend", "aws"), Map.of(), "the aws backend needs a region: set AWS_REGION or --region");
        assertUsageError(parse("--backend", "aws", "--region", " "), Map.of(), "--region must not be empty");
        assertUsageError(
                parse("--backend", "aws"),
                Map.of("AWS_REGION", "eu-west-2", "AWS_ENDPOINT_URL_KINESIS", "localhost:4566"),
                "AWS_ENDPOINT_URL_KINESIS must be a URL such as http://localhost:4566, was localhost:4566");
        assertUsageError(
                parse("--backend", "aws", "--dynamodb-endpoint", "127.0.0.1:8000"),
                LOCALSTACK,
                "--dynamodb-endpoint must be an http:// or https:// URL such as http://127.0.0.1:4566, was 127.0.0.1:8000");
        assertUsageError(parse("--backend", "aws", "--table", ""), LOCALSTACK, "--table must not be empty");
        assertUsageError(
                parse("--backend", "aws", "--poll-interval", "5ms"),
                LOCALSTACK,
                "--poll-interval must be at least 10 ms, was PT0.005S");
    }

    @Test
    void exitsWith2NamingTheProblem_whenTheBackendOrItsOptionsDoNotFit() {
        CommandLineTest.Run unknown = CommandLineTest.run("serve", "--backend", "cloud");
        CommandLineTest.Run awsOptionOnEmbedded = CommandLineTest.run("serve", "--table", "odds-dev", "--port", "0");
        CommandLineTest.Run badEndpoint =
                CommandLineTest.run("--backend", "aws", "--region", "eu-west-2", "--endpoint", "nowhere");

        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("--backend must be embedded or aws, was cloud");
        assertThat(awsOptionOnEmbedded.exitCode()).isEqualTo(2);
        assertThat(awsOptionOnEmbedded.err())
                .startsWith("--table is an option of --backend aws, and the backend is embedded");
        assertThat(badEndpoint.exitCode()).isEqualTo(2);
        assertThat(badEndpoint.err())
                .startsWith("--endpoint must be an http:// or https:// URL such as http://127.0.0.1:4566, was nowhere");
    }

    @Test
    void documentsTheBackendAndEveryAwsOption_inTheHelpOfServe() {
        assertThat(CommandLineTest.run("serve", "--help").out())
                .contains("--backend=<backend>", "Default: embedded")
                .contains("--table=<table>", "Default: sportsfeeds")
                .contains("--stream=<stream>", "Default: sportsfeeds-changes")
                .contains("--region=<region>", "(default: AWS_REGION)")
                .contains("--endpoint=<endpoint>", "--dynamodb-endpoint=", "--kinesis-endpoint=")
                .contains("--poll-interval=<pollInterval>", "Default: 200ms")
                .doesNotContain("--retention=<retention>")
                .contains("--create-resources", "--emulate-streaming-destination", "development aid");
    }

    private static void assertUsageError(AwsOptions options, Map<String, String> env, String message) {
        assertThatThrownBy(() -> options.settings(env, Duration.ofDays(30)))
                .isInstanceOf(ParameterException.class)
                .hasMessage(message);
    }
}
