package io.sportsfeeds.app.local;

import io.javalin.util.JavalinBindException;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import java.net.BindException;
import java.time.Clock;
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
    description = {
      "Runs the server: REST on /feeds, /games, /clients; WebSocket on /ws?client=ID.",
      "Stops cleanly on Ctrl-C."
    })
final class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  @Mixin ServeOptions options;

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
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("stopping");
                  app.close();
                  LOG.info("stopped");
                  stopped.countDown();
                },
                "sportsfeeds-shutdown"));
    String ws = app.webSocketUrl("client-001").toString();
    LOG.info(
        "sportsfeeds ready at {} (data in {}{}{}); WebSocket {} ; try: npx wscat -c \"{}\"",
        app.httpUrl(),
        backend.dataIn(),
        app.seeded() ? ", seeded with samples" : "",
        options.demo ? ", demo feed on" : "",
        ws,
        ws);
    stopped.await();
    return 0;
  }
}
