package io.sportsfeeds.core.fakes;

import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Seeded randomness for tests: register it ({@code @RegisterExtension final Seeds seeds = new
 * Seeds();}) and take {@link #random()}. A test that fails says which seed it ran with, and
 * {@code -Dsportsfeeds.seed=N} runs it again with that seed.
 */
public final class Seeds implements TestExecutionExceptionHandler {
    public static final String PROPERTY = "sportsfeeds.seed";

    private Long seed;

    /** A random source seeded from {@code -Dsportsfeeds.seed} when given, else from a fresh seed. */
    public synchronized Random random() {
        if (seed == null) {
            seed = Long.getLong(PROPERTY, new SplittableRandom().nextLong());
        }
        return new Random(seed);
    }

    @Override
    public synchronized void handleTestExecutionException(ExtensionContext context, Throwable failure)
            throws Throwable {
        if (seed != null) {
            failure.addSuppressed(new SeedUsed(
                    "the test ran with random seed " + seed + "; run it again with -D" + PROPERTY + "=" + seed));
        }
        throw failure;
    }

    /** Carries the seed of a failed test into its report. */
    private static final class SeedUsed extends Exception {
        SeedUsed(String message) {
            super(message, null, false, false);
        }
    }
}
