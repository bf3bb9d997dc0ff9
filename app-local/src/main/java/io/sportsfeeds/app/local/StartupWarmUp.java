package io.sportsfeeds.app.local;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import javax.crypto.SecretKeyFactory;
import org.rocksdb.RocksDB;

/**
 * Readies, on a second core, what starting the server will need while the main thread parses the
 * command line (picocli builds its model by reflection, from classes no startup archive can hold):
 * RocksDB's native library, the JDK's secure random and PBKDF2 providers, the metrics registry and
 * its histograms, Jackson's mappers, Jetty's MIME types and Javalin's and Jetty's classes, roughly
 * in the order the server needs them. Each step is what the server does anyway, done earlier; a step that fails
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
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Timer.builder("sportsfeeds.warm.up")
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(1))
                    .register(registry)
                    .record(Duration.ofMillis(2));
            registry.close();
            // The samples are read with a mapper of their own; the API's mapper is built in Json's initializer.
            new ObjectMapper().readValue("{\"warm\":[1,\"up\"]}", new TypeReference<Map<String, Object>>() {});
            new SecureRandom().nextInt();
            SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            ClassLoader loader = StartupWarmUp.class.getClassLoader();
            for (String name : new String[] {
                "io.sportsfeeds.api.json.Json",
                "io.sportsfeeds.app.local.ServerMetrics",
                // Jetty's Server constructor initializes MimeTypes, which reads every locale the JDK has.
                "org.eclipse.jetty.http.MimeTypes",
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
