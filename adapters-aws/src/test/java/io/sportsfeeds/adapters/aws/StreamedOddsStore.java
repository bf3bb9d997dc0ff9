package io.sportsfeeds.adapters.aws;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.fakes.InMemoryOddsStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

/**
 * Core's in-memory odds store with a streaming destination, as DynamoDB's table would have one:
 * every commit is put on a Kinesis stream as the change records of its odds history items, one
 * record per change, each on the shard of its game.
 */
final class StreamedOddsStore {
    static final String TABLE = "sportsfeeds";
    private static final Duration RETENTION = Duration.ofDays(365);

    private final InMemoryOddsStore store;
    private final KinesisClient kinesis;
    private final String stream;
    private final ChangeRecordEncoder encoder = new ChangeRecordEncoder(TABLE, KinesisLocal.REGION.id());

    StreamedOddsStore(Clock clock, KinesisClient kinesis, String stream) {
        this.store = new InMemoryOddsStore(clock);
        this.kinesis = kinesis;
        this.stream = stream;
        store.onCommit(this::put);
    }

    InMemoryOddsStore store() {
        return store;
    }

    /** Puts the changes' records on the stream; answers their sequence numbers, in order. */
    List<String> put(List<CapturedChange> changes) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>(changes.size());
        for (CapturedChange change : changes) {
            Map<String, AttributeValue> item = ChangeRecordEncoder.oddsHistoryItem(
                    change, change.storedAt().plus(RETENTION));
            entries.add(entry(encoder.insert(item, change.storedAt()), ChangeRecordEncoder.partitionKey(item)));
        }
        return putRecords(entries);
    }

    /** Puts raw records (any bytes) on the shard of {@code gameId}; answers their sequence numbers. */
    List<String> putRaw(String gameId, List<byte[]> records) {
        String partitionKey = ChangeRecordEncoder.partitionKey(Map.of("PK", AttributeValue.fromS(gameId)));
        return putRecords(
                records.stream().map(data -> entry(data, partitionKey)).toList());
    }

    ChangeRecordEncoder encoder() {
        return encoder;
    }

    private List<String> putRecords(List<PutRecordsRequestEntry> entries) {
        PutRecordsResponse response =
                kinesis.putRecords(b -> b.streamName(stream).records(entries));
        if (response.failedRecordCount() != null && response.failedRecordCount() > 0) {
            throw new IllegalStateException(
                    response.failedRecordCount() + " records were not put on " + stream + ": " + response.records());
        }
        return response.records().stream().map(r -> r.sequenceNumber()).toList();
    }

    private static PutRecordsRequestEntry entry(byte[] data, String partitionKey) {
        return PutRecordsRequestEntry.builder()
                .data(SdkBytes.fromByteArray(data))
                .partitionKey(partitionKey)
                .build();
    }
}
