package io.sportsfeeds.adapters.aws;

import static io.sportsfeeds.core.fakes.Updates.uniqueGameId;
import static io.sportsfeeds.core.fakes.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sportsfeeds.core.contract.ChangeStreamContract;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.Connection;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.fakes.Await;
import io.sportsfeeds.core.fakes.InMemoryConnectionStore;
import io.sportsfeeds.core.fakes.InMemoryPublishedSeqs;
import io.sportsfeeds.core.fakes.LogCapture;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.fakes.RecordingConnectionGateway;
import io.sportsfeeds.core.port.ChangeStream;
import io.sportsfeeds.core.usecase.DeliveryOrder;
import io.sportsfeeds.core.usecase.PublishChanges;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** The Kinesis reader against kinesis-local, each test on a fresh stream of its own. */
class KinesisChangeStreamTest extends KinesisChangeStreamFixture {
    /** A store whose commits reach a fresh stream, and the reader of that stream. */
    private static ChangeStreamContract.Pair newPair(MutableClock clock, int shards) {
        String stream = kinesis.createStream("contract", shards);
        StreamedOddsStore store = new StreamedOddsStore(clock, kinesis.client(), stream);
        return new ChangeStreamContract.Pair(store.store(), reader(kinesis.client(), stream));
    }

    @Nested
    class OneShardContractTest extends ChangeStreamContract {
        @Override
        protected Pair newPair(MutableClock clock) {
            return KinesisChangeStreamTest.newPair(clock, 1);
        }
    }

    @Nested
    class FourShardsContractTest extends ChangeStreamContract {
        @Override
        protected Pair newPair(MutableClock clock) {
            return KinesisChangeStreamTest.newPair(clock, 4);
        }
    }

    @Test
    void startsAtTheEnd_handingOverEveryChangeWrittenAfterFollowReturns_andNoneBefore() {
        String stream = kinesis.createStream("start", 2);
        StreamedOddsStore store = new StreamedOddsStore(storeClock, kinesis.client(), stream);
        String before = uniqueGameId();
        String after = uniqueGameId();
        store.store().append(List.of(update(before, "spread", -110, 1_764_617_400L)));
        Recorder recorder = new Recorder();

        subscriptions.add(reader(stream).follow(recorder));
        store.store()
                .append(List.of(
                        update(after, "spread", -110, 1_764_617_400L), update(after, "spread", -111, 1_764_617_401L)));

        recorder.awaitAtLeast(2);
        passMarkers(store, recorder, gamesInEachHalfOfTheHashRange(1));
        assertThat(recorder.seqsOf(after)).containsExactly(1L, 2L);
        assertThat(recorder.seqsOf(before)).isEmpty();
    }

    @Test
    void handsOverARecordPutTwiceTwice_andThePublisherPushesItOnce() {
        String stream = kinesis.createStream("repeat", 1);
        StreamedOddsStore store = new StreamedOddsStore(storeClock, kinesis.client(), stream);
        String game = uniqueGameId();
        InMemoryConnectionStore connections = new InMemoryConnectionStore();
        InMemoryPublishedSeqs published = new InMemoryPublishedSeqs();
        RecordingConnectionGateway gateway = new RecordingConnectionGateway();
        connections.save(Connection.toEveryGame(
                "conn-1",
                "client-001",
                storeClock.instant(),
                storeClock.instant().plus(Duration.ofHours(2))));
        gateway.open("conn-1");
        PublishChanges publish = new PublishChanges(
                store.store(),
                published,
                connections,
                gateway,
                c -> c.gameId() + "#" + c.seq(),
                storeClock,
                new DeliveryOrder());
        Recorder recorder = new Recorder(batch -> publish.publish(batch).retry());
        subscriptions.add(reader(stream).follow(recorder));

        List<CapturedChange> stored = new ArrayList<>();
        store.store().onCommit(stored::addAll);
        store.store().append(List.of(update(game, "spread", -110, 1_764_617_400L)));
        store.put(stored);
        store.store().append(List.of(update(game, "spread", -111, 1_764_617_401L)));

        recorder.awaitAtLeast(3);
        Await.until(
                WAIT,
                () -> gateway.framesSentTo("conn-1").size() >= 2,
                () -> gateway.framesSentTo("conn-1").toString());
        assertThat(recorder.seqsOf(game)).containsExactly(1L, 1L, 2L);
        assertThat(gateway.framesSentTo("conn-1")).containsExactly(game + "#1", game + "#2");
    }

