package io.sportsfeeds.app.local;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.sportsfeeds.api.http.ErrorResponses;
import io.sportsfeeds.api.http.HttpRequest;
import io.sportsfeeds.api.http.HttpResponse;
import io.sportsfeeds.api.http.RestApi;
import io.sportsfeeds.core.domain.InvalidInputException;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.session.NullSessionCache;
import org.eclipse.jetty.session.NullSessionDataStore;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * The Javalin server: it translates HTTP requests to {@link RestApi} and WebSocket events to
 * {@link io.sportsfeeds.api.ws.WebSocketSessions} (through {@link WebSocketEndpoint}), so the
 * Lambda handlers behave the same. What it adds is HTTP's own: framing and timeout errors as JSON,
 * repeated headers joined, the WebSocket path's answers to what is no upgrade, and without
 * authentication the refusal of requests not addressed to this machine ({@link LoopbackHosts}).
 */
final class WebServer {
    static final String WEBSOCKET_PATH = "/ws";
    /**
     * Connections the kernel completes before the server accepts them. Analysts reconnect all at
     * once after a restart or a network blip; the JDK's default (50) would reset most of a burst of
     * thousands. Linux caps it at {@code net.core.somaxconn} (4,096 by default).
     */
    static final int ACCEPT_QUEUE_SIZE = 1_024;

    private static final String STARTED = "sportsfeeds.started";

    private WebServer() {}

    /**
     * An unstarted server on the settings' host and port (port 0 picks a free one; {@link
     * Javalin#port()} tells which after start). A connection whose request line and headers take
     * longer than the head deadline from their first byte is closed ({@link RequestHeadDeadline}); one
     * that sends nothing for the idle timeout is closed too, and a body it left unfinished answered 408.
     */
    static Javalin create(RestApi api, WebSocketEndpoint webSockets, ServerMetrics metrics, ServerSettings settings) {
        return Javalin.create(config -> {
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            // Bodies are read here with RestApi's limit; Javalin's own limit only backs it up.
            config.http.maxRequestSize = api.maxBodyBytes() + 1L;
            config.jetty.modifyServer(server -> {
                server.addEventListener(new LifeCycle.Listener() {
                    @Override
                    public void lifeCycleStarting(LifeCycle starting) {
                        for (Connector connector : server.getConnectors()) {
                            if (connector instanceof ServerConnector listening) {
                                listening.setAcceptQueueSize(ACCEPT_QUEUE_SIZE);
                                listening.setIdleTimeout(settings.idleTimeout().toMillis());
                            }
                        }
                    }
                });
                server.setErrorHandler(JsonErrorHandlers.server());
                server.addBean(new RequestHeadDeadline(server, settings.headDeadline()));
                // In front of the handlers Javalin puts inside the server's (its statistics, then its
                // servlets): PUT /feeds, then WebSocket upgrades, are taken before them.
                server.insertHandler(new WebSocketUpgrades(server, webSockets, metrics));
                server.insertHandler(new IngestHandler(api, metrics));
                if (!settings.auth().enabled()) {
                    server.insertHandler(new LoopbackHosts()); // before every other
                }
            });
            config.jetty.modifyServletContextHandler(context -> {
                context.setErrorHandler(JsonErrorHandlers.servletContext());
                // Javalin opens an HTTP session for every WebSocket request it handles (now only the
                // malformed ones, which it refuses), and Jetty keeps sessions forever by default.
                // Nothing here uses sessions: keep none.
                SessionHandler httpSessions = context.getSessionHandler();
                NullSessionCache keepNone = new NullSessionCache(httpSessions);
                keepNone.setSessionDataStore(new NullSessionDataStore());
                httpSessions.setSessionCache(keepNone);
                httpSessions.setUsingCookies(false); // and no JSESSIONID cookie in the 101
            });

            config.routes.get(
                    ServerMetrics.PATH,
                    ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                            .result(metrics.scrape()));
            config.routes.before(ctx -> ctx.attribute(STARTED, System.nanoTime()));
            config.routes.after(ctx -> {
                Long started = ctx.attribute(STARTED);
                if (started != null && !ctx.path().equals(ServerMetrics.PATH)) {
                    metrics.request(
                            ctx.method().name(), route(ctx.path()), ctx.statusCode(), System.nanoTime() - started);
                }
            });
            // The analysts' page (docs/WEB.md), before the catch-all; a path naming no file gets RestApi's 404.
            WebPage.addRoutes(config.routes, ctx -> serve(api, ctx));
            // Every other method on every path goes to RestApi, so that its 404 and 405 answer, as JSON.
            for (HandlerType method : HandlerType.values()) {
                if (method.isHttpMethod()) {
                    config.routes.addHttpHandler(method, "/*", ctx -> serve(api, ctx));
                    if (!WebPage.servesRoot(method)) {
                        config.routes.addHttpHandler(method, "/", ctx -> serve(api, ctx));
                    }
                }
            }
            config.routes.exception(HttpResponseException.class, (e, ctx) -> {
                if (e.getStatus() == 404) {
                    // Every standard method is routed above, so this is one Javalin does not know
                    // (FOO /feeds): RestApi answers it, 405 with Allow on a known path.
                    try {
                        serve(api, ctx);
                    } catch (RuntimeException failed) {
                        write(ctx, FailureResponses.of(ctx, failed));
                    }
                } else {
                    write(ctx, FailureResponses.ofJavalin(e));
                }
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                write(ctx, FailureResponses.of(ctx, e));
            });

            config.routes.wsBeforeUpgrade(WEBSOCKET_PATH, webSockets::handshake);
            // Well-formed upgrades never get here (WebSocketUpgrades takes them); Javalin hands a
            // malformed one to wsBeforeUpgrade only on a path it has a WebSocket handler for.
            config.routes.ws(WEBSOCKET_PATH, ws -> {});
        });
    }

