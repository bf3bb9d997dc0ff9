package io.sportsfeeds.app.local;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A server on a free port over a fresh data directory, and whatever a test opens, closed after it. */
abstract class ServerTestBase {
  static final String LAKERS = "game-7F3A1C52-0B6E-4D7A-9C1E-2B8D5E6F4A10";
  static final String ARSENAL = "game-1D9E4B77-5A2C-4F0B-8E36-7C4A9B2D1E05";
  static final int MAX_BODY_BYTES = 64 * 1024;

  @TempDir Path dataDir;
  final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void stopEverything() throws Exception {
    for (AutoCloseable closeable : toClose.reversed()) {
      closeable.close();
    }
  }

  LocalApp start() {
    LocalApp app =
        LocalApp.start(new ServerSettings("127.0.0.1", 0, dataDir, false, MAX_BODY_BYTES, 1_000, 30), Clock.systemUTC());
    toClose.add(app);
    return app;
  }

  WsClient connect(LocalApp app, String clientId) {
    WsClient client = WsClient.connect(app.webSocketUrl(clientId));
    toClose.add(client);
    return client;
  }

  static URI url(LocalApp app, String pathAndQuery) {
    return URI.create(app.httpUrl() + pathAndQuery);
  }
}
