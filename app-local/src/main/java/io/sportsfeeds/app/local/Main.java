package io.sportsfeeds.app.local;

import picocli.CommandLine;

/** {@code java -jar app-local.jar [serve|init|simulate|bench] [options]}; {@code --help} on each says more. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int exitCode = commandLine().execute(args);
        System.exit(exitCode);
    }

    static CommandLine commandLine() {
        return new CommandLine(new SportsfeedsCommand());
    }
}
