package io.sportsfeeds.app.local;

import io.javalin.Javalin;
import io.sportsfeeds.adapters.local.EmbeddedStorage;
import io.sportsfeeds.adapters.local.LocalConnections;
import io.sportsfeeds.api.http.RestApi;
import io.sportsfeeds.api.ws.PushedMessages;
import io.sportsfeeds.api.ws.WebSocketSessions;
import io.sportsfeeds.core.port.ConnectionStore;
import io.sportsfeeds.core.port.OddsStore;
import io.sportsfeeds.core.usecase.AuthenticateCallers;
import io.sportsfeeds.core.usecase.ClientSecrets;
import io.sportsfeeds.core.usecase.IngestFeeds;
import io.sportsfeeds.core.usecase.ManageConnections;
import io.sportsfeeds.core.usecase.PublishChanges;
import io.sportsfeeds.core.usecase.ReadOdds;
import io.sportsfeeds.core.usecase.RegisterClients;
import io.sportsfeeds.core.usecase.RegisterGames;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
  private static final int EXPIRED = 1001;
  /** How often connections idle past their expiry are looked for and closed. */
  private static final Duration EXPIRY_SWEEP = Duration.ofMinutes(1);

  private final Javalin server;
  private final JettyConnectionGateway gateway;
  private final String host;
  private final boolean seeded;
  private final MadeCredentials made;
  /** What was started, last first: closing stops them in this order. */
  private final Deque<AutoCloseable> running;

  private LocalApp(
      Javalin server, JettyConnectionGateway gateway, String host, boolean seeded, MadeCredentials made, Deque<AutoCloseable> running) {
    this.server = server;
    this.gateway = gateway;
    this.host = host;
    this.seeded = seeded;
    this.made = made;
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
      EmbeddedStorage storage = EmbeddedStorage.open(settings.dataDir(), clock);
      running.push(storage);
      ServerMetrics metrics = new ServerMetrics(clock);
      OddsStore odds = new MeteredOddsStore(storage.oddsStore(), metrics);
      ConnectionStore connections = LocalConnections.newStore();
      IngestFeeds ingest = new IngestFeeds(odds, settings.maxBatch());
      RegisterGames games = new RegisterGames(storage.gameCatalogue());
      SecureRandom random = new SecureRandom();
      ClientSecrets secrets = new ClientSecrets(random);
      RegisterClients clients = new RegisterClients(storage.clientRegistry(), secrets);

      Samples samples = Samples.load();
      boolean seeded = storage.isEmpty();
      List<MadeCredentials.Secret> madeSecrets = new ArrayList<>();
      if (seeded) {
        games.register(samples.games());
        RegisterClients.Registration registration = clients.register(samples.clients());
        registration.clients().stream()
            .filter(client -> registration.newSecrets().containsKey(client.clientId()))
            .forEach(client -> madeSecrets.add(new MadeCredentials.Secret(client.clientId(), client.active(), registration.newSecrets().get(client.clientId()))));
      }
      LocalKeys.Keys keys = LocalKeys.resolve(settings.auth(), settings.dataDir(), random);
      MadeCredentials made = new MadeCredentials(keys.made(), madeSecrets);
      AuthenticateCallers auth;
      if (settings.auth().enabled()) {
        auth = AuthenticateCallers.with(keys.accepted(), storage.clientRegistry(), secrets);
      } else {
        auth = AuthenticateCallers.off();
        LOG.warn(
            "authentication is off (--no-auth): anyone who reaches {} may post odds, register games and clients, and connect as any active client",
            settings.host());
      }

      RestApi api = new RestApi(ingest, new ReadOdds(odds), games, clients, auth, settings.maxBodyBytes());
      ManageConnections manage =
          new ManageConnections(storage.clientRegistry(), connections, clock, ManageConnections.DEFAULT_IDLE_EXPIRY);
      WebSocketSessions sessions = new WebSocketSessions(manage, auth);
      JettyConnectionGateway gateway =
          new JettyConnectionGateway(
              JettyConnectionGateway.DEFAULT_QUEUE_CAPACITY, JettyConnectionGateway.DEFAULT_ATTACH_TIMEOUT);
      running.push(gateway);
      metrics.gauge("sportsfeeds.websocket.connections", "Open WebSocket connections", gateway, JettyConnectionGateway::connections);
      metrics.gauge(
          "sportsfeeds.websocket.queue.deepest", "The most frames queued for one connection", gateway, JettyConnectionGateway::deepestQueue);
      PublishChanges publish =
          new PublishChanges(odds, LocalConnections.newPublishedSeqs(), connections, gateway, new PushedMessages(), clock);

      running.push(storage.changeStream().follow(new PublishFailures(publish, metrics)::publish));
      running.push(sweepExpired(manage, gateway));
      Javalin server = WebServer.create(api, sessions, gateway, metrics, settings.host(), settings.port()).start();
      running.push(server::stop);
      // Before the server stops: analysts' clients get 1001 (going away) rather than a dropped socket.
      running.push(() -> gateway.closeAll(GOING_AWAY, "the server is stopping", Duration.ofSeconds(1)));
      if (settings.demo()) {
        running.push(DemoFeed.start(ingest, new OddsGenerator(samples.sampleGames(), random, clock)));
      }
      return new LocalApp(server, gateway, settings.host(), seeded, made, running);
    } catch (RuntimeException failed) {
      stopAll(running, failed);
      throw failed;
    }
  }

  /**
   * Closes, once a minute, the connections that stayed idle past their expiry (no message for
   * {@link ManageConnections#DEFAULT_IDLE_EXPIRY}), as API Gateway would.
   */
  private static AutoCloseable sweepExpired(ManageConnections manage, JettyConnectionGateway gateway) {
    ScheduledExecutorService sweeper =
        Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("websocket-expiry-sweep").factory());
    long period = EXPIRY_SWEEP.toNanos();
    sweeper.scheduleAtFixedRate(
        () -> {
          try {
            for (String connectionId : manage.expire()) {
              gateway.closeConnection(connectionId, EXPIRED, "the connection was idle longer than " + ManageConnections.DEFAULT_IDLE_EXPIRY);
            }
          } catch (RuntimeException e) {
            // The next sweep tries again; an expired connection receives nothing meanwhile.
            LOG.warn("sweeping expired connections failed: {}", e.toString());
          }
        },
        period,
        period,
        TimeUnit.NANOSECONDS);
    return sweeper::shutdownNow;
  }

  /** The WebSocket connections this server holds now. */
  int openConnections() {
    return gateway.connections();
  }

  int port() {
    return server.port();
  }

  boolean seeded() {
    return seeded;
  }

  /** The keys and client secrets this start made, to be shown once; none on later starts. */
  MadeCredentials made() {
    return made;
  }

  URI httpUrl() {
    return URI.create("http://" + host + ":" + port());
  }

  URI webSocketUrl(String clientId) {
    return URI.create("ws://" + host + ":" + port() + WebServer.WEBSOCKET_PATH + "?client=" + clientId);
  }

  /** The URL a client connects with when authentication is on. */
  URI webSocketUrl(String clientId, String secret) {
    return URI.create(webSocketUrl(clientId) + "&secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8));
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
