package io.sportsfeeds.adapters.aws;

import static io.sportsfeeds.core.fakes.Updates.uniqueGameId;
import static io.sportsfeeds.core.fakes.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sportsfeeds.core.contract.ChangeStreamContract;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.Connection;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.fakes.Await;
import io.sportsfeeds.core.fakes.InMemoryConnectionStore;
import io.sportsfeeds.core.fakes.InMemoryPublishedSeqs;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.fakes.RecordingConnectionGateway;
import io.sportsfeeds.core.port.ChangeStream;
import io.sportsfeeds.core.usecase.DeliveryOrder;
import io.sportsfeeds.core.usecase.PublishChanges;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** The Kinesis reader against kinesis-local, each test on a fresh stream of its own. */
@ExtendWith(KinesisLocal.Extension.class)
class KinesisChangeStreamTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(20);
    private static KinesisLocal kinesis;

    private final MutableClock storeClock = new MutableClock(Instant.parse("2026-12-01T19:31:00Z"));
    private final List<ChangeStream.Subscription> subscriptions = new ArrayList<>();
    private final List<software.amazon.awssdk.services.kinesis.KinesisClient> clients = new ArrayList<>();

    @BeforeAll
    static void emulator(KinesisLocal emulator) {
        kinesis = emulator;
    }

    @AfterEach
    void stopFollowing() {
        subscriptions.forEach(ChangeStream.Subscription::close);
        clients.forEach(software.amazon.awssdk.services.kinesis.KinesisClient::close);
    }

    /** A store whose commits reach a fresh stream, and the reader of that stream. */
    private static ChangeStreamContract.Pair newPair(MutableClock clock, int shards) {
        String stream = kinesis.createStream("contract", shards);
        StreamedOddsStore store = new StreamedOddsStore(clock, kinesis.client(), stream);
        return new ChangeStreamContract.Pair(store.store(), reader(kinesis.client(), stream));
    }

    private static AwsSettings settings(String stream) {
        return new AwsSettings(
                KinesisLocal.REGION.id(),
                StreamedOddsStore.TABLE,
                stream,
                Optional.empty(),
                Optional.of(kinesis.endpoint()));
    }

    private static KinesisChangeStream reader(
            software.amazon.awssdk.services.kinesis.KinesisClient client, String stream) {
        return KinesisChangeStream.create(client, settings(stream), Clock.systemUTC(), POLL);
    }

    /** A reader with a client of its own, as app-local builds it (closed after the test). */
    private KinesisChangeStream reader(String stream) {
        software.amazon.awssdk.services.kinesis.KinesisClient client =
                KinesisChangeStream.newClient(settings(stream), KinesisLocal.CREDENTIALS);
        clients.add(client);
        return reader(client, stream);
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
    void readsAChildShardAfterItsParent_whenAShardIsSplit() {
        String stream = kinesis.createStream("split", 1);
        FaultyKinesis client = new FaultyKinesis(kinesis.client());
        StreamedOddsStore store = new StreamedOddsStore(storeClock, kinesis.client(), stream);
        List<String> games = gamesInEachHalfOfTheHashRange(3);
        Recorder recorder = new Recorder();
        subscriptions.add(reader(client, stream).follow(recorder));
        client.hold(null);

        appendToEach(store, games, 1, 3);
        Shard parent =
                kinesis.client().listShards(b -> b.streamName(stream)).shards().getFirst();
        String middle = new BigInteger(parent.hashKeyRange().endingHashKey())
                .shiftRight(1)
                .toString();
        kinesis.client()
                .splitShard(
                        b -> b.streamName(stream).shardToSplit(parent.shardId()).newStartingHashKey(middle));
        kinesis.awaitActive(stream);
        appendToEach(store, games, 4, 6);
        client.release(null);

        recorder.awaitAtLeast(games.size() * 6);
        assertThat(kinesis.client().listShards(b -> b.streamName(stream)).shards())
                .hasSize(3);
        assertThat(client.iteratorRequests())
                .extracting(GetShardIteratorRequest::shardId, GetShardIteratorRequest::shardIteratorType)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("shardId-000000000000", ShardIteratorType.LATEST),
                        org.assertj.core.groups.Tuple.tuple("shardId-000000000001", ShardIteratorType.TRIM_HORIZON),
                        org.assertj.core.groups.Tuple.tuple("shardId-000000000002", ShardIteratorType.TRIM_HORIZON));
        for (String game : games) {
            assertThat(recorder.seqsOf(game)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        }
        assertThat(recorder.lastIndexWhere(c -> c.seq() <= 3)).isLessThan(recorder.firstIndexWhere(c -> c.seq() >= 4));
    }

    @Test
    void readsAMergedShard_onlyOnceBothParentsAreRead() {
        String stream = kinesis.createStream("merge", 2);
        FaultyKinesis client = new FaultyKinesis(kinesis.client());
        StreamedOddsStore store = new StreamedOddsStore(storeClock, kinesis.client(), stream);
        List<String> games = gamesInEachHalfOfTheHashRange(3);
        List<Shard> parents =
                kinesis.client().listShards(b -> b.streamName(stream)).shards();
        Recorder recorder = new Recorder();
        subscriptions.add(reader(client, stream).follow(recorder));
        client.hold(parents.get(0).shardId());

        appendToEach(store, games, 1, 2);
        kinesis.client()
                .mergeShards(b -> b.streamName(stream)
                        .shardToMerge(parents.get(0).shardId())
                        .adjacentShardToMerge(parents.get(1).shardId()));
        kinesis.awaitActive(stream);
        appendToEach(store, games, 3, 4);
        // The other parent read to its end: its changes arrived and its reader is done. The children
        // could be started from then on, and must not be while a parent is unread.
        Shard readParent = parents.get(1);
        List<String> readParentGames = gamesOf(readParent, games);
        Await.until(
                WAIT,
                () -> readParentGames.stream().allMatch(g -> recorder.seqsOf(g).containsAll(List.of(1L, 2L)))
                        && threadsOf(stream + "-" + readParent.shardId()).isEmpty(),
                () -> readParent.shardId() + " not read to its end: " + recorder.changes());
        List<CapturedChange> whileOneParentWasHeld = recorder.changes();
        client.release(parents.get(0).shardId());

        recorder.awaitAtLeast(games.size() * 4);
        assertThat(whileOneParentWasHeld)
                .isNotEmpty()
                .allSatisfy(change -> assertThat(change.seq()).isLessThanOrEqualTo(2));
        for (String game : games) {
            assertThat(recorder.seqsOf(game)).containsExactly(1L, 2L, 3L, 4L);
        }
        assertThat(recorder.lastIndexWhere(c -> c.seq() <= 2)).isLessThan(recorder.firstIndexWhere(c -> c.seq() >= 3));
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

    private void appendToEach(StreamedOddsStore store, List<String> games, int fromSeq, int toSeq) {
        for (int seq = fromSeq; seq <= toSeq; seq++) {
            List<OddsUpdate> batch = new ArrayList<>();
            for (String game : games) {
                batch.add(update(game, "spread", -100 - seq, 1_764_617_400L + seq));
            }
            store.store().append(batch);
        }
    }

    /** Games whose changes land in the lower half of the hash key range, then as many in the upper half. */
    private static List<String> gamesInEachHalfOfTheHashRange(int each) {
        BigInteger half = BigInteger.ONE.shiftLeft(127);
        List<String> lower = new ArrayList<>();
        List<String> upper = new ArrayList<>();
        while (lower.size() < each || upper.size() < each) {
            String game = uniqueGameId();
            List<String> side = hashKeyOf(game).compareTo(half) < 0 ? lower : upper;
            if (side.size() < each) {
                side.add(game);
            }
        }
        List<String> games = new ArrayList<>(lower);
        games.addAll(upper);
        return games;
    }

    private static byte[] md5(String text) {
        try {
            return java.security.MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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

    private static List<Thread> threadsOf(String stream) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().contains(stream) && t.isAlive())
                .toList();
    }

    /** Records every change handed over, in order; answers what its delegate answers. */
    private static final class Recorder implements ChangeStream.BatchHandler {
        private final List<CapturedChange> changes = new CopyOnWriteArrayList<>();
        private final ChangeStream.BatchHandler delegate;

        Recorder() {
            this(batch -> List.of());
        }

        Recorder(ChangeStream.BatchHandler delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<CapturedChange> handle(List<CapturedChange> batch) {
            changes.addAll(batch);
            return delegate.handle(batch);
        }

        List<CapturedChange> changes() {
            return List.copyOf(changes);
        }

        void awaitAtLeast(int count) {
            Await.until(WAIT, () -> changes.size() >= count, () -> changes.size() + " changes: " + changes);
        }

        List<Long> seqsOf(String game) {
            return changes.stream()
                    .filter(c -> c.gameId().equals(game))
                    .map(CapturedChange::seq)
                    .toList();
        }

        int firstIndexWhere(java.util.function.Predicate<CapturedChange> test) {
            return IntStream.range(0, changes.size())
                    .filter(i -> test.test(changes.get(i)))
                    .findFirst()
                    .orElse(-1);
        }

        int lastIndexWhere(java.util.function.Predicate<CapturedChange> test) {
            return IntStream.range(0, changes.size())
                    .filter(i -> test.test(changes.get(i)))
                    .reduce((a, b) -> b)
                    .orElse(-1);
        }
    }

    /** The messages a class logs through the JDK's platform logging while open. */
    static final class LogCapture extends Handler implements AutoCloseable {
        private final Logger logger;
        private final List<LogRecord> records = new CopyOnWriteArrayList<>();

        LogCapture(Class<?> type) {
            logger = Logger.getLogger(type.getName());
            logger.addHandler(this);
        }

        List<String> messagesAt(java.util.logging.Level level) {
            return records.stream()
                    .filter(r -> r.getLevel().equals(level))
                    .map(LogRecord::getMessage)
                    .toList();
        }

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }

    /**
     * Appends one update of each marker game and waits for them: a shard's changes are handed over in
     * its order, so with a marker on every shard of the stream, whatever the stream held before them
     * has been handed over by then. What has not arrived by then never will.
     */
    private static void passMarkers(StreamedOddsStore store, Recorder recorder, List<String> markerGames) {
        for (String marker : markerGames) {
            store.store().append(List.of(update(marker, "spread", -100, 1_764_617_499L)));
        }
        Await.until(
                WAIT,
                () -> markerGames.stream()
                        .allMatch(marker -> !recorder.seqsOf(marker).isEmpty()),
                () -> "markers " + markerGames + " not handed over: " + recorder.changes());
    }

    /** The games whose records Kinesis places on {@code shard}, by the MD5 of their partition key. */
    private static List<String> gamesOf(Shard shard, List<String> games) {
        BigInteger low = new BigInteger(shard.hashKeyRange().startingHashKey());
        BigInteger high = new BigInteger(shard.hashKeyRange().endingHashKey());
        return games.stream()
                .filter(game ->
                        hashKeyOf(game).compareTo(low) >= 0 && hashKeyOf(game).compareTo(high) <= 0)
                .toList();
    }

    /** Where Kinesis places a game's records: the MD5 of their partition key, read as a 128-bit number. */
    private static BigInteger hashKeyOf(String game) {
        return new BigInteger(
                1,
                md5(ChangeRecordEncoder.partitionKey(
                        Map.of("PK", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(game)))));
    }
}
