package io.sportsfeeds.app.local;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.websocket.WsContext;
import io.sportsfeeds.api.http.ErrorResponses;
import io.sportsfeeds.api.http.HttpRequest;
import io.sportsfeeds.api.http.HttpResponse;
import io.sportsfeeds.api.http.RestApi;
import io.sportsfeeds.api.ws.Handshake;
import io.sportsfeeds.api.ws.WebSocketSessions;
import io.sportsfeeds.core.domain.FieldError;
import io.sportsfeeds.core.domain.InvalidInputException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.session.NullSessionCache;
import org.eclipse.jetty.session.NullSessionDataStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Javalin server: it translates HTTP requests to {@link RestApi} and WebSocket events to
 * {@link WebSocketSessions} and adds nothing of its own, so the Lambda handlers behave the same.
 */
final class WebServer {
  static final String WEBSOCKET_PATH = "/ws";
  /** API Gateway closes idle WebSockets after 10 minutes; the local server behaves alike. */
  static final Duration WEBSOCKET_IDLE_TIMEOUT = Duration.ofMinutes(10);

  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
  private static final String CONNECTION_ID = "sportsfeeds.connectionId";
  static final String PERMESSAGE_DEFLATE = "permessage-deflate";

  private WebServer() {}

  /**
   * An unstarted server on {@code host:port} (port 0 picks a free one; {@link Javalin#port()} tells
   * which after start).
   */
  static Javalin create(
      RestApi api, WebSocketSessions sessions, JettyConnectionGateway gateway, String host, int port) {
    return Javalin.create(
        config -> {
          config.jetty.host = host;
          config.jetty.port = port;
          config.concurrency.useVirtualThreads = true;
          config.startup.showJavalinBanner = false;
          // Bodies are read here with RestApi's limit; Javalin's own limit only backs it up.
          config.http.maxRequestSize = api.maxBodyBytes() + 1L;
          config.jetty.modifyWebSocketServletFactory(
              factory -> {
                factory.setIdleTimeout(WEBSOCKET_IDLE_TIMEOUT);
                // Pushed frames are a few hundred bytes: compressing them saves little, while each
                // connection that used permessage-deflate keeps ~100 KiB of zlib state (outside the
                // heap) for its whole life. Browsers offer it by default, so the server declines it.
                factory.getAvailableExtensionNames().remove(PERMESSAGE_DEFLATE);
              });
          config.jetty.modifyServer(server -> server.setErrorHandler(JsonErrorHandlers.server()));
          config.jetty.modifyServletContextHandler(
              context -> {
                context.setErrorHandler(JsonErrorHandlers.servletContext());
                // Javalin opens an HTTP session for every WebSocket upgrade, and Jetty keeps
                // sessions forever by default. Nothing here uses sessions: keep none.
                SessionHandler httpSessions = context.getSessionHandler();
                NullSessionCache keepNone = new NullSessionCache(httpSessions);
                keepNone.setSessionDataStore(new NullSessionDataStore());
                httpSessions.setSessionCache(keepNone);
              });

          // Every method on every path goes to RestApi, so that its 404 and 405 answer, as JSON.
          for (HandlerType method : HandlerType.values()) {
            if (method.isHttpMethod()) {
              config.routes.addHttpHandler(method, "/*", ctx -> serve(api, ctx));
              config.routes.addHttpHandler(method, "/", ctx -> serve(api, ctx));
            }
          }
          config.routes.exception(
              HttpResponseException.class,
              (e, ctx) -> {
                if (e.getStatus() == 404) {
                  // Every standard method is routed above, so this is one Javalin does not know
                  // (FOO /feeds): RestApi answers it, 405 with Allow on a known path.
                  try {
                    serve(api, ctx);
                  } catch (IOException | RuntimeException failed) {
                    write(ctx, failure(ctx, failed));
                  }
                } else {
                  write(ctx, javalinError(e));
                }
              });
          config.routes.exception(
              Exception.class,
              (e, ctx) -> {
                // An upgrade that failed after its handshake was accepted leaves no socket behind.
                disconnect(sessions, gateway, ctx.attribute(CONNECTION_ID));
                write(ctx, failure(ctx, e));
              });

          config.routes.wsBeforeUpgrade(WEBSOCKET_PATH, ctx -> handshake(sessions, gateway, ctx));
          config.routes.ws(
              WEBSOCKET_PATH,
              ws -> {
                ws.onConnect(ctx -> gateway.attach(connectionId(ctx), gateway.peer(ctx.session)));
                ws.onMessage(
                    ctx -> {
                      String id = connectionId(ctx);
                      for (String reply : sessions.onMessage(id, ctx.message())) {
                        gateway.send(id, reply);
                      }
                    });
                ws.onBinaryMessage(
                    ctx -> {
                      String id = connectionId(ctx);
                      for (String reply : sessions.onBinaryMessage(id, ctx.data().remaining())) {
                        gateway.send(id, reply);
                      }
                    });
                // onClose is not guaranteed after a failure, so both clean up (twice is harmless).
                ws.onClose(ctx -> disconnect(sessions, gateway, connectionId(ctx)));
                ws.onError(
                    ctx -> {
                      LOG.debug("WebSocket connection {} failed", connectionId(ctx), ctx.error());
                      disconnect(sessions, gateway, connectionId(ctx));
                    });
              });
        });
  }

