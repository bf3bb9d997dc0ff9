package io.sportsfeeds.app.local;

import io.sportsfeeds.app.local.bench.BenchCommand;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/** {@code java -jar app-local.jar [serve|init|simulate|bench] [options]}; {@code --help} on each says more. */
public final class Main {
    /** The subcommands, by name, in the order the help lists them. */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("serve", ServeCommand::new);
        SUBCOMMANDS.put("init", InitCommand::new);
        SUBCOMMANDS.put("simulate", SimulateCommand::new);
        SUBCOMMANDS.put("bench", BenchCommand::new);
    }

    private Main() {}

    public static void main(String[] args) {
        StartupWarmUp.startFor(args);
        int exitCode = commandLine(args).execute(args);
        System.exit(exitCode);
    }

    /** The whole command line, every subcommand included. */
    static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command line for {@code args}: when they name a subcommand, only that one is added. picocli
     * builds each command's model by reflection when it is added, and the bench commands' many
     * options made that a third of the time from launch to the server's first answer.
     */
    static CommandLine commandLine(String... args) {
        CommandLine commandLine = new CommandLine(new SportsfeedsCommand());
        Supplier<Object> named = args.length > 0 ? SUBCOMMANDS.get(args[0]) : null;
        if (named != null) {
            commandLine.addSubcommand(named.get());
        } else {
            SUBCOMMANDS.values().forEach(make -> commandLine.addSubcommand(make.get()));
        }
        return commandLine;
    }
}
