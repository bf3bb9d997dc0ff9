package io.sportsfeeds.app.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.sportsfeeds.adapters.aws.ChangeRecordDecoder;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.usecase.PublishChanges;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Consumes the Kinesis stream that Kinesis Data Streams for DynamoDB writes: decodes each record,
 * hands the batch to the core's {@link PublishChanges} (ordering, repeats and gaps are handled
 * there, once) and answers the earliest record that must be retried as the batch item failure,
 * so the event source mapping retries from it and skips nothing after it. A malformed record is
 * logged with its sequence number and skipped: the publisher fills the gap it leaves from the
 * store; other items' records (latest odds, connections) are ignored.
 */
public final class StreamConsumerHandler implements RequestHandler<KinesisEvent, StreamsEventResponse> {
    private static final System.Logger LOG = System.getLogger(StreamConsumerHandler.class.getName());

    private final ChangeRecordDecoder decoder;
    private final PublishChanges publish;

    /** Builds its collaborators once, from the function's environment ({@link LambdaWiring}). */
    public StreamConsumerHandler() {
        this(LambdaWiring.fromEnvironment(System.getenv()));
    }

    private StreamConsumerHandler(LambdaWiring wiring) {
        this(wiring.decoder(), wiring.publishChanges());
    }

    public StreamConsumerHandler(ChangeRecordDecoder decoder, PublishChanges publish) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.publish = Objects.requireNonNull(publish, "publish");
    }

    /** A decoded change with the record it came from. */
    private record FromRecord(String sequenceNumber, CapturedChange change) {}

    @Override
    public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
        List<FromRecord> decoded = new ArrayList<>();
        for (KinesisEvent.KinesisEventRecord record : event.getRecords()) {
            String sequenceNumber = record.getKinesis().getSequenceNumber();
            switch (decoder.decode(sequenceNumber, record.getKinesis().getData())) {
                case ChangeRecordDecoder.Decoded change -> decoded.add(new FromRecord(sequenceNumber, change.change()));
                case ChangeRecordDecoder.Ignored ignored -> {}
                case ChangeRecordDecoder.Malformed malformed ->
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "skipping malformed record " + sequenceNumber + ": " + malformed.reason());
            }
        }
        PublishChanges.Report report =
                publish.publish(decoded.stream().map(FromRecord::change).toList());
        if (report.complete()) {
            return new StreamsEventResponse(List.of());
        }
        LOG.log(
                System.Logger.Level.WARNING,
                report.retry().size() + " changes to retry: "
                        + (report.failure() == null ? "" : report.failure().getMessage()));
        // Every change of a game from its first failure on is to retry: the earliest record of such a
        // game is where the retry must start (records before it are done; the rest repeat harmlessly).
        Set<String> failedGames = new HashSet<>();
        report.retry().forEach(change -> failedGames.add(change.gameId()));
        for (FromRecord record : decoded) {
            if (failedGames.contains(record.change().gameId())) {
                return new StreamsEventResponse(
                        List.of(new StreamsEventResponse.BatchItemFailure(record.sequenceNumber())));
            }
        }
        // The changes to retry were filled from the store, not carried by this batch: retry it whole.
        return new StreamsEventResponse(List.of(new StreamsEventResponse.BatchItemFailure(
                event.getRecords().getFirst().getKinesis().getSequenceNumber())));
    }
}