    @Test
    void skipsMalformedRecords_loggingEachOnceWithItsSequenceNumber_andIgnoresOtherItems() {
        String stream = kinesis.createStream("malformed", 1);
        StreamedOddsStore store = new StreamedOddsStore(storeClock, kinesis.client(), stream);
        String game = uniqueGameId();
        Recorder recorder = new Recorder();
        subscriptions.add(reader(stream).follow(recorder));
        var latestItem = Map.of(
                "PK", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(game),
                "SK", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("latest#spread"));

        try (LogCapture log = new LogCapture(KinesisChangeStream.class)) {
            List<String> seqNos = store.putRaw(
                    game,
                    List.of(
                            "{not json".getBytes(StandardCharsets.UTF_8),
                            store.encoder().insert(latestItem, Instant.now())));
            store.store().append(List.of(update(game, "spread", -110, 1_764_617_400L)));

            recorder.awaitAtLeast(1);
            passMarkers(store, recorder, List.of(uniqueGameId()));
            assertThat(recorder.seqsOf(game)).containsExactly(1L);
            assertThat(log.messagesAt(java.util.logging.Level.WARNING))
                    .containsExactly(
                            "skipping malformed change record " + seqNos.get(0) + " of " + stream
                                    + "/shardId-000000000000: not JSON: Unexpected character ('n' (code 110)): was expecting double-quote to start field name");
        }
    }

