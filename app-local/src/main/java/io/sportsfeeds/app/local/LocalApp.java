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

  private final EmbeddedStorage storage;
  private final Javalin server;
  private final ChangeSource.Subscription publishing;
  private final DemoFeed demo;
  private final String host;
  private final boolean seeded;

  private LocalApp(
      EmbeddedStorage storage,
      Javalin server,
      ChangeSource.Subscription publishing,
      DemoFeed demo,
      String host,
      boolean seeded) {
    this.storage = storage;
    this.server = server;
    this.publishing = publishing;
    this.demo = demo;
    this.host = host;
    this.seeded = seeded;
  }

  /**
   * Starts everything; when this returns the server accepts requests.
   *
   * @throws io.sportsfeeds.core.domain.StoreUnavailableException when the data directory cannot be
   *     opened (another process holds it, say)
   */
  static LocalApp start(ServerSettings settings, Clock clock) {
    EmbeddedStorage storage = EmbeddedStorage.open(settings.dataDir(), clock);
    ChangeSource.Subscription publishing = null;
    Javalin server = null;
    DemoFeed demo = null;
    try {
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
      JettyConnectionGateway gateway = new JettyConnectionGateway(JettyConnectionGateway.DEFAULT_QUEUE_CAPACITY);
      PublishChanges publish = new PublishChanges(connections, gateway, new PushedMessages());

      publishing = storage.changeSource().subscribe(ChangeCursor.live(), changes -> publishSafely(publish, changes));
      server = WebServer.create(api, sessions, gateway, settings.host(), settings.port()).start();
      if (settings.demo()) {
        demo = DemoFeed.start(ingest, new OddsGenerator(samples.sampleGames(), new SecureRandom(), clock));
      }
      return new LocalApp(storage, server, publishing, demo, settings.host(), seeded);
    } catch (RuntimeException failed) {
      stopAll(demo, server, publishing, storage, failed);
      throw failed;
    }
  }

  /**
   * A failure to push one batch must not end the subscription, or every later update would go
   * unpushed; it is logged, and the analysts' resume (a later issue) recovers what they missed.
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

  /** Stops the demo feed, the server (closing its sockets), the publisher, then the store. */
  @Override
  public void close() {
    stopAll(demo, server, publishing, storage, null);
  }

  private static void stopAll(
      DemoFeed demo, Javalin server, ChangeSource.Subscription publishing, EmbeddedStorage storage, RuntimeException failure) {
    List<Runnable> steps =
        List.of(
            () -> {
              if (demo != null) {
                demo.close();
              }
            },
            () -> {
              if (server != null) {
                server.stop();
              }
            },
            () -> {
              if (publishing != null) {
                publishing.close();
              }
            },
            storage::close);
    RuntimeException first = failure;
    for (Runnable step : steps) {
      try {
        step.run();
      } catch (RuntimeException e) {
        // Keep stopping the rest; the first failure is thrown (or attached to the one being thrown).
        if (first == null) {
          first = e;
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
