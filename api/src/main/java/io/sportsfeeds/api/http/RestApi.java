package io.sportsfeeds.api.http;

import io.sportsfeeds.api.auth.RequestCredentials;
import io.sportsfeeds.api.json.Json;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.FieldError;
import io.sportsfeeds.core.domain.HistoryPage;
import io.sportsfeeds.core.domain.HistoryQuery;
import io.sportsfeeds.core.domain.InvalidInputException;
import io.sportsfeeds.core.domain.Rules;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.usecase.AuthenticateCallers;
import io.sportsfeeds.core.usecase.IngestFeeds;
import io.sportsfeeds.core.usecase.ReadOdds;
import io.sportsfeeds.core.usecase.RegisterClients;
import io.sportsfeeds.core.usecase.RegisterGames;
import io.sportsfeeds.core.usecase.RegistrationConflictException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The REST API of sportsfeeds, independent of any HTTP server: a request in, a response out. The
 * local server and the Lambda handlers translate to and from it and add nothing.
 *
 * <ul>
 *   <li>{@code PUT|POST /feeds} {@code {"odds":[..]}}: ingest a provider batch
 *   <li>{@code GET /feeds?game=ID[&market=M]}: the latest odds of each market (the seed's read)
 *   <li>{@code GET /games/{id}/odds?market=&from=&to=&limit=&afterSeq=}: odds history in seq order, paged by
 *       {@code afterSeq}
 *   <li>{@code PUT /games} {@code {"games":[..]}}, {@code GET /games?date=YYYY-MM-DD} or {@code ?from=&to=}
 *   <li>{@code PUT /clients} {@code {"clients":[..]}}, {@code GET /clients}
 * </ul>
 *
 * <p>Who may call what ({@link RestOperations} names the roles of each operation; {@link
 * AuthenticateCallers} decides, from the headers of {@link RequestCredentials}): ingest takes a provider key; registering games and clients and listing
 * clients an admin key; reading odds and games any of those, or an analysts' client's id and
 * secret (the analysts' page reads with its client's credentials). A route is found before its
 * caller is checked, so an unknown path is a 404 whoever asks. A request that changes data is
 * refused when a browser sent it for a page of another origin ({@link CrossSiteWrites}).
 *
 * <p>Every failure is a JSON error body (see {@link ApiError}) with a stable code: 400
 * {@code invalid_request}, 401 {@code missing_credentials}, 403 {@code invalid_api_key}, {@code
 * invalid_secret}, {@code unknown_client}, {@code inactive_client} or {@code forbidden}, 404
 * {@code not_found}, 405 {@code method_not_allowed} (with {@code Allow}), 409 {@code conflict}
 * ({@code PUT /clients}), 413 {@code too_large},
 * 503 {@code store_unavailable}, 500 {@code internal_error}.
 * What the use cases throw is mapped by {@link ApiError#logged}, as the WebSocket sessions map it.
 * {@link #handle} never throws.
 */
public final class RestApi {
    /** The largest request body accepted unless told otherwise: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** How many history entries a history read returns unless asked for fewer or more. */
    public static final int DEFAULT_HISTORY_LIMIT = 1_000;
    /** The history's cursor: only updates with a higher seq. */
    private static final String AFTER_SEQ = "afterSeq";

    private final IngestFeeds ingestFeeds;
    private final ReadOdds readOdds;
    private final RegisterGames registerGames;
    private final RegisterClients registerClients;
    private final AuthenticateCallers auth;
    private final int maxBodyBytes;
    private final List<Route> routes;

    public RestApi(
            IngestFeeds ingestFeeds,
            ReadOdds readOdds,
            RegisterGames registerGames,
            RegisterClients registerClients,
            AuthenticateCallers auth) {
        this(ingestFeeds, readOdds, registerGames, registerClients, auth, DEFAULT_MAX_BODY_BYTES);
    }

    /**
     * @param auth who may call what; {@link AuthenticateCallers#off()} lets anyone call anything
     * @param maxBodyBytes the largest request body accepted; a larger one is refused with 413 {@code
     *     too_large} before it is parsed
     */
    public RestApi(
            IngestFeeds ingestFeeds,
            ReadOdds readOdds,
            RegisterGames registerGames,
            RegisterClients registerClients,
            AuthenticateCallers auth,
            int maxBodyBytes) {
        this.ingestFeeds = Objects.requireNonNull(ingestFeeds, "ingestFeeds");
        this.readOdds = Objects.requireNonNull(readOdds, "readOdds");
        this.registerGames = Objects.requireNonNull(registerGames, "registerGames");
        this.registerClients = Objects.requireNonNull(registerClients, "registerClients");
        this.auth = Objects.requireNonNull(auth, "auth");
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException(
                    "maxBodyBytes " + Rules.mustBe("at least 1", Rules.describe(maxBodyBytes)));
        }
        this.maxBodyBytes = maxBodyBytes;
        this.routes = routes(Map.of(
                RestOperations.LATEST_ODDS, this::latestOdds,
                RestOperations.INGEST_PUT, this::ingest,
                RestOperations.INGEST_POST, this::ingest,
                RestOperations.HISTORY, this::history,
                RestOperations.LIST_GAMES, this::listGames,
                RestOperations.PUT_GAMES, this::putGames,
                RestOperations.LIST_CLIENTS, this::listClients,
                RestOperations.PUT_CLIENTS, this::putClients));
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
            return ApiError.logged(failure, request.method() + " " + request.path())
                    .response();
        }
    }

    /** One route per path of {@link RestOperations#ALL}, each method answered for the roles the table names. */
    private static List<Route> routes(Map<RestOperations.Operation, Route.Handler> handlers) {
        if (!handlers.keySet().equals(Set.copyOf(RestOperations.ALL))) {
            throw new IllegalStateException("every operation of RestOperations.ALL needs exactly one handler");
        }
        Map<String, Route> byPath = new LinkedHashMap<>();
        for (RestOperations.Operation operation : RestOperations.ALL) {
            byPath.computeIfAbsent(operation.path(), Route::new)
                    .on(operation.method(), operation.roles(), operation.queryParams(), handlers.get(operation));
        }
        return List.copyOf(byPath.values());
    }

    private HttpResponse route(HttpRequest request) {
        for (Route route : routes) {
            Optional<List<String>> params = route.match(request.path());
            if (params.isPresent()) {
                return route.handler(request.method())
                        .map(endpoint -> {
                            Optional<HttpResponse> crossSite = CrossSiteWrites.refusal(request);
                            if (crossSite.isPresent()) {
                                return crossSite.get();
                            }
                            auth.authorize(
                                    RequestCredentials.ofHeaders(request),
                                    endpoint.allowed(),
                                    request.method() + " " + request.path());
                            refuseUnknownParameters(request, endpoint.queryParams());
                            return endpoint.handler().handle(request, params.get());
                        })
                        .orElseGet(() -> ErrorResponses.of(
                                        405,
                                        ErrorResponses.METHOD_NOT_ALLOWED,
                                        request.method() + " is not allowed on " + request.path() + "; allowed: "
                                                + route.allowed())
                                .withHeader("Allow", route.allowed()));
            }
        }
        return ErrorResponses.of(
                404, ErrorResponses.NOT_FOUND, "no route for " + request.method() + " " + request.path());
    }

    /**
     * Refuses a query parameter the operation does not read, naming it (the first in alphabetical
     * order, so the answer does not depend on how the request was parsed) and what it does read. A
     * nameless one ({@code ?game=g&}, a trailing {@code &}) says nothing and is let pass.
     */
    private static void refuseUnknownParameters(HttpRequest request, List<String> known) {
        request.query().keySet().stream()
                .filter(name -> !name.isEmpty() && !known.contains(name))
                .sorted()
                .findFirst()
                .ifPresent(unknown -> {
                    throw InvalidInputException.of(
                            unknown,
                            "is not a parameter of " + request.method() + " " + request.path()
                                    + (known.isEmpty()
                                            ? ", which takes none"
                                            : "; it takes " + String.join(", ", known)));
                });
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

    /**
     * A page of history. {@code next} is written only when the caller asked with {@code afterSeq}
     * (0 for the first page): a request without it gets the original {@code {"gameId","odds"}}
     * body, byte for byte.
     */
    private HttpResponse history(HttpRequest request, List<String> pathParams) {
        QueryParams query = new QueryParams(request);
        String gameId = pathParams.get(0);
        HistoryQuery historyQuery = new HistoryQuery(
                gameId,
                query.text("market"),
                query.epochMillis("from", 0),
                query.epochMillis("to", Long.MAX_VALUE),
                query.integer("limit", 1, HistoryQuery.MAX_LIMIT, DEFAULT_HISTORY_LIMIT),
                query.number(AFTER_SEQ, 0, Long.MAX_VALUE, 0));
        HistoryPage page = readOdds.history(historyQuery);
        if (!query.has(AFTER_SEQ)) {
            return HttpResponse.json(200, Bodies.odds(gameId, page.changes()));
        }
        return HttpResponse.json(200, Bodies.history(gameId, page));
    }

    private HttpResponse putGames(HttpRequest request, List<String> pathParams) {
        return HttpResponse.json(
                200, Bodies.stored(registerGames.register(jsonBody(request)).size()));
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
        RegisterClients.Registration registration;
        try {
            registration = registerClients.register(jsonBody(request));
        } catch (RegistrationConflictException conflict) {
            // Answered here rather than by ApiError: the body carries the secrets made for the clients stored.
            return HttpResponse.json(409, Bodies.registrationConflict(conflict));
        } catch (StoreUnavailableException unavailable) {
            // Not "nothing was acknowledged", as for the other writes: some clients may be stored.
            ApiError logged = ApiError.logged(unavailable, "PUT /clients");
            return new ApiError(logged.status(), logged.code(), ApiError.CLIENTS_STORE_UNAVAILABLE_MESSAGE, List.of())
                    .response();
        }
        return HttpResponse.json(
                200, Bodies.storedClients(registration.clients().size(), registration.newSecrets()));
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