    @Test
    void retriesThrottledReads_andRenewsAnExpiredIteratorAfterTheLastRecordRead() {
        String stream = kinesis.createStream("faults", 1);
        FaultyKinesis client = new FaultyKinesis(kinesis.client());
        StreamedOddsStore store = new StreamedOddsStore(storeClock, kinesis.client(), stream);
        String game = uniqueGameId();
        Recorder recorder = new Recorder();
        subscriptions.add(reader(client, stream).follow(recorder));
        String shard = "shardId-000000000000";

        store.store()
                .append(List.of(
                        update(game, "spread", -110, 1_764_617_400L), update(game, "spread", -111, 1_764_617_401L)));
        recorder.awaitAtLeast(2);
        String lastSeqNo = lastSequenceNumber(stream);
        // The faults must meet the reads after the second record: a read already on its way to the
        // emulator when they are set could bring back the third record, and the iterator would be
        // renewed after that one. So the shard is held until the reader waits on the hold.
        client.hold(shard);
        Await.until(WAIT, () -> client.readsWaiting() > 0, () -> "no read of " + shard + " waits on the hold");
        client.failNextReads(
                shard, FaultyKinesis.Fault.THROTTLED, FaultyKinesis.Fault.EXPIRED, FaultyKinesis.Fault.THROTTLED);
        store.store().append(List.of(update(game, "spread", -112, 1_764_617_402L)));
        client.release(shard);

        recorder.awaitAtLeast(3);
        passMarkers(store, recorder, List.of(uniqueGameId()));
        assertThat(recorder.seqsOf(game)).containsExactly(1L, 2L, 3L);
        assertThat(client.iteratorRequests())
                .extracting(GetShardIteratorRequest::shardIteratorType, GetShardIteratorRequest::startingSequenceNumber)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ShardIteratorType.LATEST, null),
                        org.assertj.core.groups.Tuple.tuple(ShardIteratorType.AFTER_SEQUENCE_NUMBER, lastSeqNo));
    }

    @Test
    void renewsAnIteratorExpiredBeforeAnythingWasRead_atTheTimeFollowWasCalled() {
        String stream = kinesis.createStream("expired-early", 1);
        FaultyKinesis client = new FaultyKinesis(kinesis.client());
        StreamedOddsStore store = new StreamedOddsStore(storeClock, kinesis.client(), stream);
        String game = uniqueGameId();
        Recorder recorder = new Recorder();
        client.failNextReads("shardId-000000000000", FaultyKinesis.Fault.EXPIRED);
        Instant followedAt = Instant.now();

        subscriptions.add(reader(client, stream).follow(recorder));
        store.store().append(List.of(update(game, "spread", -110, 1_764_617_400L)));

        recorder.awaitAtLeast(1);
        assertThat(recorder.seqsOf(game)).containsExactly(1L);
        GetShardIteratorRequest renewed = client.iteratorRequests().getLast();
        assertThat(renewed.shardIteratorType()).isEqualTo(ShardIteratorType.AT_TIMESTAMP);
        assertThat(renewed.timestamp())
                .isBetween(
                        followedAt.minusSeconds(KinesisChangeStream.CLOCK_MARGIN_SECONDS + 1),
                        followedAt.minusSeconds(KinesisChangeStream.CLOCK_MARGIN_SECONDS - 1));
    }

    @Test
    void handsOverAgainWhatTheFollowerAnswersForRetry_beforeNewerChanges() {
        String stream = kinesis.createStream("retry", 1);
        StreamedOddsStore store = new StreamedOddsStore(storeClock, kinesis.client(), stream);
        String game = uniqueGameId();
        List<List<Long>> batches = new CopyOnWriteArrayList<>();
        Recorder recorder = new Recorder(batch -> {
            batches.add(batch.stream().map(CapturedChange::seq).toList());
            return batches.size() <= 2 ? batch : List.of();
        });
        subscriptions.add(reader(stream).follow(recorder));

        store.store().append(List.of(update(game, "spread", -110, 1_764_617_400L)));
        Await.until(WAIT, () -> batches.size() >= 2, batches::toString);
        store.store().append(List.of(update(game, "spread", -111, 1_764_617_401L)));

        Await.until(WAIT, () -> batches.stream().mapToLong(List::size).sum() >= 4, batches::toString);
        assertThat(batches.get(0)).containsExactly(1L);
        assertThat(batches.get(1)).containsExactly(1L);
        assertThat(batches.stream().flatMap(List::stream).toList()).containsExactly(1L, 1L, 1L, 2L);
    }

    @Test
    void leavesNoThreadRunning_onceClosed() {
        String stream = kinesis.createStream("stop", 4);
        StreamedOddsStore store = new StreamedOddsStore(storeClock, kinesis.client(), stream);
        Recorder recorder = new Recorder();
        ChangeStream.Subscription subscription = reader(stream).follow(recorder);
        String game = uniqueGameId();
        store.store().append(List.of(update(game, "spread", -110, 1_764_617_400L)));
        recorder.awaitAtLeast(1);
        assertThat(threadsOf(stream)).hasSize(5);

        subscription.close();
        subscription.close();

        assertThat(threadsOf(stream)).isEmpty();
        // With no reader or dispatcher thread left, nothing can hand this change over, now or later.
        store.store().append(List.of(update(game, "spread", -111, 1_764_617_401L)));
        assertThat(recorder.seqsOf(game)).containsExactly(1L);
    }

    @Test
    void refusesToFollowAStreamThatDoesNotExist() {
        KinesisChangeStream reader = reader(kinesis.client(), "no-such-stream");

        assertThatThrownBy(() -> reader.follow(batch -> List.of()))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage("cannot follow the Kinesis stream no-such-stream: it does not exist");
        assertThat(threadsOf("no-such-stream")).isEmpty();
    }

    private static String lastSequenceNumber(String stream) {
        String iterator = kinesis.client()
                .getShardIterator(b -> b.streamName(stream)
                        .shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        return kinesis.client()
                .getRecords(b -> b.shardIterator(iterator))
                .records()
                .getLast()
                .sequenceNumber();
    }
}
