package io.sportsfeeds.adapters.aws;

import static io.sportsfeeds.adapters.aws.Attributes.s;

import io.sportsfeeds.adapters.aws.Table.Expression;
import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.HistoryQuery;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.port.OddsStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * A development aid for a table emulator without Kinesis Data Streams for DynamoDB (dynalite): the
 * DynamoDB odds store, and after each append that stored updates, the change records the streaming
 * destination would have written for their odds history items, put on the stream with
 * {@code PutRecords}. Everything downstream (the Kinesis reader, the decoder, the publisher) then
 * runs as in production. Not for a table that has a real streaming destination: each change would
 * arrive twice (harmless, since the publisher drops repeats, but pointless).
 *
 * <h2>Which records, and why read back</h2>
 *
 * One {@code INSERT} record per stored, non-duplicate update: its history item as the table holds
 * it, read back with one strongly consistent query per game of the append (the range of its new
 * seqs). The store picks the store time ({@code CREATED}: never earlier than the game's previous
 * update) and the claim token itself, so an item built from the outcomes could differ from the one
 * stored, and a change pushed from the stream would then differ from the same change read from
 * the table when the publisher fills a gap. Read back, the record's {@code NewImage} is the item,
 * {@code ApproximateCreationDateTime} its store time, the partition key that of its game. Writes
 * of latest items, connections and published seqs are not emulated: the decoder ignores them.
 *
 * <h2>When the put fails</h2>
 *
 * The updates are stored and stay acknowledged: a failure to read them back or to put their
 * records is logged (once, until a put works again) and the append answers as the store did. The
 * records are lost, which the production path also allows (a reader that skips a record): the
 * publisher fills the gap from the table when the game's next change arrives. Records Kinesis
 * refuses one by one (throttling) are put again up to {@value #PUT_ATTEMPTS} times in all first.
 */
public final class EmulatedStreamingDestination implements OddsStore {
    private static final System.Logger LOG = System.getLogger(EmulatedStreamingDestination.class.getName());
    /** PutRecords takes at most 500 records and 5 MiB per call. */
    static final int MAX_RECORDS_PER_PUT = 500;

    private static final long MAX_BYTES_PER_PUT = 4L * 1024 * 1024;
    static final int PUT_ATTEMPTS = 3;

    private final OddsStore store;
    private final Table table;
    private final KinesisClient kinesis;
    private final String stream;
    private final ChangeRecordEncoder encoder;
    private final AtomicBoolean failing = new AtomicBoolean();

    private EmulatedStreamingDestination(OddsStore store, Table table, KinesisClient kinesis, AwsSettings settings) {
        this.store = store;
        this.table = table;
        this.kinesis = kinesis;
        this.stream = settings.stream();
        this.encoder = new ChangeRecordEncoder(settings.table(), settings.region());
    }

    /**
     * The DynamoDB odds store of {@code settings.table()}, putting its changes on {@code settings.stream()}.
     *
     * @param store the table's odds store ({@link DynamoDbStores#oddsStore()})
     * @param dynamo the client the store's table is read with
     * @param kinesis the client the records are put with, owned by the caller
     */
    public static OddsStore around(
            OddsStore store, DynamoDbClient dynamo, KinesisClient kinesis, AwsSettings settings) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(kinesis, "kinesis");
        return new EmulatedStreamingDestination(
                store, new Table(dynamo, settings.table(), Backoff.STANDARD), kinesis, settings);
    }

    @Override
    public List<AppendOutcome> append(List<OddsUpdate> updates) {
        List<AppendOutcome> outcomes = store.append(updates);
        Map<String, TreeSet<Long>> storedSeqs = new LinkedHashMap<>();
        for (AppendOutcome outcome : outcomes) {
            if (!outcome.duplicate()) {
                storedSeqs
                        .computeIfAbsent(outcome.gameId(), game -> new TreeSet<>())
                        .add(outcome.seq());
            }
        }
        if (storedSeqs.isEmpty()) {
            return outcomes;
        }
        try {
            int refused = put(records(storedSeqs));
            if (refused > 0) {
                warn(
                        refused + " change records were refused by the Kinesis stream " + stream + " after "
                                + PUT_ATTEMPTS + " tries",
                        null);
            } else if (failing.compareAndSet(true, false)) {
                LOG.log(
                        System.Logger.Level.INFO,
                        "emulated streaming destination: putting change records on " + stream + " works again");
            }
        } catch (RuntimeException e) {
            // Stored and acknowledged regardless; the publisher fills the gap from the table (class comment).
            warn(
                    "the change records of "
                            + storedSeqs.values().stream()
                                    .mapToInt(TreeSet::size)
                                    .sum() + " stored updates were not put on the Kinesis stream " + stream,
                    e);
        }
        return outcomes;
    }

    /** The records of the stored updates' history items, each game's in seq order. */
    private List<PutRecordsRequestEntry> records(Map<String, TreeSet<Long>> storedSeqs) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        storedSeqs.forEach((gameId, seqs) -> {
            Expression range = Expression.of("#pk = :pk AND #sk BETWEEN :first AND :last")
                    .name("#pk", Layout.PK)
                    .name("#sk", Layout.SK)
                    .value(":pk", s(gameId))
                    .value(":first", s(Layout.oddsKey(seqs.first())))
                    .value(":last", s(Layout.oddsKey(seqs.last())));
            for (Map<String, AttributeValue> item :
                    table.queryAll(Table.query(range).consistentRead(true).build())) {
                if (seqs.contains(Attributes.longValue(item, Layout.SEQ))) {
                    Instant created = Instant.ofEpochMilli(Attributes.longValue(item, Layout.CREATED));
                    entries.add(PutRecordsRequestEntry.builder()
                            .data(SdkBytes.fromByteArray(encoder.insert(item, created)))
                            .partitionKey(ChangeRecordEncoder.partitionKey(item))
                            .build());
                }
            }
        });
        return entries;
    }

    /** Puts the records in calls within PutRecords' limits; answers how many were refused to the end. */
    private int put(List<PutRecordsRequestEntry> entries) {
        int refused = 0;
        int from = 0;
        while (from < entries.size()) {
            int to = from;
            long bytes = 0;
            while (to < entries.size() && to - from < MAX_RECORDS_PER_PUT) {
                long size = entries.get(to).data().asByteArrayUnsafe().length
                        + entries.get(to).partitionKey().length();
                if (to > from && bytes + size > MAX_BYTES_PER_PUT) {
                    break;
                }
                bytes += size;
                to++;
            }
            refused += putAll(entries.subList(from, to));
            from = to;
        }
        return refused;
    }

    private int putAll(List<PutRecordsRequestEntry> entries) {
        List<PutRecordsRequestEntry> pending = entries;
        for (int attempt = 1; ; attempt++) {
            List<PutRecordsRequestEntry> batch = pending;
            PutRecordsResponse response;
            try {
                response = kinesis.putRecords(r -> r.streamName(stream).records(batch));
            } catch (SdkException e) {
                throw new IllegalStateException(
                        "PutRecords of " + batch.size() + " records on " + stream + " failed: " + e.getMessage(), e);
            }
            if (response.failedRecordCount() == null || response.failedRecordCount() == 0) {
                return 0;
            }
            List<PutRecordsRequestEntry> refused = new ArrayList<>();
            List<PutRecordsResultEntry> results = response.records();
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i).errorCode() != null) {
                    refused.add(batch.get(i));
                }
            }
            if (attempt == PUT_ATTEMPTS) {
                return refused.size();
            }
            pending = refused;
            try {
                Thread.sleep(100L << attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return refused.size();
            }
        }
    }

    private void warn(String what, RuntimeException cause) {
        if (failing.compareAndSet(false, true)) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "emulated streaming destination: " + what + (cause == null ? "" : ": " + cause.getMessage())
                            + "; the updates are stored, and subscribers get them when their game's next change fills the gap"
                            + " (further failures are not logged until a put works again)");
        }
    }

    @Override
    public List<CapturedChange> latest(String gameId) {
        return store.latest(gameId);
    }

    @Override
    public List<CapturedChange> history(HistoryQuery query) {
        return store.history(query);
    }

    @Override
    public List<CapturedChange> changesAfter(String gameId, long afterSeq, int limit) {
        return store.changesAfter(gameId, afterSeq, limit);
    }

    @Override
    public String epoch() {
        return store.epoch();
    }
}
