package io.sportsfeeds.app.local;

import io.javalin.Javalin;
import io.sportsfeeds.adapters.local.EmbeddedStorage;
import io.sportsfeeds.adapters.local.LocalConnections;
import io.sportsfeeds.api.http.RestApi;
import io.sportsfeeds.api.ws.PushedMessages;
import io.sportsfeeds.api.ws.WebSocketSessions;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.port.ChangeCursor;
import io.sportsfeeds.core.port.ChangeSource;
import io.sportsfeeds.core.port.ConnectionStore;
import io.sportsfeeds.core.port.FeedStore;
import io.sportsfeeds.core.usecase.IngestFeeds;
import io.sportsfeeds.core.usecase.ManageConnections;
import io.sportsfeeds.core.usecase.PublishChanges;
import io.sportsfeeds.core.usecase.ReadOdds;
import io.sportsfeeds.core.usecase.RegisterClients;
import io.sportsfeeds.core.usecase.RegisterGames;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of the local server with the embedded backend: opens the store, seeds the
 * samples into an empty one, wires the use cases, the REST API, the WebSocket sessions and the
 * publisher by hand, and starts the server. Closing stops them in reverse order.
 */
final class LocalApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalApp.class);
  private static final int GOING_AWAY = 1001;

  private final Javalin server;
  private final String host;
  private final boolean seeded;
  /** What was started, last first: closing stops them in this order. */
  private final Deque<AutoCloseable> running;

  private LocalApp(Javalin server, String host, boolean seeded, Deque<AutoCloseable> running) {
    this.server = server;
    this.host = host;
    this.seeded = seeded;
    this.running = running;
  }

  /**
   * Starts everything; when this returns the server accepts requests.
   *
   * @throws io.sportsfeeds.core.domain.StoreUnavailableException when the data directory cannot be
   *     opened (another process holds it, say)
   */
  static LocalApp start(ServerSettings settings, Clock clock) {
    Deque<AutoCloseable> running = new ArrayDeque<>();
    try {
      EmbeddedStorage storage = EmbeddedStorage.open(settings.dataDir(), clock, settings.retention());
      running.push(storage);
      FeedStore feeds = storage.feedStore();
      ConnectionStore connections = LocalConnections.newStore();
      IngestFeeds ingest = new IngestFeeds(feeds, settings.maxBatch());
      RegisterGames games = new RegisterGames(feeds);
      RegisterClients clients = new RegisterClients(feeds);

      Samples samples = Samples.load();
      boolean seeded = storage.isEmpty();
      if (seeded) {
        games.register(samples.games());
        clients.register(samples.clients());
      }

      RestApi api = new RestApi(ingest, new ReadOdds(feeds), games, clients, settings.maxBodyBytes());
      WebSocketSessions sessions = new WebSocketSessions(new ManageConnections(feeds, connections, clock));
      JettyConnectionGateway gateway =
          new JettyConnectionGateway(
              JettyConnectionGateway.DEFAULT_QUEUE_CAPACITY, JettyConnectionGateway.DEFAULT_ATTACH_TIMEOUT);
      running.push(gateway);
      PublishChanges publish = new PublishChanges(connections, gateway, new PushedMessages());

      running.push(storage.changeSource().subscribe(ChangeCursor.live(), changes -> publishSafely(publish, changes)));
      Javalin server = WebServer.create(api, sessions, gateway, settings.host(), settings.port()).start();
      running.push(server::stop);
      // Before the server stops: analysts' clients get 1001 (going away) rather than a dropped socket.
      running.push(() -> gateway.closeAll(GOING_AWAY, "the server is stopping", Duration.ofSeconds(1)));
      if (settings.demo()) {
        running.push(DemoFeed.start(ingest, new OddsGenerator(samples.sampleGames(), new SecureRandom(), clock)));
      }
      return new LocalApp(server, settings.host(), seeded, running);
    } catch (RuntimeException failed) {
      stopAll(running, failed);
      throw failed;
    }
  }

  /**
   * A failure to push one batch must not end the subscription, or every later update would go
   * unpushed; it is logged, and resuming from their last seq (not built yet) is how analysts will recover what they missed.
   */
  private static void publishSafely(PublishChanges publish, List<CapturedChange> changes) {
    try {
      publish.publish(changes);
    } catch (RuntimeException e) {
      LOG.error("pushing {} changes failed; connected analysts missed them", changes.size(), e);
    }
  }

  int port() {
    return server.port();
  }

  boolean seeded() {
    return seeded;
  }

  URI httpUrl() {
    return URI.create("http://" + host + ":" + port());
  }

  URI webSocketUrl(String clientId) {
    return URI.create("ws://" + host + ":" + port() + WebServer.WEBSOCKET_PATH + "?client=" + clientId);
  }

  /** Stops the demo feed, closes the WebSockets, stops the server, the publisher, the gateway, then the store. */
  @Override
  public void close() {
    stopAll(running, null);
  }

  private static void stopAll(Deque<AutoCloseable> running, RuntimeException failure) {
    RuntimeException first = failure;
    while (!running.isEmpty()) {
      try {
        running.pop().close();
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        // Keep stopping the rest; the first failure is thrown (or attached to the one being thrown).
        RuntimeException unchecked = e instanceof RuntimeException r ? r : new IllegalStateException("stopping failed", e);
        if (first == null) {
          first = unchecked;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (failure == null && first != null) {
      throw first;
    }
  }
}