    /** The route a path belongs to, as a metric tag: a handful of values, never a game id. */
    static String route(String path) {
        if (path.equals("/feeds")) {
            return "/feeds";
        }
        if (path.startsWith("/games/") && path.endsWith("/odds")) {
            return "/games/{id}/odds";
        }
        if (path.equals("/games") || path.equals("/clients") || path.equals(WEBSOCKET_PATH)) {
            return path;
        }
        return "other";
    }

    private static void serve(RestApi api, Context ctx) {
        try {
            write(ctx, answer(api, ctx));
        } catch (IOException unread) {
            // Answered here: Javalin's own mapping, which comes before the routes' exception handlers,
            // gives a body that stopped arriving (an idle timeout) an empty 408 and one cut short an empty 400.
            write(ctx, FailureResponses.of(ctx, unread));
        }
    }

    private static HttpResponse answer(RestApi api, Context ctx) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > api.maxBodyBytes()) {
            // Refused from the declared length, never buffered; read to its end first, or the connection closed.
            if (RequestBodies.drainedBeforeRefusal(declared, api.maxBodyBytes())) {
                RequestBodies.discard(ctx.req().getInputStream(), declared);
            } else {
                ctx.header("Connection", "close");
            }
            return FailureResponses.declaredTooLarge(declared, api.maxBodyBytes());
        }
        Map<String, List<String>> query;
        try {
            query = QueryStrings.decode(ctx.queryString());
        } catch (InvalidInputException malformed) {
            return ErrorResponses.invalid(malformed);
        }
        return api.handle(new HttpRequest(
                ctx.req().getMethod(),
                ctx.path(),
                query,
                headers(ctx),
                RequestBodies.read(ctx.req().getInputStream(), api.maxBodyBytes())));
    }

    /**
     * The headers, a repeated one's values joined with commas (RFC 9110, section 5.3); Javalin's
     * {@code headerMap} keeps only the first, so a second {@code x-api-key} would go unseen.
     */
    private static Map<String, String> headers(Context ctx) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            headers.put(name, String.join(", ", Collections.list(ctx.req().getHeaders(name))));
        }
        return headers;
    }

    private static void write(Context ctx, HttpResponse response) {
        ctx.status(response.status());
        response.headers().forEach(ctx::header);
        ctx.result(response.body());
    }
}
