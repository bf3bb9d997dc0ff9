package io.sportsfeeds.adapters.aws;

import static io.sportsfeeds.core.fakes.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.fakes.Await;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** The Kinesis reader while the stream's shards are split and merged: children are read after their parents. */
class KinesisChangeStreamReshardingTest extends KinesisChangeStreamFixture {
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

    private void appendToEach(StreamedOddsStore store, List<String> games, int fromSeq, int toSeq) {
        for (int seq = fromSeq; seq <= toSeq; seq++) {
            List<OddsUpdate> batch = new ArrayList<>();
            for (String game : games) {
                batch.add(update(game, "spread", -100 - seq, 1_764_617_400L + seq));
            }
            store.store().append(batch);
        }
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
}
