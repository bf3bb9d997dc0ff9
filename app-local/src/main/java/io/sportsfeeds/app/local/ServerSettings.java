package io.sportsfeeds.app.local;

import java.nio.file.Path;
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
 * @param auth how callers authenticate; without authentication, only on loopback
 */
record ServerSettings(String host, int port, Path dataDir, boolean demo, int maxBodyBytes, int maxBatch, AuthSettings auth) {
  ServerSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(auth, "auth");
    auth.problemOn(host).ifPresent(problem -> {
      throw new IllegalArgumentException(problem);
    });
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
  }
}
