package io.sportsfeeds.app.local;

import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.ParameterException;

/**
 * The backend {@code serve} runs on, as {@code --backend} and its options say, and how the log
 * names it. Choosing checks the options (a usage error names the flag or variable); opening is
 * left to {@code LocalApp}.
 *
 * @param opener opens the backend
 * @param what what the log says the server could not open: {@code data directory /srv/data}
 * @param dataIn where the ready line says the data is: {@code /srv/data}
 */
record BackendChoice(Supplier<Backend> opener, String what, String dataIn) {
    static final String EMBEDDED = "embedded";
    static final String AWS = "aws";

    /**
     * @param env the environment the AWS settings start from
     * @throws ParameterException when {@code --backend} is neither {@value #EMBEDDED} nor {@value #AWS},
     *     an AWS setting is missing or malformed, or an AWS option is given to the embedded backend
     */
    static BackendChoice of(ServeOptions options, Map<String, String> env, Clock clock) {
        return switch (options.backend) {
            case EMBEDDED -> {
                options.aws.requireUnused(EMBEDDED);
                String dir = options.dataDir.toAbsolutePath().normalize().toString();
                yield new BackendChoice(
                        () -> EmbeddedBackend.open(
                                options.dataDir, clock, java.time.Duration.ofDays(options.retentionDays)),
                        "data directory " + dir,
                        dir);
            }
            case AWS -> {
                // One retention for both backends: serve's --retention-days (the items' TTL here).
                AwsBackend.Settings aws = options.aws.settings(env, java.time.Duration.ofDays(options.retentionDays));
                options.aws.requireCredentials();
                yield new BackendChoice(
                        () -> AwsBackend.open(aws, clock), "aws backend, " + aws.describe(), aws.describe());
            }
            default ->
                throw new ParameterException(
                        options.command.commandLine(),
                        "--backend must be " + EMBEDDED + " or " + AWS + ", was " + options.backend);
        };
    }
}
