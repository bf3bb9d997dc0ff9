package io.sportsfeeds.app.local;

import io.javalin.Javalin;
import io.sportsfeeds.adapters.local.LocalConnections;
import io.sportsfeeds.api.http.RestApi;
import io.sportsfeeds.api.ws.ProtocolMessages;
import io.sportsfeeds.api.ws.PushedMessages;
import io.sportsfeeds.api.ws.WebSocketSessions;
import io.sportsfeeds.core.port.ConnectionStore;
import io.sportsfeeds.core.port.OddsStore;
import io.sportsfeeds.core.usecase.AuthenticateCallers;
import io.sportsfeeds.core.usecase.ClientSecrets;
import io.sportsfeeds.core.usecase.DeliveryOrder;
import io.sportsfeeds.core.usecase.IngestFeeds;
import io.sportsfeeds.core.usecase.ManageConnections;
import io.sportsfeeds.core.usecase.ManageSubscriptions;
import io.sportsfeeds.core.usecase.NotifyStaleGames;
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
    private final JettyConnectionGateway gateway;
    private final String host;
    private final boolean seeded;
    private final MadeCredentials made;
    /** What was started, last first: closing stops them in this order. */
    private final Deque<AutoCloseable> running;

    private LocalApp(
            Javalin server,
            JettyConnectionGateway gateway,
            String host,
            boolean seeded,
            MadeCredentials made,
            Deque<AutoCloseable> running) {
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
     * @throws io.javalin.util.JavalinBindException when the server cannot listen on its host and
     *     port; a port in use is found before the store is opened, so nothing is seeded or made
     */
    static LocalApp start(ServerSettings settings, Clock clock) {
        return start(settings, clock, () -> EmbeddedBackend.open(settings.dataDir(), clock, settings.retention()));
    }

    /** Starts on the backend that {@code openBackend} opens (the embedded store, or the AWS adapters). */
    static LocalApp start(ServerSettings settings, Clock clock, java.util.function.Supplier<Backend> openBackend) {
        ListeningPort.checkFree(settings.host(), settings.port());
        Deque<AutoCloseable> running = new ArrayDeque<>();
        try {
            Backend storage = openBackend.get();
            running.push(storage);
            ServerMetrics metrics = new ServerMetrics(clock);
            storage.observeCommits(metrics::committed);
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
                        .forEach(client -> madeSecrets.add(new MadeCredentials.Secret(
                                client.clientId(),
                                client.active(),
                                registration.newSecrets().get(client.clientId()))));
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
            JettyConnectionGateway gateway = new JettyConnectionGateway(
                    JettyConnectionGateway.DEFAULT_QUEUE_CAPACITY, JettyConnectionGateway.DEFAULT_ATTACH_TIMEOUT);
            running.push(gateway);
            metrics.gauge(
                    "sportsfeeds.websocket.connections",
                    "Open WebSocket connections",
                    gateway,
                    JettyConnectionGateway::connections);
            metrics.gauge(
                    "sportsfeeds.websocket.queue.deepest",
                    "The most frames queued for one connection",
                    gateway,
                    JettyConnectionGateway::deepestQueue);
            metrics.counter(
                    "sportsfeeds.websocket.conflations",
                    "Queued frames dropped for a newer one of their game and market",
                    gateway,
                    JettyConnectionGateway::conflations);
            metrics.counter(
                    "sportsfeeds.websocket.slow.consumers",
                    "Connections closed for falling too far behind (queue full, or a write stuck)",
                    gateway,
                    JettyConnectionGateway::slowConsumersClosed);

            DeliveryOrder order = new DeliveryOrder();
            PushedMessages updates = new PushedMessages();
            ProtocolMessages messages = new ProtocolMessages();
            ManageConnections manage = new ManageConnections(
                    storage.clientRegistry(), connections, clock, ManageConnections.DEFAULT_IDLE_EXPIRY);
            WebSocketSessions sessions = new WebSocketSessions(
                    manage, auth, new ManageSubscriptions(odds, connections, gateway, updates, messages, order));
            PublishChanges publish = new PublishChanges(
                    odds, LocalConnections.newPublishedSeqs(), connections, gateway, updates, clock, order);
            NotifyStaleGames stale =
                    new NotifyStaleGames(connections, gateway, messages, clock, settings.staleAfter(), order);

            running.push(storage.changeStream().follow(new PublishFailures(publish, stale, metrics)::publish));
            WebSocketEndpoint webSockets = new WebSocketEndpoint(sessions, gateway);
            running.push(Timers.start(
                    settings,
                    clock,
                    manage,
                    stale,
                    gateway,
                    webSockets,
                    () -> messages.heartbeat(odds.epoch(), clock.instant())));
            Javalin server =
                    WebServer.create(api, webSockets, metrics, settings).start();
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
                RuntimeException unchecked =
                        e instanceof RuntimeException r ? r : new IllegalStateException("stopping failed", e);
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
