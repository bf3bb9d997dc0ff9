package io.sportsfeeds.adapters.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The calls {@link KinesisChangeStream} makes on one stream: list its shards, take an iterator,
 * read from one. SDK exceptions pass through: the callers decide which ones are retried.
 */
final class KinesisShards {
    private final KinesisClient kinesis;
    private final String stream;

    KinesisShards(KinesisClient kinesis, String stream) {
        this.kinesis = kinesis;
        this.stream = stream;
    }

    String stream() {
        return stream;
    }

    /** Every shard of the stream, open or closed, following the pages of the listing. */
    List<Shard> list() {
        List<Shard> all = new ArrayList<>();
        ListShardsResponse page = kinesis.listShards(b -> b.streamName(stream));
        all.addAll(page.shards());
        while (page.nextToken() != null) {
            String token = page.nextToken();
            page = kinesis.listShards(b -> b.nextToken(token));
            all.addAll(page.shards());
        }
        return all;
    }

    String iterator(String shardId, ShardIteratorType type, String sequenceNumber, Instant timestamp) {
        return kinesis.getShardIterator(b -> b.streamName(stream)
                        .shardId(shardId)
                        .shardIteratorType(type)
                        .startingSequenceNumber(sequenceNumber)
                        .timestamp(timestamp))
                .shardIterator();
    }

    GetRecordsResponse records(String iterator, int limit) {
        return kinesis.getRecords(b -> b.shardIterator(iterator).limit(limit));
    }

    static boolean isOpen(Shard shard) {
        return shard.sequenceNumberRange() == null
                || shard.sequenceNumberRange().endingSequenceNumber() == null;
    }
}
