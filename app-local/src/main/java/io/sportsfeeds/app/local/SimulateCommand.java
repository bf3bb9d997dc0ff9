package io.sportsfeeds.app.local;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Posts random odds updates for the sample games to a running server",
      "(POST /feeds), printing updates sent, accepted, duplicates, errors",
      "and the rate each second."
    })
final class SimulateCommand implements Callable<Integer> {
  @Option(names = "--url", description = "Base URL of the running server.")
  URI url = URI.create("http://127.0.0.1:7070");

  @Option(names = "--games", description = "How many games get updates: the sample games first, then made-up ones.")
  int games = 5;

  @Option(names = "--rate", description = "Updates per second.")
  double rate = 10;

  @Option(names = "--batch", description = "Updates per request.")
  int batch = 1;

  @Option(names = "--duration", description = "Seconds to run (unless --count is given).")
  long durationSeconds = 10;

  @Option(names = "--count", description = "Updates to send in all; overrides --duration.")
  Long count;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    if (games < 1 || rate <= 0 || batch < 1 || durationSeconds < 1 || (count != null && count < 1)) {
      throw new ParameterException(
          spec.commandLine(), "--games, --rate, --batch, --duration and --count must be positive");
    }
    PrintWriter out = spec.commandLine().getOut();
    RestClient client = new RestClient(url);
    OddsGenerator generator =
        new OddsGenerator(OddsGenerator.games(Samples.load(), games), new SecureRandom(), Clock.systemUTC());
    Progress progress = new Progress();
    long start = System.nanoTime();
    long end = start + Duration.ofSeconds(durationSeconds).toNanos();
    long nextReport = start + 1_000_000_000L;
    while (count == null ? System.nanoTime() < end : progress.sent < count) {
      int size = count == null ? batch : (int) Math.min(batch, count - progress.sent);
      // Paced against the start, not the previous request, so slow answers do not lower the rate.
      long due = start + (long) (progress.sent / rate * 1e9);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(Duration.ofNanos(wait));
      }
      post(client, generator.batch(size), size, progress, spec.commandLine().getErr());
      if (System.nanoTime() >= nextReport) {
        out.println(progress.line(System.nanoTime() - start));
        out.flush();
        nextReport += 1_000_000_000L;
      }
    }
    out.println(progress.line(System.nanoTime() - start) + " (done)");
    out.flush();
    return progress.errors == 0 ? 0 : 1;
  }

  private static void post(RestClient client, Map<String, Object> document, int size, Progress progress, PrintWriter err)
      throws InterruptedException {
    progress.sent += size;
    try {
      RestClient.Answer answer = client.send("POST", "/feeds", document);
      if (answer.ok()) {
        progress.accepted += answer.body().path("accepted").asLong();
        progress.duplicates += answer.body().path("duplicates").asLong();
      } else {
        progress.fail(size, "POST /feeds answered " + answer.status() + ": " + answer.body(), err);
      }
    } catch (IOException failed) {
      progress.fail(size, "POST " + client.baseUrl() + "/feeds failed: " + failed, err);
    }
  }

  /** Counters of a run; the first error is printed in full, later ones only counted. */
  private static final class Progress {
    long sent;
    long accepted;
    long duplicates;
    long errors;

    void fail(int size, String why, PrintWriter err) {
      if (errors == 0) {
        err.println(why);
        err.flush();
      }
      errors += size;
    }

    String line(long elapsedNanos) {
      double seconds = elapsedNanos / 1e9;
      return String.format(
          "%5.1fs sent=%d accepted=%d duplicates=%d errors=%d rate=%.1f/s",
          seconds, sent, accepted, duplicates, errors, seconds > 0 ? sent / seconds : 0.0);
    }
  }
}
