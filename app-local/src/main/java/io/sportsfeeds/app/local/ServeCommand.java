package io.sportsfeeds.app.local;

import io.javalin.util.JavalinBindException;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import java.io.PrintWriter;
import java.net.BindException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        // One paragraph per string: picocli wraps each at the usage width.
        description = {
            "Runs the server: REST on /feeds, /games, /clients; WebSocket on /ws?client=ID&secret=SECRET.",
            "Providers and admins send their key in the x-api-key header. On the first start, keys for roles"
                    + " given none and the sample clients' secrets are made and printed once. Stops cleanly on Ctrl-C."
        })
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Mixin
    ServeOptions options;

    @Override
    public Integer call() throws InterruptedException {
        return serve(options);
    }

    private static String bindProblem(JavalinBindException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException bind) {
                String reason = String.valueOf(bind.getMessage());
                return reason.contains("in use")
                        ? "the port is in use (another sportsfeeds?); stop that process or choose another --port"
                        : reason + "; check --host and --port";
            }
        }
        return e.getMessage();
    }

    /** Serves until the process is told to stop; the shutdown hook closes the server, then the store. */
    static int serve(ServeOptions options) throws InterruptedException {
        if (options.auth.noAuth) {
            // One line and exit 2, as a usage error, without the usage text after it.
            Optional<String> refused = AuthSettings.off().problemOn(options.host);
            if (refused.isPresent()) {
                options.command.commandLine().getErr().println(refused.get());
                options.command.commandLine().getErr().flush();
                return 2;
            }
        }
        Clock clock = Clock.systemUTC();
        ServerSettings settings = options.settings();
        BackendChoice backend = BackendChoice.of(options, System.getenv(), clock);
        LocalApp app;
        try {
            app = LocalApp.start(settings, clock, backend.opener());
        } catch (StoreUnavailableException unavailable) {
            LOG.error("cannot open the {}: {}", backend.what(), unavailable.getMessage());
            return 1;
        } catch (JavalinBindException cannotBind) {
            LOG.error("cannot listen on {}:{}: {}", options.host, options.port, bindProblem(cannotBind));
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.info("stopping");
                            app.close();
                            LOG.info("stopped");
                            stopped.countDown();
                        },
                        "sportsfeeds-shutdown"));
        boolean authOn = settings.auth().enabled();
        // The made keys and secrets before the ready line, so whoever waits for that line has them.
        if (!app.made().isEmpty()) {
            PrintWriter out = options.command.commandLine().getOut();
            app.made().notice(app.httpUrl(), backend.dataIn(), authOn).forEach(out::println);
            out.flush();
        }
        // The log never shows a secret: the console notice above shows the made ones, once.
        String ws = app.webSocketUrl("client-001") + (authOn ? "&secret=SECRET" : "");
        LOG.info(
                "sportsfeeds ready at {} (data in {}{}{}{}); WebSocket {} ; try: {} \"{}\"",
                app.httpUrl(),
                backend.dataIn(),
                app.seeded() ? ", seeded with samples" : "",
                options.demo ? ", demo feed on" : "",
                authOn ? "" : ", authentication off",
                ws,
                MadeCredentials.WSCAT,
                ws);
        stopped.await();
        return 0;
    }
}
