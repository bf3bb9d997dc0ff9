package io.sportsfeeds.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sportsfeeds.adapters.aws.ManagementApiServer.Call;
import io.sportsfeeds.adapters.aws.ManagementApiServer.Deletion;
import io.sportsfeeds.core.contract.ConnectionGatewayContract;
import io.sportsfeeds.core.fakes.Await;
import io.sportsfeeds.core.port.ConnectionGateway;
import io.sportsfeeds.core.port.ConnectionGateway.Push;
import io.sportsfeeds.core.port.ConnectionGateway.Report;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiAsyncClient;

/** The gateway against a local stand-in of the Management API's PostToConnection. */
class ApiGatewayConnectionGatewayTest {
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    private static final ApiGatewayConnectionGateway.Retries FAST =
            new ApiGatewayConnectionGateway.Retries(4, Duration.ofMillis(2), Duration.ofMillis(10));

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final ManagementApiServer server = track(ManagementApiServer.start("prod"));

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : opened.reversed()) {
            closeable.close();
        }
    }

    private <T extends AutoCloseable> T track(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    private ApiGatewayConnectionGateway gateway(URI endpoint, int maxInFlight) {
        AwsSettings settings = new AwsSettings(
                        "eu-west-2", "sportsfeeds", "changes", Optional.empty(), Optional.empty())
                .withManagementApiEndpoint(endpoint);
        ApiGatewayManagementApiAsyncClient client = track(ApiGatewayConnectionGateway.newClient(settings, CREDENTIALS));
        return track(ApiGatewayConnectionGateway.create(client, FAST, maxInFlight, new SplittableRandom(7)));
    }

    private ApiGatewayConnectionGateway gateway() {
        return gateway(server.endpoint(), ApiGatewayConnectionGateway.MAX_IN_FLIGHT);
    }

    @Nested
    class ContractTest extends ConnectionGatewayContract {
        private int opened;

        @Override
        protected ConnectionGateway newGateway() {
            return gateway();
        }

        @Override
        protected String open() {
            // API Gateway's ids end in '=', which the path carries encoded.
            String connectionId = "Yx1AbeTgLPE" + ++opened + "=";
            server.open(connectionId);
            return connectionId;
        }

        @Override
        protected List<String> received(String connectionId, int expected) {
            // send() returns once every post is answered: nothing is still on its way.
            return server.framesTo(connectionId);
        }

        @Override
        protected void leave(String connectionId) {
            server.leave(connectionId);
        }
    }

    @Test
    void postsToManyConnectionsAtOnce_eachConnectionsFramesInBatchOrder() {
        List<String> connections =
                IntStream.range(0, 100).mapToObj(i -> "conn-" + i + "=").toList();
        connections.forEach(server::open);
        ApiGatewayConnectionGateway gateway = gateway();
        gateway.send(List.of(new Push("warm-up", List.of("warm-up"))));
        server.holdPosts();

        CompletableFuture<Report> sending = CompletableFuture.supplyAsync(() -> gateway.send(List.of(
                new Push("a", connections), new Push("b", connections), new Push("c", connections.subList(0, 50)))));
        Await.until(Duration.ofSeconds(10), () -> server.inFlight() >= 8, () -> server.inFlight() + " in flight");
        server.releasePosts();
        Report report = sending.join();

        assertThat(report).isEqualTo(Report.allDelivered(250));
        for (int i = 0; i < connections.size(); i++) {
            assertThat(server.framesTo(connections.get(i)))
                    .containsExactlyElementsOf(i < 50 ? List.of("a", "b", "c") : List.of("a", "b"));
        }
        // Wall-clock bounds flake on a busy 2-CPU machine; the server sees the concurrency itself.
        assertThat(server.maxInFlight()).isBetween(8, ApiGatewayConnectionGateway.MAX_IN_FLIGHT);
    }

    @Test
    void neverHasMorePostsInFlightThanItsLimit() {
        List<String> connections =
                IntStream.range(0, 40).mapToObj(i -> "conn-" + i).toList();
        connections.forEach(server::open);
        server.holdPosts();

        CompletableFuture<Report> sending = CompletableFuture.supplyAsync(
                () -> gateway(server.endpoint(), 4).send(List.of(new Push("a", connections))));
        Await.until(Duration.ofSeconds(10), () -> server.inFlight() >= 2, () -> server.inFlight() + " in flight");
        server.releasePosts();
        Report report = sending.join();

        assertThat(report).isEqualTo(Report.allDelivered(40));
        assertThat(server.maxInFlight()).isBetween(2, 4);
    }

    @Test
    void answersGone_onA410_andPostsThatConnectionNothingMore() {
        server.open("leaving");
        server.open("staying");
        server.answerNext("leaving", 200, 410);

        Report report = gateway()
                .send(List.of(
                        new Push("1", List.of("leaving", "staying")),
                        new Push("2", List.of("leaving")),
                        new Push("3", List.of("leaving", "staying"))));

        assertThat(report).isEqualTo(new Report(3, Set.of("leaving"), Map.of()));
        assertThat(server.callsTo("leaving"))
                .containsExactly(new Call("leaving", "1", 200), new Call("leaving", "2", 410));
        assertThat(server.framesTo("staying")).containsExactly("1", "3");
    }

    @Test
    void closesWithDeleteConnection_retryingAThrottledOne_andAnswersOnlyWhatCouldNotBeClosed() {
        server.open("conn-1=");
        server.open("throttled=");
        server.open("forbidden=");
        server.open("failing=");
        server.answerNext("throttled=", 429, 503);
        server.answerAlways("forbidden=", 403);
        server.answerAlways("failing=", 500);

        Set<String> notClosed = gateway()
                .close(
                        List.of("conn-1=", "throttled=", "forbidden=", "failing=", "gone=", "conn-1="),
                        "the client was deactivated");

        assertThat(notClosed).containsExactlyInAnyOrder("forbidden=", "failing=");
        assertThat(server.deletions())
                .filteredOn(deletion -> !deletion.connectionId().equals("failing="))
                .containsExactlyInAnyOrder(
                        new Deletion("conn-1=", 204),
                        new Deletion("throttled=", 429),
                        new Deletion("throttled=", 503),
                        new Deletion("throttled=", 204),
                        new Deletion("forbidden=", 403),
                        new Deletion("gone=", 410));
        assertThat(server.deletions())
                .filteredOn(deletion -> deletion.connectionId().equals("failing="))
                .hasSize(FAST.attempts());
        assertThat(gateway().send(List.of(new Push("late", List.of("conn-1=")))).gone())
                .containsExactly("conn-1=");
    }

    @Test
    void retriesThrottlingAndServerErrors_keepingTheConnectionsOrder() {
        server.open("conn-1");
        server.answerNext("conn-1", 429, 500, 503);

        Report report = gateway().send(List.of(new Push("1", List.of("conn-1")), new Push("2", List.of("conn-1"))));

        assertThat(report).isEqualTo(Report.allDelivered(2));
        assertThat(server.callsTo("conn-1"))
                .containsExactly(
                        new Call("conn-1", "1", 429),
                        new Call("conn-1", "1", 500),
                        new Call("conn-1", "1", 503),
                        new Call("conn-1", "1", 200),
                        new Call("conn-1", "2", 200));
    }

    @Test
    void reportsFailed_afterItsAttempts_theFrameAndTheConnectionsLaterOnes() {
        server.open("failing");
        server.open("fine");
        server.answerAlways("failing", 500);

        Report report = gateway()
                .send(List.of(
                        new Push("1", List.of("failing", "fine")),
                        new Push("2", List.of("fine")),
                        new Push("3", List.of("fine", "failing"))));

        assertThat(report).isEqualTo(new Report(3, Set.of(), Map.of(0, Set.of("failing"), 2, Set.of("failing"))));
        assertThat(server.callsTo("failing"))
                .hasSize(FAST.attempts())
                .allMatch(call -> call.frame().equals("1") && call.status() == 500);
        assertThat(server.framesTo("fine")).containsExactly("1", "2", "3");
    }

    @Test
    void keepsRetryingThrottledPosts_onlyForItsAttempts() {
        server.open("throttled");
        server.answerAlways("throttled", 429);

        Report report = gateway().send(List.of(new Push("1", List.of("throttled"))));

        assertThat(report).isEqualTo(new Report(0, Set.of(), Map.of(0, Set.of("throttled"))));
        assertThat(server.callsTo("throttled")).hasSize(4);
    }

    @Test
    void reportsFailedWithoutRetrying_whatRetryingCannotMend() {
        server.open("forbidden");
        server.open("too-large");
        server.answerAlways("forbidden", 403);
        server.answerAlways("too-large", 413);

        Report report = gateway().send(List.of(new Push("1", List.of("forbidden", "too-large"))));

        assertThat(report).isEqualTo(new Report(0, Set.of(), Map.of(0, Set.of("forbidden", "too-large"))));
        assertThat(server.calls()).hasSize(2);
    }

    @Test
    void reportsFailed_whenTheApiCannotBeReached() {
        URI endpoint = server.endpoint();
        server.close();

        Report report = gateway(endpoint, 8)
                .send(List.of(new Push("1", List.of("conn-1", "conn-2")), new Push("2", List.of("conn-1"))));

        assertThat(report)
                .isEqualTo(new Report(0, Set.of(), Map.of(0, Set.of("conn-1", "conn-2"), 1, Set.of("conn-1"))));
    }

    @Test
    void sendsNothing_forAnEmptyBatch() {
        assertThat(gateway().send(List.of())).isEqualTo(Report.allDelivered(0));
        assertThat(server.calls()).isEmpty();
    }

    @Test
    void needsTheManagementApiEndpoint() {
        AwsSettings settings =
                new AwsSettings("eu-west-2", "sportsfeeds", "changes", Optional.empty(), Optional.empty());

        assertThatThrownBy(() -> ApiGatewayConnectionGateway.newClient(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "the API Gateway Management API endpoint must be set (AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI,"
                                + " https://{api-id}.execute-api.{region}.amazonaws.com/{stage})");
    }
}
