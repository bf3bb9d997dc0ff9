package io.sportsfeeds.core.contract;

import static io.sportsfeeds.core.fakes.Updates.uniqueGameId;
import static io.sportsfeeds.core.fakes.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.Connection;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.fakes.Await;
import io.sportsfeeds.core.fakes.InMemoryConnectionStore;
import io.sportsfeeds.core.fakes.InMemoryPublishedSeqs;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.fakes.RecordingConnectionGateway;
import io.sportsfeeds.core.port.ChangeStream;
import io.sportsfeeds.core.port.OddsStore;
import io.sportsfeeds.core.usecase.DeliveryOrder;
import io.sportsfeeds.core.usecase.PublishChanges;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every driver of the publisher achieves together with it: whatever its change stream does
 * (a clean commit order, or repeats, reordering and late changes), each change reaches each
 * receiver exactly once, in its game's sequence order. An adapter's test extends this and supplies
 * an odds store and the change stream that captures its appends.
 */
public abstract class ChangeStreamContract {
    private static final Duration WAIT = Duration.ofSeconds(20);

    protected final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T19:31:00Z"));

    /** An odds store and the change stream that captures its appends. */
    public record Pair(OddsStore store, ChangeStream stream) {}

    protected abstract Pair newPair(MutableClock clock);

    private Pair pair;
    private final InMemoryConnectionStore connections = new InMemoryConnectionStore();
    private final InMemoryPublishedSeqs published = new InMemoryPublishedSeqs();
    private final RecordingConnectionGateway gateway = new RecordingConnectionGateway();
    private PublishChanges publish;
    private ChangeStream.Subscription subscription;

    @BeforeEach
    void wirePublisher() {
        pair = newPair(clock);
        publish = new PublishChanges(
                pair.store(),
                published,
                connections,
                gateway,
                change -> change.gameId() + "#" + change.seq(),
                clock,
                new DeliveryOrder());
    }

    @AfterEach
    void stopFollowing() {
        if (subscription != null) {
            subscription.close();
        }
    }

    @Test
    void deliversEachChangeOnceInSeqOrder_toEachReceiver_whileWritersAppendConcurrently() throws Exception {
        List<String> games = List.of(uniqueGameId(), uniqueGameId(), uniqueGameId());
        games.forEach(game -> published.advance(game, 0));
        String everyGame = receiver(Set.of());
        String firstGameOnly = receiver(Set.of(games.getFirst()));
        subscription = pair.stream().follow(batch -> publish.publish(batch).retry());

        int writers = 4;
        int appendsPerWriter = 25;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int a = 0; a < appendsPerWriter; a++) {
                        List<OddsUpdate> batch = new ArrayList<>();
                        for (String game : games) {
                            batch.add(update(game, "spread", -100 - writer, 1_764_617_400_000L + writer * 1_000L + a));
                        }
                        pair.store().append(batch);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        long perGame = (long) writers * appendsPerWriter;
        List<String> expectedEveryGame = new ArrayList<>();
        List<String> expectedFirstGame = frames(games.getFirst(), perGame);
        Await.until(
                WAIT,
                () -> gateway.framesSentTo(everyGame).size() >= perGame * games.size()
                        && gateway.framesSentTo(firstGameOnly).size() >= perGame,
                () -> gateway.framesSentTo(everyGame).size() + " and "
                        + gateway.framesSentTo(firstGameOnly).size() + " frames arrived");
        for (String game : games) {
            expectedEveryGame.addAll(frames(game, perGame));
            assertThat(gateway.framesSentTo(everyGame).stream()
                            .filter(f -> f.startsWith(game + "#"))
                            .toList())
                    .containsExactlyElementsOf(frames(game, perGame));
        }
        assertThat(gateway.framesSentTo(everyGame)).hasSameSizeAs(expectedEveryGame);
        assertThat(gateway.framesSentTo(firstGameOnly)).containsExactlyElementsOf(expectedFirstGame);
    }

    @Test
    void handsOverAgain_theChangesTheHandlerAnswersForRetry() {
        String game = uniqueGameId();
        published.advance(game, 0);
        String receiver = receiver(Set.of(game));
        AtomicBoolean refusedOnce = new AtomicBoolean();
        List<List<CapturedChange>> batches = new java.util.concurrent.CopyOnWriteArrayList<>();
        subscription = pair.stream().follow(batch -> {
            batches.add(batch);
            return refusedOnce.compareAndSet(false, true)
                    ? batch
                    : publish.publish(batch).retry();
        });

        pair.store()
                .append(IntStream.range(0, 3)
                        .mapToObj(i -> update(game, "total", 200 + i, 1_764_617_400L + i))
                        .toList());

        Await.until(
                WAIT,
                () -> gateway.framesSentTo(receiver).size() >= 3,
                () -> gateway.framesSentTo(receiver) + " arrived");
        assertThat(gateway.framesSentTo(receiver)).containsExactlyElementsOf(frames(game, 3));
        assertThat(batches.size()).isGreaterThanOrEqualTo(2);
    }

    private String receiver(Set<String> games) {
        String id = "conn-" + java.util.UUID.randomUUID();
        connections.save(
                games.isEmpty()
                        ? Connection.toEveryGame(
                                id,
                                "client-001",
                                clock.instant(),
                                clock.instant().plus(Duration.ofHours(2)))
                        : Connection.toGames(
                                id,
                                "client-001",
                                clock.instant(),
                                clock.instant().plus(Duration.ofHours(2)),
                                games));
        gateway.open(id);
        return id;
    }

    private static List<String> frames(String game, long count) {
        return LongStream.rangeClosed(1, count)
                .mapToObj(seq -> game + "#" + seq)
                .toList();
    }
}
