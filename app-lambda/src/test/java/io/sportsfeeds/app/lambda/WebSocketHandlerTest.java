package io.sportsfeeds.app.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import io.sportsfeeds.api.ws.ProtocolMessages;
import io.sportsfeeds.api.ws.PushedMessages;
import io.sportsfeeds.api.ws.WebSocketSessions;
import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.fakes.InMemoryClientRegistry;
import io.sportsfeeds.core.fakes.InMemoryConnectionStore;
import io.sportsfeeds.core.fakes.InMemoryOddsStore;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.fakes.Receivers;
import io.sportsfeeds.core.fakes.RecordingConnectionGateway;
import io.sportsfeeds.core.usecase.AuthenticateCallers;
import io.sportsfeeds.core.usecase.DeliveryOrder;
import io.sportsfeeds.core.usecase.ManageConnections;
import io.sportsfeeds.core.usecase.ManageSubscriptions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The WebSocket routes fed with API Gateway's real event JSON. */
class WebSocketHandlerTest {
    private static final String CONNECTION = "Yx1AbeTgLPECFmA=";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T19:31:00Z"));
    private final InMemoryClientRegistry clients = new InMemoryClientRegistry();
    private final InMemoryConnectionStore connections = new InMemoryConnectionStore();
    private final InMemoryOddsStore odds = new InMemoryOddsStore(clock);
    private final RecordingConnectionGateway gateway = new RecordingConnectionGateway();
    private final WebSocketHandler handler = new WebSocketHandler(
            new WebSocketSessions(
                    new ManageConnections(clients, connections, clock, ManageConnections.DEFAULT_IDLE_EXPIRY),
                    AuthenticateCallers.off(),
                    new ManageSubscriptions(
                            odds,
                            connections,
                            gateway,
                            new PushedMessages(),
                            new ProtocolMessages(),
                            new DeliveryOrder())),
            gateway);

    @BeforeEach
    void registerClients() {
        clients.putClients(List.of(
                new Client("client-001", "Trading desk A", true), new Client("client-002", "Trading desk B", false)));
        gateway.open(CONNECTION);
    }

    @Test
    void acceptsTheConnect_andRegistersTheConnectionForEveryGame() {
        APIGatewayV2WebSocketResponse response = handler.handleRequest(connect(), FakeContext.of("sportsfeeds-test"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(Receivers.ids(connections.receiversOf("any-game", clock.instant())))
                .containsExactly(CONNECTION);
    }

    @Test
    void refusesAnInactiveClient_withTheStatusAndBodyTheLocalServerAnswers() {
        APIGatewayV2WebSocketEvent event = connect();
        event.setQueryStringParameters(Map.of("client", "client-002"));

        APIGatewayV2WebSocketResponse response = handler.handleRequest(event, FakeContext.of("sportsfeeds-test"));

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(response.getBody())
                .isEqualTo("{\"error\":\"inactive_client\",\"message\":\"client client-002 is not active\"}");
        assertThat(connections.find(CONNECTION)).isEmpty();
    }

    @Test
    void refusesAClientGivenTwice_asTheLocalServerDoes() {
        APIGatewayV2WebSocketEvent event = connect();
        // API Gateway's single-value map holds the last of a repeated parameter; the multi-value one holds all.
        event.setQueryStringParameters(Map.of("client", "client-001"));
        event.setMultiValueQueryStringParameters(Map.of("client", List.of("client-002", "client-001")));

        APIGatewayV2WebSocketResponse response = handler.handleRequest(event, FakeContext.of("sportsfeeds-test"));

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getBody()).contains("\"field\":\"client\"", "given 2 times");
        assertThat(connections.find(CONNECTION)).isEmpty();
    }

    @Test
    void answersAMessageByPostingToTheConnection_andForgetsItOnDisconnect() {
        handler.handleRequest(connect(), FakeContext.of("sportsfeeds-test"));

        APIGatewayV2WebSocketResponse pinged =
                handler.handleRequest(route("$default", "{\"action\":\"ping\"}"), FakeContext.of("sportsfeeds-test"));
        handler.handleRequest(
                route("$default", "{\"action\":\"subscribe\",\"games\":[\"game-1\"]}"),
                FakeContext.of("sportsfeeds-test"));
        handler.handleRequest(route("$disconnect", null), FakeContext.of("sportsfeeds-test"));

        assertThat(pinged.getStatusCode()).isEqualTo(200);
        assertThat(gateway.framesSentTo(CONNECTION)).hasSize(3);
        assertThat(gateway.framesSentTo(CONNECTION).getFirst()).isEqualTo("{\"kind\":\"pong\"}");
        assertThat(gateway.framesSentTo(CONNECTION).get(1)).startsWith("{\"kind\":\"snapshot\",\"gameId\":\"game-1\"");
        assertThat(gateway.framesSentTo(CONNECTION).get(2)).startsWith("{\"kind\":\"subscribed\"");
        assertThat(connections.find(CONNECTION)).isEmpty();
    }

    @Test
    void answersAnErrorFrame_toAMessageThatIsNotJson() {
        handler.handleRequest(connect(), FakeContext.of("sportsfeeds-test"));

        handler.handleRequest(route("$default", "hello"), FakeContext.of("sportsfeeds-test"));

        assertThat(gateway.framesSentTo(CONNECTION))
                .singleElement()
                .satisfies(frame -> assertThat(frame).contains("\"code\":\"bad_message\""));
    }

    private static APIGatewayV2WebSocketEvent connect() {
        return Events.read("lambda-websocket-connect-event.json", APIGatewayV2WebSocketEvent.class);
    }

    /** The connect event turned into another route's, as API Gateway sends them on the same connection. */
    private static APIGatewayV2WebSocketEvent route(String routeKey, String body) {
        APIGatewayV2WebSocketEvent event = connect();
        event.getRequestContext().setRouteKey(routeKey);
        event.getRequestContext().setEventType(routeKey.equals("$disconnect") ? "DISCONNECT" : "MESSAGE");
        event.setQueryStringParameters(null);
        event.setBody(body);
        return event;
    }
}
