package io.sportsfeeds.adapters.aws;

import static io.sportsfeeds.core.fakes.Updates.uniqueGameId;
import static io.sportsfeeds.core.fakes.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.sportsfeeds.core.domain.Game;
import io.sportsfeeds.core.domain.HistoryQuery;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.port.GameCatalogue;
import io.sportsfeeds.core.port.OddsStore;
import io.sportsfeeds.core.port.PublishedSeqs;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Throttling and unprocessed batch items are retried with backoff until the write lands, or the
 * call fails with {@link StoreUnavailableException} (which the API answers with 503): never a
 * success for something not written.
 */
class DynamoDbThrottlingTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private static final Backoff FOUR_QUICK_TRIES = new Backoff(4, Duration.ofMillis(1), Duration.ofMillis(5));
    private static AwsSettings table;
    private HttpServer stub;

    @BeforeAll
    static void createTable() {
        table = dynalite.newTable("throttling");
    }

    @AfterEach
    void stopStub() {
        if (stub != null) {
            stub.stop(0);
        }
    }

    /** DynamoDB's own answer to a throttled call, from a local HTTP server, through the real SDK client. */
    @Test
    void failsTheAppendWithStoreUnavailable_afterTryingFourTimes_whenDynamoDbKeepsThrottling() throws IOException {
        List<String> targets = new CopyOnWriteArrayList<>();
        URI endpoint = startThrottlingStub(targets);
        try (DynamoDbClient client = clientWithoutSdkRetries(endpoint)) {
            OddsStore store = DynamoDbStores.of(client, table, Clock.systemUTC(), Duration.ofDays(1), FOUR_QUICK_TRIES)
                    .oddsStore();

            assertThatThrownBy(() -> store.append(List.of(update(uniqueGameId(), "spread", -110, 1_764_617_400L))))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageStartingWith("DynamoDB Query #pk = :pk AND begins_with(#sk, :odds) on table "
                            + table.table() + " failed 4 times, last: "
                            + "The level of configured provisioned throughput for the table was exceeded.");
        }
        assertThat(targets)
                .containsExactly(
                        "DynamoDB_20120810.Query",
                        "DynamoDB_20120810.Query",
                        "DynamoDB_20120810.Query",
                        "DynamoDB_20120810.Query");
    }

    @Test
    void failsWithoutStoringTheUpdate_whenEveryClaimOfASeqIsThrottled() {
        String game = uniqueGameId();
        InterceptedDynamoDbClient throttled = new InterceptedDynamoDbClient(dynalite.client());
        AtomicInteger claims = new AtomicInteger();
        throttled.intercept(new InterceptedDynamoDbClient.Interceptor() {
            @Override
            public SdkResponse before(SdkRequest request) {
                if (Faults.isClaim(request)) {
                    claims.incrementAndGet();
                    throw Faults.throttled();
                }
                return null;
            }
        });
        OddsStore store = DynamoDbStores.of(throttled, table, Clock.systemUTC(), Duration.ofDays(1), FOUR_QUICK_TRIES)
                .oddsStore();

        assertThatThrownBy(() -> store.append(List.of(update(game, "spread", -110, 1_764_617_400L))))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageStartingWith("DynamoDB PutItem " + game + " odds#00000000000000000001 on table "
                        + table.table() + " failed 4 times");
        assertThat(claims).hasValue(4);
        OddsStore healthy = DynamoDbStores.of(dynalite.client(), table, Clock.systemUTC(), Duration.ofDays(1))
                .oddsStore();
        assertThat(healthy.history(new HistoryQuery(game, Optional.empty(), 0, Long.MAX_VALUE, 10)))
                .isEmpty();
        assertThat(healthy.latest(game)).isEmpty();
    }

    @Test
    void writesEveryItem_whenDynamoDbLeavesABatchUnprocessedTwice() {
        InterceptedDynamoDbClient busy = new InterceptedDynamoDbClient(dynalite.client());
        AtomicInteger leftUnprocessed = new AtomicInteger();
        busy.intercept(new InterceptedDynamoDbClient.Interceptor() {
            @Override
            public SdkResponse before(SdkRequest request) {
                if (request instanceof BatchWriteItemRequest batch && leftUnprocessed.getAndIncrement() < 2) {
                    return BatchWriteItemResponse.builder()
                            .unprocessedItems(batch.requestItems())
                            .build();
                }
                return null;
            }
        });
        GameCatalogue catalogue = DynamoDbStores.of(
                        busy, table, Clock.systemUTC(), Duration.ofDays(1), FOUR_QUICK_TRIES)
                .gameCatalogue();
        List<Game> games = IntStream.range(0, 30)
                .mapToObj(i -> game(uniqueGameId(), 2_100_000_000L + i))
                .toList();

        catalogue.putGames(games);

        assertThat(leftUnprocessed.get())
                .isGreaterThanOrEqualTo(4); // two unprocessed, then the two batches of 25 and 5
        assertThat(games)
                .allSatisfy(game -> assertThat(catalogue.game(game.gameId())).contains(game));
    }

    @Test
    void failsWithStoreUnavailable_whenItemsStayUnprocessed_andStoresNone() {
        InterceptedDynamoDbClient overloaded = new InterceptedDynamoDbClient(dynalite.client());
        overloaded.intercept(new InterceptedDynamoDbClient.Interceptor() {
            @Override
            public SdkResponse before(SdkRequest request) {
                if (request instanceof BatchWriteItemRequest batch) {
                    return BatchWriteItemResponse.builder()
                            .unprocessedItems(batch.requestItems())
                            .build();
                }
                return null;
            }
        });
        GameCatalogue catalogue = DynamoDbStores.of(
                        overloaded, table, Clock.systemUTC(), Duration.ofDays(1), FOUR_QUICK_TRIES)
                .gameCatalogue();
        Game game = game(uniqueGameId(), 2_100_000_000L);

        assertThatThrownBy(() -> catalogue.putGames(List.of(game)))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage("DynamoDB did not process 1 of the items of a batch write to table " + table.table()
                        + " after 4 tries (throttled)");
        assertThat(catalogue.game(game.gameId())).isEmpty();
    }

    @Test
    void readsEverySeq_whenDynamoDbLeavesHalfTheKeysOfABatchReadUnprocessed() {
        InterceptedDynamoDbClient busy = new InterceptedDynamoDbClient(dynalite.client());
        AtomicInteger halved = new AtomicInteger();
        busy.intercept(new InterceptedDynamoDbClient.Interceptor() {
            @Override
            public SdkResponse after(SdkRequest request, SdkResponse response) {
                if (!(request instanceof BatchGetItemRequest batch) || halved.getAndIncrement() >= 2) {
                    return response;
                }
                KeysAndAttributes asked = batch.requestItems().get(table.table());
                List<Map<String, AttributeValue>> unprocessed = asked.keys()
                        .subList(asked.keys().size() / 2, asked.keys().size());
                Set<String> unread =
                        unprocessed.stream().map(key -> key.get(Layout.PK).s()).collect(Collectors.toSet());
                List<Map<String, AttributeValue>> read = ((BatchGetItemResponse) response)
                        .responses().get(table.table()).stream()
                                .filter(item ->
                                        !unread.contains(item.get(Layout.PK).s()))
                                .toList();
                return BatchGetItemResponse.builder()
                        .responses(Map.of(table.table(), read))
                        .unprocessedKeys(Map.of(
                                table.table(),
                                asked.toBuilder().keys(unprocessed).build()))
                        .build();
            }
        });
        PublishedSeqs seqs = DynamoDbStores.of(busy, table, Clock.systemUTC(), Duration.ofDays(1), FOUR_QUICK_TRIES)
                .publishedSeqs();
        List<String> games =
                IntStream.range(0, 150).mapToObj(i -> uniqueGameId()).toList();
        Map<String, OptionalLong> expected = new LinkedHashMap<>();
        for (int i = 0; i < games.size(); i++) {
            if (i % 3 == 0) {
                seqs.advance(games.get(i), i + 1);
                expected.put(games.get(i), OptionalLong.of(i + 1));
            } else {
                expected.put(games.get(i), OptionalLong.empty());
            }
        }

        Map<String, OptionalLong> read = seqs.lastPublished(games);

        assertThat(read).isEqualTo(expected);
        assertThat(halved.get()).isGreaterThanOrEqualTo(4); // two halved answers, then the two batches of 100 and 50
    }

    @Test
    void failsWithStoreUnavailable_whenKeysOfABatchReadStayUnprocessed() {
        InterceptedDynamoDbClient overloaded = new InterceptedDynamoDbClient(dynalite.client());
        overloaded.intercept(new InterceptedDynamoDbClient.Interceptor() {
            @Override
            public SdkResponse before(SdkRequest request) {
                if (request instanceof BatchGetItemRequest batch) {
                    return BatchGetItemResponse.builder()
                            .unprocessedKeys(batch.requestItems())
                            .build();
                }
                return null;
            }
        });
        PublishedSeqs seqs = DynamoDbStores.of(
                        overloaded, table, Clock.systemUTC(), Duration.ofDays(1), FOUR_QUICK_TRIES)
                .publishedSeqs();

        assertThatThrownBy(() -> seqs.lastPublished(List.of(uniqueGameId(), uniqueGameId())))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage("DynamoDB did not process 2 of the keys of a batch read of table " + table.table()
                        + " after 4 tries (throttled)");
    }

    private URI startThrottlingStub(List<String> targets) throws IOException {
        stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            targets.add(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            byte[] body = ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\","
                            + "\"message\":\"The level of configured provisioned throughput for the table was exceeded.\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.getResponseHeaders().add("x-amzn-ErrorType", "ProvisionedThroughputExceededException");
            exchange.getResponseHeaders().add("x-amzn-RequestId", "stub-request");
            exchange.sendResponseHeaders(400, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        stub.start();
        return URI.create("http://127.0.0.1:" + stub.getAddress().getPort());
    }

    /** The SDK's own retries off, so the store's are the ones counted. */
    private static DynamoDbClient clientWithoutSdkRetries(URI endpoint) {
        return DynaliteExtension.clientBuilder(endpoint)
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static Game game(String id, long gameDate) {
        return new Game(id, gameDate, Game.SCHEDULED, "basketball", "Regular Season", "TD Garden", "2026", "regular");
    }
}
