package io.sportsfeeds.app.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything {@code serve} can be told; the defaults live in the command line's options, and a
 * value out of range is refused naming its option.
 *
 * @param host the address to bind (127.0.0.1 keeps the server to this machine)
 * @param port the port; 0 picks a free one
 * @param dataDir the embedded store's directory, created when missing
 * @param demo whether to feed simulated odds in-process
 * @param maxBodyBytes the largest request body accepted
 * @param maxBatch the most odds updates accepted in one request
 * @param retentionDays how many days after its provider's date the store keeps an odds update
 */
record ServerSettings(String host, int port, Path dataDir, boolean demo, int maxBodyBytes, int maxBatch, int retentionDays) {
  /** The embedded store keeps odds at most about a century. */
  private static final int MAX_RETENTION_DAYS = 36_525;

  ServerSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDir, "dataDir");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("--port must be between 0 and 65535, was " + port);
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("--max-body-bytes must be at least 1, was " + maxBodyBytes);
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("--max-batch must be at least 1, was " + maxBatch);
    }
    if (retentionDays < 1 || retentionDays > MAX_RETENTION_DAYS) {
      throw new IllegalArgumentException("--retention-days must be between 1 and " + MAX_RETENTION_DAYS + ", was " + retentionDays);
    }
  }

  Duration retention() {
    return Duration.ofDays(retentionDays);
  }
}
