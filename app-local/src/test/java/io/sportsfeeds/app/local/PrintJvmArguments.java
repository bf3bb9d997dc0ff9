package io.sportsfeeds.app.local;

import java.lang.management.ManagementFactory;

/** A main class for launcher tests: prints the options its JVM was started with, one a line. */
public final class PrintJvmArguments {
    private PrintJvmArguments() {}

    public static void main(String[] args) {
        ManagementFactory.getRuntimeMXBean().getInputArguments().forEach(System.out::println);
    }
}
