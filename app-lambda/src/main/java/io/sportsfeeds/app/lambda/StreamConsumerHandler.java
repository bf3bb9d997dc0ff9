package io.sportsfeeds.app.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.sportsfeeds.adapters.aws.ChangeRecordDecoder;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.usecase.PublishChanges;
import io.sportsfeeds.core.usecase.RevokeClients;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Consumes the Kinesis stream that Kinesis Data Streams for DynamoDB writes: decodes each record,
 * hands the batch to the core's {@link PublishChanges} (ordering, repeats and gaps are handled
 * there, once) and answers the earliest record that must be retried as the batch item failure,
 * so the event source mapping retries from it and skips nothing after it. A malformed record is
 * logged with its sequence number and skipped: the publisher fills the gap it leaves from the
 * store; other items' records (latest odds, connections) are ignored.
 *
 * <p>A record saying a client is no longer active (an admin deactivated it, or its item was
 * deleted) has its connections cut off ({@link RevokeClients}) before the batch's odds are
 * published, so none of them goes to a client cut off in the same batch. When the revocation fails
 * (the store), the client's first such record is retried, as a failed odds change would be;
 * connections forgotten but not closed are logged and counted, not retried: they receive nothing
 * any more, and a retry would not find them.
 */
public final class StreamConsumerHandler implements RequestHandler<KinesisEvent, StreamsEventResponse> {
    /** The {@code Function} dimension of its metrics. */
    static final String FUNCTION = "stream-consumer";

    private final ChangeRecordDecoder decoder;
    private final PublishChanges publish;
    private final RevokeClients revoke;
    private final Telemetry telemetry;

    /** Builds its collaborators once, from the function's environment ({@link LambdaWiring}). */
    public StreamConsumerHandler() {
        this(LambdaWiring.fromEnvironment(System.getenv()), Telemetry.standard(FUNCTION, System.getenv()));
    }

    StreamConsumerHandler(LambdaWiring wiring, Telemetry telemetry) {
        this(wiring.decoder(), wiring.publishChanges(), wiring.revokeClients(), telemetry);
    }

    /** Logs and metrics on standard output. */
    public StreamConsumerHandler(ChangeRecordDecoder decoder, PublishChanges publish, RevokeClients revoke) {
        this(decoder, publish, revoke, Telemetry.standard(FUNCTION, Map.of()));
    }

