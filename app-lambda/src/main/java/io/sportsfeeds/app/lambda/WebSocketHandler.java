package io.sportsfeeds.app.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import io.sportsfeeds.api.auth.RequestCredentials;
import io.sportsfeeds.api.ws.Handshake;
import io.sportsfeeds.api.ws.Subprotocols;
import io.sportsfeeds.api.ws.WebSocketSessions;
import io.sportsfeeds.core.port.ConnectionGateway;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The WebSocket API's routes, one handler for all: {@code $connect} (refuses unknown, inactive or
 * malformed clients with the status and JSON body app-local answers), {@code $disconnect}, and
 * {@code $default} for the client messages of the streaming protocol ({@code docs/PROTOCOL.md}).
 * Replies to a message are posted to the connection through the Management API, the way every
 * frame reaches it; the route answers 200.
 */
public final class WebSocketHandler
        implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
    /** The {@code Function} dimension of its metrics. */
    static final String FUNCTION = "websocket";

    private final WebSocketSessions sessions;
    private final ConnectionGateway gateway;
    private final Telemetry telemetry;

    /** Builds its collaborators once, from the function's environment ({@link LambdaWiring}). */
    public WebSocketHandler() {
        this(LambdaWiring.fromEnvironment(System.getenv()), Telemetry.standard(FUNCTION, System.getenv()));
    }

    WebSocketHandler(LambdaWiring wiring, Telemetry telemetry) {
        this(wiring.webSocketSessions(), wiring.gateway(), telemetry);
    }

    /** Logs and metrics on standard output. */
    public WebSocketHandler(WebSocketSessions sessions, ConnectionGateway gateway) {
        this(sessions, gateway, Telemetry.standard(FUNCTION, Map.of()));
    }

    WebSocketHandler(WebSocketSessions sessions, ConnectionGateway gateway, Telemetry telemetry) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
    }

    /**
     * Answers the route, and logs one line for it with the connection id: the route and status, on
     * {@code $connect} the client id (never the query's secret), never a message's body.
     */
    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        APIGatewayV2WebSocketEvent.RequestContext request = event.getRequestContext();
        String connectionId = request.getConnectionId();
        telemetry.begin(context, connectionId);
        try {
            String route = request.getRouteKey();
            return switch (route) {
                case "$connect" -> connect(event, connectionId);
                case "$disconnect" -> {
                    sessions.onDisconnect(connectionId);
                    telemetry.count("Disconnections", 1);
                    telemetry.info("disconnected", Telemetry.fields("route", route, "status", 200));
                    yield response(200, "");
                }
                default -> message(event, connectionId, route);
            };
        } finally {
            telemetry.end();
        }
    }

    private APIGatewayV2WebSocketResponse connect(APIGatewayV2WebSocketEvent event, String connectionId) {
        Map<String, List<String>> query =
                ApiGatewayEvents.query(event.getMultiValueQueryStringParameters(), event.getQueryStringParameters());
        Handshake handshake = sessions.onConnect(connectionId, query, subprotocols(event));
        String client =
                query.getOrDefault("client", List.of()).stream().findFirst().orElse(null);
        if (handshake.accepted()) {
            telemetry.count("Connections", 1);
            telemetry.info("connected", Telemetry.fields("route", "$connect", "status", 200, "clientId", client));
            APIGatewayV2WebSocketResponse accepted = response(200, "");
            if (handshake.subprotocol() != null) {
                // API Gateway passes this header of a $connect answer on to the client's 101.
                accepted.setHeaders(Map.of(RequestCredentials.SUBPROTOCOLS_HEADER, handshake.subprotocol()));
            }
            return accepted;
        }
        telemetry.count("RefusedConnections", 1);
        telemetry.info(
                "connection refused",
                Telemetry.fields("route", "$connect", "status", handshake.status(), "clientId", client));
        return response(handshake.status(), handshake.body());
    }

    private APIGatewayV2WebSocketResponse message(APIGatewayV2WebSocketEvent event, String connectionId, String route) {
        List<String> replies = event.isIsBase64Encoded()
                ? sessions.onBinaryMessage(connectionId, Base64.getDecoder().decode(event.getBody()).length)
                : sessions.onMessage(connectionId, event.getBody() == null ? "" : event.getBody());
        telemetry.count("Messages", 1);
        long pushed = 0;
        boolean gone = false;
        if (!replies.isEmpty()) {
            ConnectionGateway.Report report = gateway.send(replies.stream()
                    .map(reply -> new ConnectionGateway.Push(reply, List.of(connectionId)))
                    .toList());
            pushed = report.delivered();
            gone = report.gone().contains(connectionId);
            if (gone) {
                // Its $disconnect may never come: forget it now, as the publisher does with gone connections.
                sessions.onDisconnect(connectionId);
                telemetry.count("GoneConnections", 1);
            }
        }
        telemetry.count("Pushed", pushed);
        telemetry.info(
                "message",
                Telemetry.fields(
                        "route", route, "status", 200, "replies", replies.size(), "pushed", pushed, "gone", gone));
        return response(200, "");
    }

    /** The subprotocols the upgrade offers, in order, from every {@code Sec-WebSocket-Protocol} value. */
    private static List<String> subprotocols(APIGatewayV2WebSocketEvent event) {
        return Subprotocols.parse(ApiGatewayEvents.headers(event.getMultiValueHeaders(), event.getHeaders())
                .get(RequestCredentials.SUBPROTOCOLS_HEADER));
    }

    private static APIGatewayV2WebSocketResponse response(int status, String body) {
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(status);
        response.setBody(body);
        response.setIsBase64Encoded(false);
        if (!body.isEmpty()) {
            response.setHeaders(Map.of("Content-Type", "application/json"));
        }
        return response;
    }
}
