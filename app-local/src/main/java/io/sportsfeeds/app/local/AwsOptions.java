package io.sportsfeeds.app.local;

import io.sportsfeeds.adapters.aws.AwsSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The options of {@code serve --backend aws}. Every AWS setting starts from the standard AWS
 * environment variables ({@code AWS_REGION}, {@code AWS_ENDPOINT_URL},
 * {@code AWS_ENDPOINT_URL_DYNAMODB}, {@code AWS_ENDPOINT_URL_KINESIS}; credentials from the SDK's
 * default chain) and a flag given here wins over its variable. Nothing has a hidden default: no
 * region, no endpoint.
 */
final class AwsOptions {
    static final String DEFAULT_TABLE = "sportsfeeds";
    static final String DEFAULT_STREAM = "sportsfeeds-changes";
    /** Kinesis serves five reads per second per shard: one reader polling an idle shard uses them all. */
    static final String DEFAULT_POLL_INTERVAL = "200ms";
    /** A season and then some: a game silent for longer starts its seqs again (adapters-aws/DYNAMODB.md, Retention). */
    private static final List<String> NAMES = List.of(
            "--table",
            "--stream",
            "--region",
            "--endpoint",
            "--dynamodb-endpoint",
            "--kinesis-endpoint",
            "--poll-interval",
            "--create-resources",
            "--emulate-streaming-destination");

    @Option(names = "--table", description = "aws backend: the DynamoDB table.")
    String table = DEFAULT_TABLE;

    @Option(names = "--stream", description = "aws backend: the Kinesis stream the table's changes are written to.")
    String stream = DEFAULT_STREAM;

    @Option(names = "--region", description = "aws backend: the region of the table and stream (default: AWS_REGION).")
    String region;

    @Option(
            names = "--endpoint",
            description =
                    "aws backend: one endpoint for DynamoDB and Kinesis, such as LocalStack's http://127.0.0.1:4566 (default: AWS_ENDPOINT_URL).")
    String endpoint;

    @Option(
            names = "--dynamodb-endpoint",
            description = "aws backend: DynamoDB's endpoint (default: AWS_ENDPOINT_URL_DYNAMODB).")
    String dynamoDbEndpoint;

    @Option(
            names = "--kinesis-endpoint",
            description = "aws backend: Kinesis's endpoint (default: AWS_ENDPOINT_URL_KINESIS).")
    String kinesisEndpoint;

    @Option(
            names = "--poll-interval",
            description =
                    "aws backend: the pause between two reads of a Kinesis shard that had nothing new (Kinesis allows 5 reads/s per shard).")
    String pollInterval = DEFAULT_POLL_INTERVAL;

    @Option(
            names = "--create-resources",
            description =
                    "aws backend: create the table and the stream when missing, and turn on the table's TTL and its Kinesis streaming"
                            + " destination to the stream where the endpoint has them.")
    boolean createResources;

    @Option(
            names = "--emulate-streaming-destination",
            description =
                    "aws backend, development aid for emulators without Kinesis Data Streams for DynamoDB (dynalite): after each"
                            + " write, put the change records it would have written on the stream from this process.")
    boolean emulateStreamingDestination;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /**
     * The aws backend's settings: these flags over the variables of {@code env}.
     *
     * @throws ParameterException naming the flag or variable when one is missing or malformed
     */
    AwsBackend.Settings settings(Map<String, String> env, java.time.Duration retention) {
        try {
            Map<String, String> environment = new HashMap<>(env);
            if (region != null) {
                requireText("--region", region);
                environment.put("AWS_REGION", region);
            } else if (isBlank(env.get("AWS_REGION")) && isBlank(env.get("AWS_DEFAULT_REGION"))) {
                throw new IllegalArgumentException("the aws backend needs a region: set AWS_REGION or --region");
            }
            requireText("--table", table);
            requireText("--stream", stream);
            AwsSettings aws = AwsSettings.fromEnvironment(environment, table.strip(), stream.strip());
            if (endpoint != null) {
                URI both = url("--endpoint", endpoint);
                aws = aws.withDynamoDbEndpoint(both).withKinesisEndpoint(both);
            }
            if (dynamoDbEndpoint != null) {
                aws = aws.withDynamoDbEndpoint(url("--dynamodb-endpoint", dynamoDbEndpoint));
            }
            if (kinesisEndpoint != null) {
                aws = aws.withKinesisEndpoint(url("--kinesis-endpoint", kinesisEndpoint));
            }
            return new AwsBackend.Settings(
                    aws,
                    ServeOptions.duration("--poll-interval", pollInterval),
                    retention,
                    createResources,
                    emulateStreamingDestination);
        } catch (IllegalArgumentException bad) {
            throw new ParameterException(command.commandLine(), bad.getMessage());
        }
    }

    /**
     * Makes sure the SDK's default chain finds credentials now, rather than at the first call.
     *
     * @throws ParameterException saying which variables to set when it finds none
     */
    void requireCredentials() {
        try (DefaultCredentialsProvider chain =
                DefaultCredentialsProvider.builder().build()) {
            chain.resolveCredentials();
        } catch (SdkClientException none) {
            throw new ParameterException(
                    command.commandLine(),
                    "the aws backend needs AWS credentials, and the SDK's default chain found none (environment, system properties,"
                            + " profile files, container or instance role): set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (any values for"
                            + " LocalStack or the emulators), or AWS_PROFILE",
                    none);
        }
    }

    /**
     * Refuses these options with another backend, where they would silently do nothing.
     *
     * @throws ParameterException naming the first one given
     */
    void requireUnused(String backend) {
        ParseResult parsed = command.commandLine().getParseResult();
        for (String name : NAMES) {
            if (parsed.hasMatchedOption(name)) {
                throw new ParameterException(
                        command.commandLine(), name + " is an option of --backend aws, and the backend is " + backend);
            }
        }
    }

    private static URI url(String option, String text) {
        try {
            URI uri = new URI(text.strip());
            if (uri.getScheme() != null
                    && uri.getHost() != null
                    && (uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                return uri;
            }
        } catch (URISyntaxException notAUri) {
            // Refused below, with the option's name.
        }
        throw new IllegalArgumentException(
                option + " must be an http:// or https:// URL such as http://127.0.0.1:4566, was " + text);
    }

    private static void requireText(String option, String value) {
        if (isBlank(value)) {
            throw new IllegalArgumentException(option + " must not be empty");
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