    StreamConsumerHandler(
            ChangeRecordDecoder decoder, PublishChanges publish, RevokeClients revoke, Telemetry telemetry) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.publish = Objects.requireNonNull(publish, "publish");
        this.revoke = Objects.requireNonNull(revoke, "revoke");
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
    }

    /** A decoded change with the record it came from. */
    private record FromRecord(String sequenceNumber, CapturedChange change) {}

    /** What revoking the batch's deactivated clients did; {@code retryFrom} is set when it failed. */
    private record Revocation(int revoked, int notClosed, String retryFrom) {
        static final Revocation NONE = new Revocation(0, 0, null);
    }

    @Override
    public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
        telemetry.begin(context, null);
        try {
            return consume(event.getRecords() == null ? List.of() : event.getRecords());
        } finally {
            telemetry.end();
        }
    }

    private StreamsEventResponse consume(List<KinesisEvent.KinesisEventRecord> records) {
        List<FromRecord> decoded = new ArrayList<>();
        // Each deactivated client's first record, and each client given a new secret's: where a
        // failed revocation is retried from.
        Map<String, String> deactivated = new LinkedHashMap<>();
        Map<String, String> rekeyed = new LinkedHashMap<>();
        long malformed = 0;
        Instant oldestArrival = null;
        for (KinesisEvent.KinesisEventRecord record : records) {
            String sequenceNumber = record.getKinesis().getSequenceNumber();
            if (record.getKinesis().getApproximateArrivalTimestamp() != null) {
                Instant arrival =
                        record.getKinesis().getApproximateArrivalTimestamp().toInstant();
                oldestArrival = oldestArrival == null || arrival.isBefore(oldestArrival) ? arrival : oldestArrival;
            }
            switch (decoder.decode(sequenceNumber, record.getKinesis().getData())) {
                case ChangeRecordDecoder.Decoded change -> decoded.add(new FromRecord(sequenceNumber, change.change()));
                case ChangeRecordDecoder.ClientChanged client -> {
                    if (!client.active()) {
                        deactivated.putIfAbsent(client.clientId(), sequenceNumber);
                    } else if (client.secretChanged()) {
                        rekeyed.putIfAbsent(client.clientId(), sequenceNumber);
                    }
                }
                case ChangeRecordDecoder.Ignored ignored -> {}
                case ChangeRecordDecoder.Malformed bad -> {
                    malformed++;
                    telemetry.warn(
                            "skipping a malformed record",
                            Telemetry.fields("sequenceNumber", sequenceNumber, "reason", bad.reason()));
                }
            }
        }
        telemetry.count("Records", records.size());
        telemetry.count("Malformed", malformed);
        if (oldestArrival != null) {
            // How far behind the stream this batch was: its oldest record's age when the function got it.
            telemetry.milliseconds(
                    "IteratorAge", Math.max(0, telemetry.clock().millis() - oldestArrival.toEpochMilli()));
        }
        Revocation revocation = revoke(records, deactivated, rekeyed);
        PublishChanges.Report report =
                publish.publish(decoded.stream().map(FromRecord::change).toList());
        telemetry.count("Published", report.published());
        telemetry.count("Pushed", report.framesDelivered());
        telemetry.count("GoneConnections", report.gone().size());
        String failedFrom = earliest(
                records, report.complete() ? null : firstToRetry(records, decoded, report), revocation.retryFrom());
        telemetry.count("RevokedConnections", revocation.revoked());
        telemetry.count("UnclosedConnections", revocation.notClosed());
        telemetry.count("BatchItemFailures", failedFrom == null ? 0 : 1);
        Map<String, Object> fields = Telemetry.fields(
                "records", records.size(),
                "decoded", decoded.size(),
                "malformed", malformed,
                "published", report.published(),
                "pushed", report.framesDelivered(),
                "gone", report.gone().size(),
                "retry", report.retry().size(),
                "deactivatedClients", deactivated.size(),
                "rekeyedClients", rekeyed.size(),
                "revoked", revocation.revoked(),
                "notClosed", revocation.notClosed(),
                "retryFrom", failedFrom,
                "failure", report.failure() == null ? null : report.failure().getMessage());
        if (failedFrom == null) {
            telemetry.info("batch", fields);
            return new StreamsEventResponse(List.of());
        }
        telemetry.warn("batch to retry", fields);
        return new StreamsEventResponse(List.of(new StreamsEventResponse.BatchItemFailure(failedFrom)));
    }

    /**
     * Cuts off the clients deactivated in this batch, and the connections of those given a new
     * secret. A failure (the registry, the store) is retried from the first of their records;
     * connections the gateway could not close are logged.
     */
    private Revocation revoke(
            List<KinesisEvent.KinesisEventRecord> records,
            Map<String, String> deactivated,
            Map<String, String> rekeyed) {
        if (deactivated.isEmpty() && rekeyed.isEmpty()) {
            return Revocation.NONE;
        }
        try {
            List<RevokeClients.Report> reports = new ArrayList<>();
            if (!deactivated.isEmpty()) {
                reports.add(revoke.revoke(deactivated.keySet()));
            }
            if (!rekeyed.isEmpty()) {
                reports.add(revoke.revokeSecretChanged(rekeyed.keySet()));
            }
            List<String> notClosed = reports.stream()
                    .flatMap(report -> report.notClosed().stream())
                    .toList();
            if (!notClosed.isEmpty()) {
                telemetry.warn(
                        "revoked connections left open",
                        Telemetry.fields(
                                "clients", List.copyOf(deactivated.keySet()),
                                "rekeyedClients", List.copyOf(rekeyed.keySet()),
                                "notClosed", notClosed));
            }
            int revoked =
                    reports.stream().mapToInt(report -> report.revoked().size()).sum();
            return new Revocation(revoked, notClosed.size(), null);
        } catch (RuntimeException e) {
            String retryFrom = earliest(records, first(deactivated), first(rekeyed));
            telemetry.warn(
                    "revocation to retry",
                    Telemetry.fields(
                            "clients", List.copyOf(deactivated.keySet()),
                            "rekeyedClients", List.copyOf(rekeyed.keySet()),
                            "retryFrom", retryFrom,
                            "failure", e.getMessage()));
            return new Revocation(0, 0, retryFrom);
        }
    }

    private static String first(Map<String, String> recordByClient) {
        return recordByClient.isEmpty()
                ? null
                : recordByClient.values().iterator().next();
    }

    /** Of two records to retry from (either may be null), the one earlier in the batch. */
    private static String earliest(List<KinesisEvent.KinesisEventRecord> records, String one, String other) {
        if (one == null || other == null) {
            return one == null ? other : one;
        }
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            position.putIfAbsent(records.get(i).getKinesis().getSequenceNumber(), i);
        }
        return position.get(one) <= position.get(other) ? one : other;
    }

    /**
     * The earliest record the event source mapping must retry from. Every change of a game from its
     * first failure on is to retry: the earliest record of such a game is where the retry must start
     * (records before it are done; the rest repeat harmlessly). When the changes to retry were filled
     * from the store, not carried by this batch, the batch is retried whole.
     */
    private static String firstToRetry(
            List<KinesisEvent.KinesisEventRecord> records, List<FromRecord> decoded, PublishChanges.Report report) {
        Set<String> failedGames = new HashSet<>();
        report.retry().forEach(change -> failedGames.add(change.gameId()));
        for (FromRecord record : decoded) {
            if (failedGames.contains(record.change().gameId())) {
                return record.sequenceNumber();
            }
        }
        return records.isEmpty() ? null : records.getFirst().getKinesis().getSequenceNumber();
    }
}
