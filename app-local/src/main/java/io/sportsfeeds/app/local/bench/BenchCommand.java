package io.sportsfeeds.app.local.bench;

import picocli.CommandLine.Command;

/** The group of benchmarks; each measures one part of sportsfeeds on this machine and prints a report. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measures sportsfeeds on this machine and prints a plain report; see each subcommand's --help.",
        subcommands = {StoreBenchCommand.class, SystemBenchCommand.class, CompareBenchCommand.class, ChurnBench.class})
public final class BenchCommand {}
