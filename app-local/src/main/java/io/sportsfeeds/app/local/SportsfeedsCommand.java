package io.sportsfeeds.app.local;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The top command: runs {@code serve} when no subcommand is given, so {@code java -jar app-local.jar}
 * starts the server. Its subcommands are added by {@link Main}.
 */
@Command(
        name = "sportsfeeds",
        mixinStandardHelpOptions = true,
        version = "sportsfeeds 0.1.0",
        showDefaultValues = true,
        description = {
            "Stores sports odds feeds and streams every update to analysts over WebSocket.",
            "Without a subcommand, runs serve with the options below."
        })
final class SportsfeedsCommand implements Callable<Integer> {
    @Mixin
    ServeOptions options;

    @Override
    public Integer call() throws InterruptedException {
        return ServeCommand.serve(options);
    }
}
