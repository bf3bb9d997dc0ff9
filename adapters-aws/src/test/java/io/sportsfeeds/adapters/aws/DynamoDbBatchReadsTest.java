package io.sportsfeeds.adapters.aws;

import static io.sportsfeeds.core.fakes.Updates.uniqueGameId;
import static io.sportsfeeds.core.fakes.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.Connection;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.fakes.RecordingConnectionGateway;
import io.sportsfeeds.core.usecase.DeliveryOrder;
import io.sportsfeeds.core.usecase.PublishChanges;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * A publish reads DynamoDB once per batch, not once per game: one BatchGetItem for the published
 * seqs, one query of the every-game receivers, and the games' receiver queries in flight together,
 * counted by the SDK client's own interceptor on dynalite.
 */
class DynamoDbBatchReadsTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private static final int GAMES = 50;
    /** The games' queries are held until this many are in flight at once, which only concurrent reads reach. */
    private static final int TOGETHER = 8;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T19:31:00Z"));

    @Test
    void readsOncePerBatch_withTheGamesReceiverQueriesInFlightTogether_whenPublishingFiftyGames() {
        Operations operations = new Operations(TOGETHER);
        try (DynamoDbClient client = DynaliteExtension.clientBuilder(dynalite.endpoint())
                .overrideConfiguration(c -> c.addExecutionInterceptor(operations))
                .build()) {
            DynamoDbStores stores =
                    DynamoDbStores.of(client, dynalite.newTable("batchreads"), clock, Duration.ofDays(1));
            List<String> games =
                    IntStream.range(0, GAMES).mapToObj(i -> uniqueGameId()).toList();
            List<String> evenGames = IntStream.range(0, GAMES)
                    .filter(i -> i % 2 == 0)
                    .mapToObj(games::get)
                    .toList();
            Instant later = clock.instant().plus(Duration.ofHours(2));
            stores.connectionStore().save(Connection.toEveryGame("conn-all", "client-001", clock.instant(), later));
            stores.connectionStore()
                    .save(Connection.toGames("conn-even", "client-001", clock.instant(), later, Set.copyOf(evenGames)));
            RecordingConnectionGateway gateway = new RecordingConnectionGateway();
            gateway.open("conn-all");
            gateway.open("conn-even");
            PublishChanges publish = new PublishChanges(
                    stores.oddsStore(),
                    stores.publishedSeqs(),
                    stores.connectionStore(),
                    gateway,
                    change -> change.gameId() + "#" + change.seq(),
                    clock,
                    new DeliveryOrder());
            List<CapturedChange> batch = new ArrayList<>();
            for (String game : games) {
                batch.add(change(game, 1));
                batch.add(change(game, 2));
            }
            operations.reset();

            PublishChanges.Report report = publish.publish(batch);

            assertThat(report.complete()).isTrue();
            assertThat(report.published()).isEqualTo(2L * GAMES);
            assertThat(operations.counts())
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of("BatchGetItem", 1, "Query", GAMES + 1, "UpdateItem", GAMES));
            assertThat(operations.everyGameQueries()).hasValue(1);
            assertThat(operations.gameQueriesWereTogether())
                    .as("%d receiver queries of games in flight at once", TOGETHER)
                    .isTrue();
            assertThat(gateway.framesSentTo("conn-all")).hasSize(2 * GAMES);
            assertThat(gateway.framesSentTo("conn-even"))
                    .containsExactlyElementsOf(evenGames.stream()
                            .flatMap(game -> List.of(game + "#1", game + "#2").stream())
                            .toList());

            operations.reset();
            PublishChanges.Report again = publish.publish(batch);

            assertThat(again.repeats()).isEqualTo(2L * GAMES);
            assertThat(operations.counts()).containsExactlyEntriesOf(Map.of("BatchGetItem", 1));
        }
    }

    private CapturedChange change(String game, long seq) {
        return new CapturedChange(seq, clock.instant(), update(game, "spread", -110 - seq, 1_764_617_400L + seq));
    }

    /** Counts the DynamoDB operations a client runs, and holds the first receiver queries of games until enough run together. */
    private static final class Operations implements ExecutionInterceptor {
        private static final String EVERY_GAME_PARTITION = Layout.receiversKey(Layout.EVERY_GAME);

        private final int together;
        private final Map<String, Integer> counts = new ConcurrentHashMap<>();
        private final AtomicInteger everyGameQueries = new AtomicInteger();
        private final AtomicBoolean wereTogether = new AtomicBoolean(true);
        private volatile CountDownLatch gameQueries;

        Operations(int together) {
            this.together = together;
            reset();
        }

        void reset() {
            counts.clear();
            everyGameQueries.set(0);
            gameQueries = new CountDownLatch(together);
        }

        Map<String, Integer> counts() {
            return Map.copyOf(counts);
        }

        AtomicInteger everyGameQueries() {
            return everyGameQueries;
        }

        boolean gameQueriesWereTogether() {
            return wereTogether.get();
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            counts.merge(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), 1, Integer::sum);
            if (!(context.request() instanceof QueryRequest query) || !query.hasExpressionAttributeValues()) {
                return;
            }
            String partition = query.expressionAttributeValues().get(":pk").s();
            if (partition.equals(EVERY_GAME_PARTITION)) {
                everyGameQueries.incrementAndGet();
            } else if (partition.startsWith(Layout.receiversKey(""))) {
                holdUntilTogether();
            }
        }

        /** Waits, with a deadline, until {@link #together} game queries have arrived; one after another never get there. */
        private void holdUntilTogether() {
            CountDownLatch latch = gameQueries;
            latch.countDown();
            try {
                if (!latch.await(20, TimeUnit.SECONDS)) {
                    wereTogether.set(false);
                    while (latch.getCount() > 0) {
                        latch.countDown(); // let the rest pass: the answer is known
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while holding a query", e);
            }
        }
    }
}
