package io.sportsfeeds.app.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import io.sportsfeeds.api.ws.Handshake;
import io.sportsfeeds.api.ws.WebSocketSessions;
import io.sportsfeeds.core.port.ConnectionGateway;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The WebSocket API's routes, one handler for all: {@code $connect} (refuses unknown, inactive or
 * malformed clients with the status and JSON body app-local answers), {@code $disconnect}, and
 * {@code $default} for the client messages of the streaming protocol ({@code docs/PROTOCOL.md}).
 * Replies to a message are posted to the connection through the Management API, the way every
 * frame reaches it; the route answers 200.
 */
public final class WebSocketHandler
        implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
    private final WebSocketSessions sessions;
    private final ConnectionGateway gateway;

    /** Builds its collaborators once, from the function's environment ({@link LambdaWiring}). */
    public WebSocketHandler() {
        this(LambdaWiring.fromEnvironment(System.getenv()));
    }

    private WebSocketHandler(LambdaWiring wiring) {
        this(wiring.webSocketSessions(), wiring.gateway());
    }

    public WebSocketHandler(WebSocketSessions sessions, ConnectionGateway gateway) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        APIGatewayV2WebSocketEvent.RequestContext request = event.getRequestContext();
        String connectionId = request.getConnectionId();
        return switch (request.getRouteKey()) {
            case "$connect" -> {
                Handshake handshake = sessions.onConnect(connectionId, query(event.getQueryStringParameters()));
                yield handshake.accepted() ? response(200, "") : response(handshake.status(), handshake.body());
            }
            case "$disconnect" -> {
                sessions.onDisconnect(connectionId);
                yield response(200, "");
            }
            default -> {
                List<String> replies = event.isIsBase64Encoded()
                        ? sessions.onBinaryMessage(
                                connectionId, Base64.getDecoder().decode(event.getBody()).length)
                        : sessions.onMessage(connectionId, event.getBody() == null ? "" : event.getBody());
                if (!replies.isEmpty()) {
                    gateway.send(replies.stream()
                            .map(reply -> new ConnectionGateway.Push(reply, List.of(connectionId)))
                            .toList());
                }
                yield response(200, "");
            }
        };
    }

    private static Map<String, List<String>> query(Map<String, String> parameters) {
        return parameters == null
                ? Map.of()
                : parameters.entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, entry -> List.of(entry.getValue())));
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
