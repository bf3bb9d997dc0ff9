package io.sportsfeeds.adapters.aws;

import static io.sportsfeeds.core.fakes.Updates.uniqueGameId;
import static io.sportsfeeds.core.fakes.Updates.update;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.fakes.Await;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.port.ChangeStream;
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
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the Kinesis reader's tests share: kinesis-local, readers of a stream, a recorder of what they
 * hand over, and where Kinesis places a game's records.
 */
@ExtendWith(KinesisLocal.Extension.class)
abstract class KinesisChangeStreamFixture {
    static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(20);
    static KinesisLocal kinesis;

    final MutableClock storeClock = new MutableClock(Instant.parse("2026-12-01T19:31:00Z"));
    final List<ChangeStream.Subscription> subscriptions = new ArrayList<>();
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

    private static AwsSettings settings(String stream) {
        return new AwsSettings(
                KinesisLocal.REGION.id(),
                StreamedOddsStore.TABLE,
                stream,
                Optional.empty(),
                Optional.of(kinesis.endpoint()));
    }

    static KinesisChangeStream reader(software.amazon.awssdk.services.kinesis.KinesisClient client, String stream) {
        return KinesisChangeStream.create(client, settings(stream), Clock.systemUTC(), POLL);
    }

    /** A reader with a client of its own, as app-local builds it (closed after the test). */
    KinesisChangeStream reader(String stream) {
        software.amazon.awssdk.services.kinesis.KinesisClient client =
                KinesisChangeStream.newClient(settings(stream), KinesisLocal.CREDENTIALS);
        clients.add(client);
        return reader(client, stream);
    }

    /** Games whose changes land in the lower half of the hash key range, then as many in the upper half. */
    static List<String> gamesInEachHalfOfTheHashRange(int each) {
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

    static List<Thread> threadsOf(String stream) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().contains(stream) && t.isAlive())
                .toList();
    }

    /** Records every change handed over, in order; answers what its delegate answers. */
    static final class Recorder implements ChangeStream.BatchHandler {
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

    /**
     * Appends one update of each marker game and waits for them: a shard's changes are handed over in
     * its order, so with a marker on every shard of the stream, whatever the stream held before them
     * has been handed over by then. What has not arrived by then never will.
     */
    static void passMarkers(StreamedOddsStore store, Recorder recorder, List<String> markerGames) {
        for (String marker : markerGames) {
            store.store().append(List.of(update(marker, "spread", -100, 1_764_617_499L)));
        }
        Await.until(
                WAIT,
                () -> markerGames.stream()
                        .allMatch(marker -> !recorder.seqsOf(marker).isEmpty()),
                () -> "markers " + markerGames + " not handed over: " + recorder.changes());
    }

    /** Where Kinesis places a game's records: the MD5 of their partition key, read as a 128-bit number. */
    static BigInteger hashKeyOf(String game) {
        return new BigInteger(
                1,
                md5(ChangeRecordEncoder.partitionKey(
                        Map.of("PK", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(game)))));
    }
}
