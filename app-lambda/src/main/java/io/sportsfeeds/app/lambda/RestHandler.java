package io.sportsfeeds.app.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.sportsfeeds.api.http.HttpRequest;
import io.sportsfeeds.api.http.HttpResponse;
import io.sportsfeeds.api.http.RestApi;
import io.sportsfeeds.api.http.RestOperations;
import io.sportsfeeds.core.domain.Role;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The REST API behind API Gateway (REST API, Lambda proxy integration): translates the proxy event
 * into the {@code api} module's {@link HttpRequest}, lets {@link RestApi} answer it, and copies
 * the {@link HttpResponse} out. The routes, statuses and JSON bodies are app-local's, from the
 * same code.
 *
 * <p>Who checks what: API Gateway checks the provider's API key (API keys and a usage plan, which
 * also throttles) on the operations of {@link #KEY_CHECKED_BY_GATEWAY}; those are answered by a
 * {@link RestApi} that checks nothing more. Every other operation (registering games and clients,
 * listing clients) reaches the function unchecked by API Gateway, and is answered by a {@link
 * RestApi} that checks the admin key itself. Analysts' clients read through the WebSocket API.
 */
public final class RestHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    /**
     * The operations ({@code METHOD resource}, the resource as API Gateway names it) on which API
     * Gateway requires the provider's API key: those a provider may call, from the api module's one
     * route table, which infra-cdk's stack reads too.
     */
    public static final Set<String> KEY_CHECKED_BY_GATEWAY = RestOperations.callableBy(Role.PROVIDER);

    /**
     * The two answerers.
     *
     * @param keyCheckedByGateway answers {@link #KEY_CHECKED_BY_GATEWAY}: its caller's key was checked
     * @param checkedHere answers every other operation, checking the caller itself
     */
    public record Apis(RestApi keyCheckedByGateway, RestApi checkedHere) {
        public Apis {
            Objects.requireNonNull(keyCheckedByGateway, "keyCheckedByGateway");
            Objects.requireNonNull(checkedHere, "checkedHere");
        }
    }

    /** The {@code Function} dimension of its metrics. */
    static final String FUNCTION = "rest";

    private final Apis apis;
    private final Telemetry telemetry;

    /** Builds its collaborators once, from the function's environment ({@link LambdaWiring}). */
    public RestHandler() {
        this(LambdaWiring.fromEnvironment(System.getenv()), Telemetry.standard(FUNCTION, System.getenv()));
    }

    RestHandler(LambdaWiring wiring, Telemetry telemetry) {
        this(wiring.restApis(telemetry), telemetry);
    }

    /** Logs and metrics on standard output. */
    public RestHandler(Apis apis) {
        this(apis, Telemetry.standard(FUNCTION, Map.of()));
    }

    RestHandler(Apis apis, Telemetry telemetry) {
        this.apis = Objects.requireNonNull(apis, "apis");
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
    }

    /**
     * Answers the request, and logs one line for it: method, resource, status (never its headers,
     * query or body, which carry keys and secrets).
     */
    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        telemetry.begin(context, null);
        try {
            HttpRequest request = request(event);
            RestApi api = KEY_CHECKED_BY_GATEWAY.contains(request.method() + " " + event.getResource())
                    ? apis.keyCheckedByGateway()
                    : apis.checkedHere();
            HttpResponse response = api.handle(request);
            Map<String, Object> fields = Telemetry.fields(
                    "method", request.method(), "resource", event.getResource(), "status", response.status());
            if (response.status() >= 500) {
                telemetry.warn("request failed", fields);
            } else {
                telemetry.info("request", fields);
            }
            return response(response);
        } finally {
            telemetry.end();
        }
    }

    static HttpRequest request(APIGatewayProxyRequestEvent event) {
        String body = event.getBody();
        byte[] bytes;
        if (body == null) {
            bytes = new byte[0];
        } else if (Boolean.TRUE.equals(event.getIsBase64Encoded())) {
            bytes = Base64.getDecoder().decode(body);
        } else {
            bytes = body.getBytes(StandardCharsets.UTF_8);
        }
        Map<String, String> headers = ApiGatewayEvents.headers(event.getMultiValueHeaders(), event.getHeaders());
        if (!headers.containsKey("content-length")) {
            // The whole body is here, so its size is known: a 413 then says how large it was.
            headers.put("content-length", String.valueOf(bytes.length));
        }
        return new HttpRequest(
                event.getHttpMethod(),
                event.getPath(),
                ApiGatewayEvents.query(event.getMultiValueQueryStringParameters(), event.getQueryStringParameters()),
                headers,
                bytes);
    }

    private static APIGatewayProxyResponseEvent response(HttpResponse response) {
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(response.status())
                .withHeaders(response.headers())
                .withBody(response.bodyText())
                .withIsBase64Encoded(false);
    }
}