  private static void serve(RestApi api, Context ctx) throws IOException {
    Map<String, List<String>> query;
    try {
      query = QueryStrings.decode(ctx.queryString());
    } catch (InvalidInputException malformed) {
      write(ctx, ErrorResponses.of(400, ErrorResponses.INVALID_REQUEST, malformed.getMessage(), malformed.errors()));
      return;
    }
    HttpRequest request = new HttpRequest(ctx.req().getMethod(), ctx.path(), query, ctx.headerMap(), body(ctx, api.maxBodyBytes()));
    write(ctx, api.handle(request));
  }

  /** Reads at most one byte past the limit: enough for RestApi to refuse the body, never more. */
  private static byte[] body(Context ctx, int maxBodyBytes) throws IOException {
    try (InputStream in = ctx.req().getInputStream()) {
      return in.readNBytes((int) Math.min(Integer.MAX_VALUE, maxBodyBytes + 1L));
    }
  }

  private static void write(Context ctx, HttpResponse response) {
    ctx.status(response.status());
    response.headers().forEach(ctx::header);
    ctx.result(response.body());
  }

  /**
   * What a request that failed outside {@link RestApi} gets. A broken request (a bad chunk, a body
   * cut short, an upgrade Jetty refused) is the client's doing: its status, at debug level. Anything
   * else is ours: 500, logged with its stack.
   */
  private static HttpResponse failure(Context ctx, Exception e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      // First: Jetty's early EOF is an HttpException too, but this says more.
      if (cause instanceof EOFException) {
        LOG.debug("the body of {} {} ended early", ctx.method(), ctx.path());
        return ErrorResponses.of(
            400,
            ErrorResponses.INVALID_REQUEST,
            "the request body ended before its declared length",
            List.of(new FieldError("body", "ended before its declared length")));
      }
      if (cause instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
        LOG.debug("refused {} {}: {}", ctx.method(), ctx.path(), cause.toString());
        return ErrorResponses.of(
            http.getCode(), ErrorResponses.INVALID_REQUEST, "the request is malformed: " + reasonOf(cause));
      }
    }
    LOG.error("unexpected failure of {} {}", ctx.method(), ctx.path(), e);
    return ErrorResponses.of(500, ErrorResponses.INTERNAL_ERROR, "the server failed to handle the request; the failure was logged");
  }

  private static String reasonOf(Throwable cause) {
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }

  /** Javalin's own refusals (say, of a body too large for it) in the same JSON shape as RestApi's. */
  private static HttpResponse javalinError(HttpResponseException e) {
    String code =
        switch (e.getStatus()) {
          case 400 -> ErrorResponses.INVALID_REQUEST;
          case 404 -> ErrorResponses.NOT_FOUND;
          case 405 -> ErrorResponses.METHOD_NOT_ALLOWED;
          case 413 -> ErrorResponses.TOO_LARGE;
          case 503 -> ErrorResponses.STORE_UNAVAILABLE;
          default -> e.getStatus() >= 500 ? ErrorResponses.INTERNAL_ERROR : ErrorResponses.INVALID_REQUEST;
        };
    return ErrorResponses.of(e.getStatus(), code, e.getMessage());
  }

  /**
   * Decides the upgrade before the 101 is sent: a refused client gets the status and JSON body
   * of {@link WebSocketSessions#onConnect} and no socket. The connection is reserved in the
   * gateway first, so that updates published while the upgrade completes wait for it.
   */
  private static void handshake(WebSocketSessions sessions, JettyConnectionGateway gateway, Context ctx)
      throws IOException {
    Optional<HttpResponse> malformed = malformedUpgrade(ctx);
    if (malformed.isPresent()) {
      refuseUpgrade(ctx, malformed.get());
      return;
    }
    String id = UUID.randomUUID().toString();
    // A client that drops before its socket opens gets no close event: the gateway's deadline forgets it.
    gateway.reserve(id, () -> sessions.onDisconnect(id));
    Handshake handshake = sessions.onConnect(id, ctx.queryParamMap());
    if (handshake.accepted()) {
      ctx.attribute(CONNECTION_ID, id);
      return;
    }
    gateway.release(id);
    refuseUpgrade(ctx, HttpResponse.json(handshake.status(), handshake.body().getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Checks what Jetty would refuse only after the handshake was accepted and the connection
   * registered (RFC 6455 section 4.2.1), so such a request registers nothing.
   */
  private static Optional<HttpResponse> malformedUpgrade(Context ctx) {
    if (!ctx.method().name().equals("GET")) {
      return Optional.of(
          ErrorResponses.of(405, ErrorResponses.METHOD_NOT_ALLOWED, "a WebSocket upgrade must be a GET, was " + ctx.method().name())
              .withHeader("Allow", "GET"));
    }
    String version = ctx.header("Sec-WebSocket-Version");
    if (!"13".equals(version == null ? null : version.strip())) {
      return Optional.of(
          ErrorResponses.of(
                  426,
                  ErrorResponses.INVALID_REQUEST,
                  "this server speaks WebSocket version 13",
                  List.of(new FieldError("Sec-WebSocket-Version", "must be 13, was " + version)))
              .withHeader("Sec-WebSocket-Version", "13"));
    }
    String key = ctx.header("Sec-WebSocket-Key");
    if (key == null || key.isBlank()) {
      return Optional.of(
          ErrorResponses.of(
              400,
              ErrorResponses.INVALID_REQUEST,
              "Sec-WebSocket-Key is required",
              List.of(new FieldError("Sec-WebSocket-Key", "is required"))));
    }
    return Optional.empty();
  }

  /** Answers the upgrade request with {@code response} and no socket. */
  private static void refuseUpgrade(Context ctx, HttpResponse response) throws IOException {
    ctx.skipRemainingHandlers(); // the upgrade itself is one of the remaining handlers
    ctx.res().setStatus(response.status());
    response.headers().forEach(ctx.res()::setHeader);
    ctx.res().getOutputStream().write(response.body());
    ctx.res().flushBuffer();
  }

  private static String connectionId(WsContext ctx) {
    return ctx.attribute(CONNECTION_ID);
  }

  private static void disconnect(WebSocketSessions sessions, JettyConnectionGateway gateway, String connectionId) {
    if (connectionId == null) {
      return;
    }
    gateway.release(connectionId);
    sessions.onDisconnect(connectionId);
  }
}
