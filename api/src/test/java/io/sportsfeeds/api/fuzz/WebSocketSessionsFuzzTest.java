package io.sportsfeeds.api.fuzz;

import static io.sportsfeeds.api.fuzz.HostileJson.fields;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sportsfeeds.api.ws.ProtocolMessages;
import io.sportsfeeds.api.ws.PushedMessages;
import io.sportsfeeds.api.ws.WebSocketSessions;
import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.fakes.InMemoryClientRegistry;
import io.sportsfeeds.core.fakes.InMemoryConnectionStore;
import io.sportsfeeds.core.fakes.InMemoryOddsStore;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.fakes.RecordingConnectionGateway;
import io.sportsfeeds.core.usecase.AuthenticateCallers;
import io.sportsfeeds.core.usecase.DeliveryOrder;
import io.sportsfeeds.core.usecase.ManageConnections;
import io.sportsfeeds.core.usecase.ManageSubscriptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * {@link WebSocketSessions#onMessage} fed with generated client messages of docs/PROTOCOL.md and
 * broken ones: it never throws, and every reply is a JSON frame; an error frame has a code and a
 * message.
 */
class WebSocketSessionsFuzzTest {
    static final String CONNECTION = "conn-1";

    final MutableClock clock = new MutableClock(Instant.ofEpochMilli(1_764_617_460_000L));
    final InMemoryClientRegistry clients = new InMemoryClientRegistry();
    final InMemoryConnectionStore connections = new InMemoryConnectionStore();
    final RecordingConnectionGateway gateway = new RecordingConnectionGateway();
    final WebSocketSessions sessions = new WebSocketSessions(
            new ManageConnections(clients, connections, clock, ManageConnections.DEFAULT_IDLE_EXPIRY),
            AuthenticateCallers.off(),
            new ManageSubscriptions(
                    new InMemoryOddsStore(clock),
                    connections,
                    gateway,
                    new PushedMessages(),
                    new ProtocolMessages(),
                    new DeliveryOrder()));

    int checkedFrames;

    WebSocketSessionsFuzzTest() {
        clients.putClients(List.of(new Client("client-001", "Trading desk A", true)));
        assertThat(sessions.onConnect(CONNECTION, Map.of("client", List.of("client-001")))
                        .accepted())
                .isTrue();
    }

    @Property(tries = RestApiFuzzTest.TRIES)
    void answersEveryMessageWithJsonFrames_neverThrowing(@ForAll("messages") String message) {
        List<String> replies = sessions.onMessage(CONNECTION, message);

        for (String reply : replies) {
            JsonNode frame = Invariants.parse(reply);
            assertThat(frame.path("kind").isTextual())
                    .as("%s for %s", reply, message)
                    .isTrue();
            if (frame.path("kind").asText().equals("error")) {
                assertThat(frame.path("code").asText()).as(reply).isNotBlank();
                assertThat(frame.path("message").asText()).as(reply).isNotBlank();
            }
        }
        List<String> sent = gateway.framesSentTo(CONNECTION);
        for (String frame : sent.subList(checkedFrames, sent.size())) {
            assertThat(Invariants.parse(frame).path("kind").isTextual())
                    .as(frame)
                    .isTrue();
        }
        checkedFrames = sent.size();
    }

    @Provide
    Arbitrary<String> messages() {
        Arbitrary<String> games = HostileJson.texts()
                .map(HostileJson::string)
                .list()
                .ofMaxSize(4)
                .map(list -> "[" + String.join(",", list) + "]");
        Arbitrary<HostileJson.RawObject> message = HostileJson.object(fields(
                "action", Arbitraries.of("\"subscribe\"", "\"unsubscribe\"", "\"ping\"", "\"dance\"", "\"\""),
                "games", games,
                "markets", Arbitraries.of("[\"spread\"]", "[]", "[\"total\",\"moneyline\"]"),
                "resume",
                        Arbitraries.of(
                                "{\"epoch\":\"e-1\",\"seqs\":{\"game-1\":17}}",
                                "{\"epoch\":\"e-1\",\"seqs\":{\"game-1\":1e400}}",
                                "{\"epoch\":1,\"seqs\":[]}",
                                "{}")));
        Arbitrary<String> mutated = net.jqwik.api.Combinators.combine(
                        message, HostileJson.mutations().list().ofMaxSize(3))
                .as((object, mutations) -> HostileJson.apply(object, mutations).text());
        Arbitrary<String> brokenBytes = net.jqwik.api.Combinators.combine(
                        mutated, HostileJson.byteEdits().list().ofMinSize(1).ofMaxSize(3))
                .as((text, edits) -> new String(
                        HostileJson.apply(text.getBytes(StandardCharsets.UTF_8), edits), StandardCharsets.UTF_8));
        return Arbitraries.frequencyOf(
                Tuple.of(6, mutated),
                Tuple.of(2, brokenBytes),
                Tuple.of(1, HostileJson.hostileValues()),
                Tuple.of(
                        1,
                        Arbitraries.integers()
                                .between(32 * 1024 - 2, 32 * 1024 + 2)
                                .map(n -> "[".repeat(n))));
    }
}
