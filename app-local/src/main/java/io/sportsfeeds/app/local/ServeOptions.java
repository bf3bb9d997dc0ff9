package io.sportsfeeds.app.local;

import io.sportsfeeds.api.http.RestApi;
import io.sportsfeeds.core.usecase.IngestFeeds;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options of {@code serve}, also accepted by the top command (which serves by default). */
final class ServeOptions {
  @Option(names = "--port", description = "HTTP and WebSocket port; 0 picks a free one (the log line tells which).")
  int port = 7070;

  @Option(names = "--host", description = "Address to bind; 127.0.0.1 keeps the server to this machine.")
  String host = "127.0.0.1";

  @Option(names = "--data-dir", description = "Directory of the embedded store; created and seeded with samples when empty.")
  Path dataDir = Path.of("data");

  @Option(names = "--demo", description = "Feed simulated odds in-process (" + DemoFeed.UPDATES_PER_SECOND + " updates/s).")
  boolean demo;

  @Option(names = "--max-body-bytes", description = "Largest request body accepted; larger ones get 413 too_large.")
  int maxBodyBytes = RestApi.DEFAULT_MAX_BODY_BYTES;

  @Option(names = "--max-batch", description = "Most odds updates accepted in one request; more get 413 too_large.")
  int maxBatch = IngestFeeds.DEFAULT_MAX_BATCH;

  @Mixin AuthOptions auth;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /** The settings these options give; a value out of range is a usage error naming its option. */
  ServerSettings settings() {
    try {
      return new ServerSettings(host, port, dataDir, demo, maxBodyBytes, maxBatch, auth.settings(System.getenv()));
    } catch (IllegalArgumentException outOfRange) {
      throw new ParameterException(command.commandLine(), outOfRange.getMessage());
    }
  }
}
