package io.sportsfeeds.app.local;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Prints why a test or class did not run (disabled: the LocalStack suite without Docker; aborted:
 * an emulator that is not installed), one line each on standard error, where the build log shows
 * it: Surefire itself only counts skipped tests. Registered for app-local's tests through
 * {@code META-INF/services}.
 */
public final class SkippedTestsReport implements TestExecutionListener {
    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        System.err.println("SKIPPED " + test.getDisplayName() + ": " + reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            System.err.println("SKIPPED " + test.getDisplayName() + ": "
                    + result.getThrowable().map(Throwable::getMessage).orElse("aborted without a reason"));
        }
    }
}
