package io.sportsfeeds.app.local.bench;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The workload of a push bench, the same for {@code bench system} and {@code bench compare}. */
final class WorkloadOptions {
    @Option(
            names = "--publishers",
            description =
                    "Publishers, each with its own connection, sending a batch and awaiting its acknowledgement before the next.")
    int publishers = 1;

    @Option(
            names = "--batch",
            description = "Updates per request (PUT /feeds) or per batch of acknowledged NATS publishes.")
    int batch = 10;

    @Option(
            names = "--rate",
            description =
                    "Updates per second in all, spread over the publishers; 0 sends as fast as acknowledgements come.")
    double rate = 1_000;

    @Option(names = "--subscribers", description = "WebSocket subscribers; each receives every update.")
    int subscribers = 100;

    @Option(
            names = "--games",
            description =
                    "Games the updates are spread over (bench-game-0001, ...), round robin; at least --publishers (each game has one publisher).")
    int games = 10;

    @Option(
            names = "--warmup",
            paramLabel = "<duration>",
            converter = Seconds.class,
            description = "Run first and not measured: 20, 20s or 2m.")
    long warmupSeconds = 3;

    @Option(
            names = "--duration",
            paramLabel = "<duration>",
            converter = Seconds.class,
            description = "Measured after the warmup: 20, 20s or 2m.")
    long durationSeconds = 20;

    @Option(
            names = "--drain",
            paramLabel = "<duration>",
            converter = Seconds.class,
            description = "Longest wait, after publishing stopped, for the last deliveries.")
    long drainSeconds = 10;

    @Option(names = "--io-threads", description = "Selector threads of the bench's WebSocket subscribers.")
    int ioThreads = 2;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The workload these options give at {@code rate}; a value out of range is a usage error naming its option. */
    PushBench.Workload workload(double rate) {
        require(publishers >= 1, "--publishers must be at least 1, was " + publishers);
        require(
                batch >= 1 && batch <= 1_000,
                "--batch must be between 1 and 1000 (the server's default --max-batch), was " + batch);
        require(
                rate >= 0 && !Double.isInfinite(rate),
                "--rate must be 0 (as fast as possible) or more updates/s, was " + rate);
        require(subscribers >= 0, "--subscribers must be 0 or more, was " + subscribers);
        require(games >= publishers, "--games must be at least --publishers (" + publishers + "), was " + games);
        require(warmupSeconds >= 0, "--warmup must be 0 or more seconds, was " + warmupSeconds);
        require(durationSeconds >= 1, "--duration must be at least 1 second, was " + durationSeconds);
        require(drainSeconds >= 0, "--drain must be 0 or more seconds, was " + drainSeconds);
        require(ioThreads >= 1, "--io-threads must be at least 1, was " + ioThreads);
        return new PushBench.Workload(
                publishers, batch, rate, subscribers, games, warmupSeconds, durationSeconds, drainSeconds);
    }

    void require(boolean valid, String message) {
        if (!valid) {
            throw new ParameterException(command.commandLine(), message);
        }
    }
}
