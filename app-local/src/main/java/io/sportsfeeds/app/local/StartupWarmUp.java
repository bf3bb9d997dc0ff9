package io.sportsfeeds.app.local;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.SecureRandom;
import javax.crypto.SecretKeyFactory;
import org.rocksdb.RocksDB;

/**
 * Readies, on a second core, what starting the server will need while the main thread parses the
 * command line (picocli builds its model by reflection, from classes no startup archive can hold):
 * RocksDB's native library, the JDK's secure random and PBKDF2 providers, the metrics registry's
 * and Jetty's classes. Each step is what the server does anyway, done earlier; a step that fails
 * here fails again where the server does it, and says so there.
 */
final class StartupWarmUp {
    private StartupWarmUp() {}

    /** Starts the warm-up on a daemon thread, when {@code args} start the server. */
    static void startFor(String[] args) {
        if (args.length > 0 && !args[0].equals("serve") && !args[0].startsWith("-")) {
            return;
        }
        Thread.ofPlatform().daemon().name("sportsfeeds-warm-up").start(StartupWarmUp::run);
    }

    private static void run() {
        try {
            RocksDB.loadLibrary();
            new SecureRandom().nextInt();
            SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT).close();
            ClassLoader loader = StartupWarmUp.class.getClassLoader();
            for (String name : new String[] {
                "io.javalin.Javalin",
                "org.eclipse.jetty.server.Server",
                "org.eclipse.jetty.ee10.servlet.ServletContextHandler",
                "org.eclipse.jetty.websocket.core.WebSocketConnection"
            }) {
                Class.forName(name, true, loader);
            }
        } catch (Exception | LinkageError ignored) {
            // Only a head start: the server does each of these again, and reports what fails.
        }
    }
}
