package io.sportsfeeds.api.http;

import io.sportsfeeds.api.json.Json;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.FieldError;
import io.sportsfeeds.core.domain.HistoryQuery;
import io.sportsfeeds.core.domain.InvalidInputException;
import io.sportsfeeds.core.domain.Rules;
import io.sportsfeeds.core.usecase.IngestFeeds;
import io.sportsfeeds.core.usecase.ReadOdds;
import io.sportsfeeds.core.usecase.RegisterClients;
import io.sportsfeeds.core.usecase.RegisterGames;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The REST API of sportsfeeds, independent of any HTTP server: a request in, a response out. The
 * local server and the Lambda handlers translate to and from it and add nothing.
 *
 * <ul>
 *   <li>{@code PUT|POST /feeds} {@code {"odds":[..]}}: ingest a provider batch
 *   <li>{@code GET /feeds?game=ID[&market=M]}: the latest odds of each market (the seed's read)
 *   <li>{@code GET /games/{id}/odds?market=&from=&to=&limit=}: odds history, oldest first
 *   <li>{@code PUT /games} {@code {"games":[..]}}, {@code GET /games?date=YYYY-MM-DD} or {@code ?from=&to=}
 *   <li>{@code PUT /clients} {@code {"clients":[..]}}, {@code GET /clients}
 * </ul>
 *
 * <p>Every failure is a JSON error body (see {@link ApiError}) with a stable code: 400
 * {@code invalid_request}, 404 {@code not_found}, 405 {@code method_not_allowed} (with {@code
 * Allow}), 413 {@code too_large}, 503 {@code store_unavailable}, 500 {@code internal_error}.
 * What the use cases throw is mapped by {@link ApiError#logged}, as the WebSocket sessions map it.
 * {@link #handle} never throws.
 */
public final class RestApi {
  /** The largest request body accepted unless told otherwise: 1 MiB. */
  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  /** How many history entries a history read returns unless asked for fewer or more. */
  public static final int DEFAULT_HISTORY_LIMIT = 1_000;

  private final IngestFeeds ingestFeeds;
  private final ReadOdds readOdds;
  private final RegisterGames registerGames;
  private final RegisterClients registerClients;
  private final int maxBodyBytes;
  private final List<Route> routes;

  public RestApi(
      IngestFeeds ingestFeeds, ReadOdds readOdds, RegisterGames registerGames, RegisterClients registerClients) {
    this(ingestFeeds, readOdds, registerGames, registerClients, DEFAULT_MAX_BODY_BYTES);
  }

  /**
   * @param maxBodyBytes the largest request body accepted; a larger one is refused with 413 {@code
   *     too_large} before it is parsed
   */
  public RestApi(
      IngestFeeds ingestFeeds,
      ReadOdds readOdds,
      RegisterGames registerGames,
      RegisterClients registerClients,
      int maxBodyBytes) {
    this.ingestFeeds = Objects.requireNonNull(ingestFeeds, "ingestFeeds");
    this.readOdds = Objects.requireNonNull(readOdds, "readOdds");
    this.registerGames = Objects.requireNonNull(registerGames, "registerGames");
    this.registerClients = Objects.requireNonNull(registerClients, "registerClients");
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes " + Rules.mustBe("at least 1", Rules.describe(maxBodyBytes)));
    }
    this.maxBodyBytes = maxBodyBytes;
    this.routes =
        List.of(
            new Route("/feeds").on("GET", this::latestOdds).on("PUT", this::ingest).on("POST", this::ingest),
            new Route("/games/{id}/odds").on("GET", this::history),
            new Route("/games").on("GET", this::listGames).on("PUT", this::putGames),
            new Route("/clients").on("GET", this::listClients).on("PUT", this::putClients));
  }

  /**
   * The largest body this API accepts. A server may stop reading a body one byte past it: the
   * request is refused either way.
   */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  public HttpResponse handle(HttpRequest request) {
    if (request.body().length > maxBodyBytes) {
      // A server may have stopped reading one byte past the limit; Content-Length tells the real size.
      String actual = request.header("content-length").orElse("more");
      return ErrorResponses.of(
          413,
          ErrorResponses.TOO_LARGE,
          "the request body is larger than " + maxBodyBytes + " bytes",
          List.of(new FieldError("body", Rules.mustBe(Rules.atMost(maxBodyBytes, "bytes"), actual))));
    }
    try {
      return route(request);
    } catch (RuntimeException failure) {
      return ApiError.logged(failure, request.method() + " " + request.path()).response();
    }
  }

  private HttpResponse route(HttpRequest request) {
    for (Route route : routes) {
      Optional<List<String>> params = route.match(request.path());
      if (params.isPresent()) {
        return route
            .handler(request.method())
            .map(handler -> handler.handle(request, params.get()))
            .orElseGet(
                () ->
                    ErrorResponses.of(
                            405,
                            ErrorResponses.METHOD_NOT_ALLOWED,
                            request.method() + " is not allowed on " + request.path() + "; allowed: " + route.allowed())
                        .withHeader("Allow", route.allowed()));
      }
    }
    return ErrorResponses.of(404, ErrorResponses.NOT_FOUND, "no route for " + request.method() + " " + request.path());
  }

  private HttpResponse ingest(HttpRequest request, List<String> pathParams) {
    IngestFeeds.Report report = ingestFeeds.ingest(jsonBody(request));
    return HttpResponse.json(200, Bodies.ingestReport(report));
  }

  private HttpResponse latestOdds(HttpRequest request, List<String> pathParams) {
    QueryParams query = new QueryParams(request);
    String gameId = query.required("game");
    List<CapturedChange> latest = readOdds.latest(gameId, query.text("market"));
    return HttpResponse.json(200, Bodies.odds(gameId, latest));
  }

  private HttpResponse history(HttpRequest request, List<String> pathParams) {
    QueryParams query = new QueryParams(request);
    String gameId = pathParams.get(0);
    HistoryQuery historyQuery =
        new HistoryQuery(
            gameId,
            query.text("market"),
            query.epochMillis("from", 0),
            query.epochMillis("to", Long.MAX_VALUE),
            query.integer("limit", 1, HistoryQuery.MAX_LIMIT, DEFAULT_HISTORY_LIMIT));
    return HttpResponse.json(200, Bodies.odds(gameId, readOdds.history(historyQuery)));
  }

  private HttpResponse putGames(HttpRequest request, List<String> pathParams) {
    return HttpResponse.json(200, Bodies.stored(registerGames.register(jsonBody(request)).size()));
  }

  private HttpResponse listGames(HttpRequest request, List<String> pathParams) {
    QueryParams query = new QueryParams(request);
    Optional<LocalDate> day = query.day("date");
    if (day.isPresent()) {
      if (query.has("from") || query.has("to")) {
        throw InvalidInputException.of("date", "cannot be combined with from or to");
      }
      return HttpResponse.json(200, Bodies.games(registerGames.scheduledOn(day.get())));
    }
    long from = query.epochMillis("from", 0) / 1000;
    long to = query.has("to") ? query.epochMillis("to", 0) / 1000 : Long.MAX_VALUE;
    if (from > to) { // only then: a missing to is Long.MAX_VALUE seconds, beyond any Instant
      Rules.requireFromNotAfterTo(Instant.ofEpochSecond(from), Instant.ofEpochSecond(to));
    }
    return HttpResponse.json(200, Bodies.games(registerGames.between(from, to)));
  }

  private HttpResponse putClients(HttpRequest request, List<String> pathParams) {
    return HttpResponse.json(200, Bodies.stored(registerClients.register(jsonBody(request)).size()));
  }

  private HttpResponse listClients(HttpRequest request, List<String> pathParams) {
    return HttpResponse.json(200, Bodies.clients(registerClients.list()));
  }

  /**
   * The body as a JSON object. The Content-Type is not checked: the original sample's scripts sent
   * JSON under various types, and a body that parses is what matters.
   */
  private Map<String, Object> jsonBody(HttpRequest request) {
    byte[] body = request.body();
    if (body.length == 0) {
      throw InvalidInputException.of("body", "is required");
    }
    return Json.readObject(body, "body");
  }
}
