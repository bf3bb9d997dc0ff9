package io.sportsfeeds.adapters.aws;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;
import org.opentest4j.TestAbortedException;

/**
 * Finds the emulators the adapters' tests run against. Where one is missing, a test is skipped
 * with a message saying how to install it, except in CI ({@code CI=true}), where a skipped test
 * would hide that nothing was tested: there it fails.
 */
final class Emulators {
    static final String INSTALL_HINT = "run `npm ci` at the repository root (needs Node.js 20 and npm)";

    private static final Set<String> warned = ConcurrentHashMap.newKeySet();

    private Emulators() {}

    /** Node and an installed npm package, found from the module's directory. */
    record Installed(Path node, Path packageDir) {}

    /**
     * The emulator of an npm package, or a skipped (outside CI) or failed (in CI) test.
     *
     * @param packageName the npm package, as pinned in the root {@code package.json}
     */
    static Installed require(String packageName) {
        try {
            return require(packageName, Path.of(System.getProperty("user.dir")), System.getenv());
        } catch (TestAbortedException skipped) {
            if (warned.add(packageName)) {
                // Surefire does not show why a whole class was skipped: say it where a developer looks.
                System.err.println("SKIPPED the tests that need " + packageName + ": " + skipped.getMessage());
            }
            throw skipped;
        }
    }

    static Installed require(String packageName, Path moduleDir, Map<String, String> env) {
        var node = NodeEmulator.findNode();
        var packageDir = NodeEmulator.findPackage(moduleDir, packageName);
        if (node.isPresent() && packageDir.isPresent()) {
            return new Installed(node.get(), packageDir.get());
        }
        String missing = node.isEmpty()
                ? "the emulator " + packageName + " needs `node` on the PATH, which was not found"
                : "the emulator " + packageName + " is not installed (no node_modules/" + packageName + " above "
                        + moduleDir + ")";
        String message = missing + ": " + INSTALL_HINT;
        if (isCi(env)) {
            throw new IllegalStateException(message + ". CI=true, so this fails rather than skips.");
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable: Assumptions.abort throws");
    }

    static boolean isCi(Map<String, String> env) {
        return "true".equalsIgnoreCase(env.getOrDefault("CI", "").trim());
    }
}
