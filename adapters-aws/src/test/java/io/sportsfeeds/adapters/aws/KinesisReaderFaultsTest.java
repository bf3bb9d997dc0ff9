package io.sportsfeeds.adapters.aws;

import static io.sportsfeeds.core.fakes.Updates.uniqueGameId;
import static io.sportsfeeds.core.fakes.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.fakes.Await;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.port.ChangeStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The Kinesis reader when the stream loses the position of its iterator, as kinesis-local does when
 * it is killed and started again without the records put just before ({@code AwsModeFaultsTest}
 * found it: the reader retried the same iterator forever).
 */
@ExtendWith(KinesisLocal.Extension.class)
class KinesisReaderFaultsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static KinesisLocal kinesis;

    private final MutableClock storeClock = new MutableClock(Instant.parse("2026-12-01T19:31:00Z"));
    private ChangeStream.Subscription subscription;

    @BeforeAll
    static void emulator(KinesisLocal emulator) {
        kinesis = emulator;
    }

    @AfterEach
    void stopFollowing() {
        if (subscription != null) {
            subscription.close();
        }
    }

    @Test
    void takesANewIteratorAtTheLastRecordsTime_whenTheStreamNoLongerKnowsItsPosition() {
        String stream = kinesis.createStream("position-lost", 1);
        String shard = "shardId-000000000000";
        FaultyKinesis client = new FaultyKinesis(kinesis.client());
        StreamedOddsStore store = new StreamedOddsStore(storeClock, kinesis.client(), stream);
        String game = uniqueGameId();
        List<Long> seqs = new CopyOnWriteArrayList<>();
        subscription = KinesisChangeStream.create(
                        client,
                        new AwsSettings(
                                KinesisLocal.REGION.id(),
                                StreamedOddsStore.TABLE,
                                stream,
                                Optional.empty(),
                                Optional.of(kinesis.endpoint())),
                        Clock.systemUTC(),
                        Duration.ofMillis(20))
                .follow(batch -> {
                    batch.stream().map(CapturedChange::seq).forEach(seqs::add);
                    return List.of();
                });
        store.store().append(List.of(update(game, "spread", -110, 1_764_617_400L)));
        Await.until(WAIT, () -> seqs.contains(1L), seqs::toString);

        client.losePositionsOf(shard);
        store.store().append(List.of(update(game, "spread", -111, 1_764_617_401L)));

        Await.until(
                WAIT,
                () -> seqs.contains(2L),
                () -> "seqs handed over: " + seqs + "; iterators asked for: " + client.iteratorRequests());
        assertThat(seqs.stream().distinct().toList()).containsExactly(1L, 2L);
        GetShardIteratorRequest renewed = client.iteratorRequests().getLast();
        assertThat(renewed.shardIteratorType()).isEqualTo(ShardIteratorType.AT_TIMESTAMP);
        assertThat(renewed.timestamp())
                .as("the last record's arrival, less the clock margin")
                .isBefore(Instant.now().minusSeconds(KinesisChangeStream.CLOCK_MARGIN_SECONDS - 1));
    }
}
