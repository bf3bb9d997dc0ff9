package io.sportsfeeds.app.lambda;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import io.sportsfeeds.adapters.aws.AwsSettings;
import io.sportsfeeds.adapters.aws.ChangeRecordEncoder;
import io.sportsfeeds.adapters.aws.KinesisLocal;
import io.sportsfeeds.core.fakes.Await;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * What Kinesis Data Streams for DynamoDB does for the table, which dynalite cannot: the odds history
 * items the functions stored, read back from the table, become the {@code INSERT} change records it
 * would write ({@link ChangeRecordEncoder}), put on a one-shard stream of kinesis-local (so their
 * sequence numbers and arrival times are Kinesis's), read from the shard and turned into the event
 * the event source mapping hands the stream consumer (the shape of AWS's sample Kinesis event).
 */
final class ChangeStream {
    private final KinesisLocal kinesis;
    private final DynamoDbClient dynamo;
    private final AwsSettings table;
    private final String stream;
    private final ChangeRecordEncoder encoder;
    private String nextIterator;

    ChangeStream(KinesisLocal kinesis, DynamoDbClient dynamo, AwsSettings table) {
        this.kinesis = kinesis;
        this.dynamo = dynamo;
        this.table = table;
        this.stream = kinesis.createStream("lambda-changes", 1);
        this.encoder = new ChangeRecordEncoder(table.table(), table.region());
        String shard = kinesis.client()
                .listShards(r -> r.streamName(stream))
                .shards()
                .getFirst()
                .shardId();
        nextIterator = kinesis.client()
                .getShardIterator(
                        r -> r.streamName(stream).shardId(shard).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
    }

    /** The odds history items of {@code gameId} as the table holds them, in seq order. */
    List<Map<String, AttributeValue>> historyItems(String gameId) {
        return dynamo.query(r -> r.tableName(table.table())
                        .consistentRead(true)
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :odds)")
                        .expressionAttributeNames(Map.of("#pk", "PK", "#sk", "SK"))
                        .expressionAttributeValues(
                                Map.of(":pk", AttributeValue.fromS(gameId), ":odds", AttributeValue.fromS("odds#"))))
                .items();
    }

    /** Puts the {@code INSERT} records of these items on the stream, in this order. */
    void put(List<Map<String, AttributeValue>> items) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            Instant created =
                    Instant.ofEpochMilli(Long.parseLong(item.get("CREATED").n()));
            entries.add(PutRecordsRequestEntry.builder()
                    .data(SdkBytes.fromByteArray(encoder.insert(item, created)))
                    .partitionKey(ChangeRecordEncoder.partitionKey(item))
                    .build());
        }
        var response = kinesis.client().putRecords(r -> r.streamName(stream).records(entries));
        if (response.failedRecordCount() != null && response.failedRecordCount() > 0) {
            throw new IllegalStateException("kinesis-local refused " + response.failedRecordCount() + " records");
        }
    }

    /** Puts raw bytes as one record (a record the decoder cannot read, for instance). */
    void putRaw(byte[] data, String partitionKey) {
        kinesis.client()
                .putRecord(r ->
                        r.streamName(stream).data(SdkBytes.fromByteArray(data)).partitionKey(partitionKey));
    }

    /** The next {@code expected} records put on the stream, as the event source mapping's event. */
    KinesisEvent nextEvent(int expected) {
        List<Record> records = new ArrayList<>();
        Await.until(
                Duration.ofSeconds(20),
                () -> {
                    var response = kinesis.client().getRecords(r -> r.shardIterator(nextIterator));
                    nextIterator = response.nextShardIterator();
                    records.addAll(response.records());
                    return records.size() >= expected;
                },
                () -> records.size() + " of " + expected + " records read from " + stream);
        records.sort(Comparator.comparing(record -> new BigInteger(record.sequenceNumber())));
        return event(records);
    }

    /** The records in the shape of AWS's sample Kinesis event ({@code aws/kinesis-event.json}). */
    static KinesisEvent event(List<Record> records) {
        KinesisEvent event = Events.read("aws/kinesis-event.json", KinesisEvent.class);
        KinesisEvent.KinesisEventRecord template = event.getRecords().getFirst();
        List<KinesisEvent.KinesisEventRecord> converted = new ArrayList<>();
        for (Record record : records) {
            KinesisEvent.KinesisEventRecord eventRecord = new KinesisEvent.KinesisEventRecord();
            eventRecord.setEventSource(template.getEventSource());
            eventRecord.setEventVersion(template.getEventVersion());
            eventRecord.setEventName(template.getEventName());
            eventRecord.setInvokeIdentityArn(template.getInvokeIdentityArn());
            eventRecord.setAwsRegion(template.getAwsRegion());
            eventRecord.setEventSourceARN(template.getEventSourceARN());
            eventRecord.setEventID("shardId-000000000000:" + record.sequenceNumber());
            KinesisEvent.Record kinesis = new KinesisEvent.Record();
            kinesis.setKinesisSchemaVersion(template.getKinesis().getKinesisSchemaVersion());
            kinesis.setPartitionKey(record.partitionKey());
            kinesis.setSequenceNumber(record.sequenceNumber());
            kinesis.setData(record.data().asByteBuffer());
            kinesis.setApproximateArrivalTimestamp(Date.from(record.approximateArrivalTimestamp()));
            eventRecord.setKinesis(kinesis);
            converted.add(eventRecord);
        }
        event.setRecords(converted);
        return event;
    }
}
