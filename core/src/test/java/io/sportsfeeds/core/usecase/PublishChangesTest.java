package io.sportsfeeds.core.usecase;

import static io.sportsfeeds.core.fakes.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.Connection;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.fakes.InMemoryConnectionStore;
import io.sportsfeeds.core.fakes.InMemoryOddsStore;
import io.sportsfeeds.core.fakes.InMemoryPublishedSeqs;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.fakes.RecordingConnectionGateway;
import io.sportsfeeds.core.port.ConnectionGateway;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PublishChangesTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T19:31:00Z"));
    private final InMemoryOddsStore odds = new InMemoryOddsStore(clock);
    private final InMemoryPublishedSeqs published = new InMemoryPublishedSeqs();
    private final InMemoryConnectionStore connections = new InMemoryConnectionStore();
    private final RecordingConnectionGateway gateway = new RecordingConnectionGateway();
    private final AtomicInteger encodings = new AtomicInteger();
    private final PublishChanges publish = new PublishChanges(
            odds,
            published,
            connections,
            gateway,
            change -> {
                encodings.incrementAndGet();
                return change.gameId() + "#" + change.seq();
            },
            clock,
            new DeliveryOrder());

    @Test
    void encodesEachChangeOnce_andSendsTheBatchInOneCall_toEveryReceiverOfItsGame() {
        receiver("conn-all", Set.of());
        receiver("conn-game-1", Set.of("game-1"));
        receiver("conn-game-2", Set.of("game-2"));

        PublishChanges.Report report = publish.publish(List.of(change("game-1", 1), change("game-1", 2)));

        assertThat(encodings).hasValue(2);
        assertThat(gateway.calls()).isEqualTo(1);
        assertThat(gateway.framesSentTo("conn-all")).containsExactly("game-1#1", "game-1#2");
        assertThat(gateway.framesSentTo("conn-game-1")).containsExactly("game-1#1", "game-1#2");
        assertThat(gateway.framesSentTo("conn-game-2")).isEmpty();
        assertThat(report.framesDelivered()).isEqualTo(4);
        assertThat(report.published()).isEqualTo(2);
        assertThat(report.complete()).isTrue();
        assertThat(published.lastPublished("game-1")).isEqualTo(OptionalLong.of(2));
    }

    @Test
    void dropsWhatWasPublishedAlready_andRepeatsWithinTheBatch() {
        receiver("conn-1", Set.of());
        publish.publish(List.of(change("game-1", 1), change("game-1", 2)));

        PublishChanges.Report report = publish.publish(
                List.of(change("game-1", 2), change("game-1", 3), change("game-1", 3), change("game-1", 1)));

        assertThat(gateway.framesSentTo("conn-1")).containsExactly("game-1#1", "game-1#2", "game-1#3");
        assertThat(report.repeats()).isEqualTo(3);
        assertThat(report.published()).isEqualTo(1);
    }

    @Test
    void sendsEachGameInSeqOrder_whenTheBatchArrivesShuffled() {
        receiver("conn-1", Set.of());
        published.advance("game-1", 0);
        published.advance("game-2", 0);

        publish.publish(List.of(
                change("game-1", 3),
                change("game-2", 2),
                change("game-1", 1),
                change("game-2", 1),
                change("game-1", 2)));

        assertThat(gateway.framesSentTo("conn-1").stream().filter(f -> f.startsWith("game-1")))
                .containsExactly("game-1#1", "game-1#2", "game-1#3");
        assertThat(gateway.framesSentTo("conn-1").stream().filter(f -> f.startsWith("game-2")))
                .containsExactly("game-2#1", "game-2#2");
    }

    @Test
    void fillsAGapFromTheStore_whenChangesDidNotArrive() {
        receiver("conn-1", Set.of());
        List<CapturedChange> stored = store("game-1", 5);
        publish.publish(List.of(stored.get(0)));

        PublishChanges.Report report = publish.publish(List.of(stored.get(4), stored.get(2)));

        assertThat(gateway.framesSentTo("conn-1"))
                .containsExactly("game-1#1", "game-1#2", "game-1#3", "game-1#4", "game-1#5");
        assertThat(report.filled()).isEqualTo(2);
        assertThat(report.lost()).isZero();
    }

    @Test
    void startsAGameNeverPublished_atItsFirstChange_withoutPushingItsHistory() {
        receiver("conn-1", Set.of());
        List<CapturedChange> stored = store("game-1", 4);

        publish.publish(List.of(stored.get(3)));

        assertThat(gateway.framesSentTo("conn-1")).containsExactly("game-1#4");
    }

    @Test
    void skipsAndCountsTheSeqsTheStoreNoLongerHolds() {
        receiver("conn-1", Set.of());
        published.advance("game-1", 0);

        PublishChanges.Report report = publish.publish(List.of(change("game-1", 5)));

        assertThat(gateway.framesSentTo("conn-1")).containsExactly("game-1#5");
        assertThat(report.lost()).isEqualTo(4);
        assertThat(published.lastPublished("game-1")).isEqualTo(OptionalLong.of(5));
    }

    @Test
    void forgetsAConnection_whenTheGatewaySaysItIsGone() {
        receiver("conn-gone", Set.of());
        receiver("conn-live", Set.of());
        gateway.markGone("conn-gone");

        PublishChanges.Report report = publish.publish(List.of(change("game-1", 1)));

        assertThat(report.gone()).containsExactly("conn-gone");
        assertThat(report.complete()).isTrue();
        assertThat(connections.find("conn-gone")).isEmpty();
        assertThat(connections.find("conn-live")).isPresent();
    }

    @Test
    void answersTheFailedChangeAndItsGamesLaterOnesForRetry_whenTheGatewayFailsForNow() {
        receiver("conn-game-1", Set.of("game-1"));
        receiver("conn-game-2", Set.of("game-2"));
        gateway.failing("conn-game-1", true);

        PublishChanges.Report report =
                publish.publish(List.of(change("game-1", 1), change("game-1", 2), change("game-2", 1)));

        assertThat(report.retry())
                .extracting(CapturedChange::gameId, CapturedChange::seq)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("game-1", 1L),
                        org.assertj.core.groups.Tuple.tuple("game-1", 2L));
        assertThat(report.failure()).isInstanceOf(PublishChanges.GatewayFailedException.class);
        assertThat(published.lastPublished("game-1")).isEmpty();
        assertThat(published.lastPublished("game-2")).isEqualTo(OptionalLong.of(1));

        gateway.failing("conn-game-1", false);
        PublishChanges.Report retried = publish.publish(report.retry());

        assertThat(retried.complete()).isTrue();
        assertThat(gateway.framesSentTo("conn-game-1")).containsExactly("game-1#1", "game-1#2");
    }

    @Test
    void answersEveryChangeForRetry_whenThePublishedRecordFails() {
        receiver("conn-1", Set.of());
        StoreUnavailableException down = new StoreUnavailableException("published seqs unreachable");
        published.failWith(down);

        PublishChanges.Report report = publish.publish(List.of(change("game-1", 1), change("game-2", 1)));

        assertThat(report.retry()).hasSize(2);
        assertThat(report.failure()).isSameAs(down);
        assertThat(gateway.framesSentTo("conn-1")).isEmpty();
    }

    @Test
    void answersEveryPushedChangeForRetry_whenTheGatewayThrows() {
        IllegalStateException broken = new IllegalStateException("gateway broke");
        PublishChanges failingGateway = new PublishChanges(
                odds,
                published,
                connections,
                new ConnectionGateway() {
                    @Override
                    public Report send(List<Push> pushes) {
                        throw broken;
                    }

                    @Override
                    public Set<String> close(Collection<String> connectionIds, String reason) {
                        throw broken;
                    }
                },
                change -> "frame",
                clock,
                new DeliveryOrder());
        receiver("conn-1", Set.of());

        PublishChanges.Report report = failingGateway.publish(List.of(change("game-1", 1), change("game-1", 2)));

        assertThat(report.retry()).extracting(CapturedChange::seq).containsExactly(1L, 2L);
        assertThat(report.failure()).isSameAs(broken);
        assertThat(published.lastPublished("game-1")).isEmpty();
    }

    @Test
    void recordsAGameWithoutReceiversAsPublished_withoutCallingTheGateway() {
        receiver("conn-other", Set.of("game-2"));

        PublishChanges.Report report = publish.publish(List.of(change("game-1", 1)));

        assertThat(gateway.calls()).isZero();
        assertThat(encodings).hasValue(0);
        assertThat(report.published()).isEqualTo(1);
        assertThat(published.lastPublished("game-1")).isEqualTo(OptionalLong.of(1));
    }

    @Test
    void sendsNothingToAnExpiredConnection() {
        connections.save(Connection.toEveryGame(
                "conn-expired", "client-001", clock.instant(), clock.instant().plusSeconds(1)));
        gateway.open("conn-expired");
        clock.advance(Duration.ofSeconds(1));

        publish.publish(List.of(change("game-1", 1)));

        assertThat(gateway.framesSentTo("conn-expired")).isEmpty();
    }

    @Test
    void readsThePublishedSeqsAndTheReceiversOfAllItsGamesInOneCallEach_andAdvancesThemInOne() {
        receiver("conn-all", Set.of());
        receiver("conn-game-2", Set.of("game-2"));

        PublishChanges.Report report = publish.publish(
                List.of(change("game-1", 1), change("game-2", 1), change("game-3", 1), change("game-2", 2)));

        assertThat(published.reads()).isEqualTo(1);
        assertThat(connections.receiverReads()).isEqualTo(1);
        assertThat(published.advances()).isEqualTo(1);
        assertThat(gateway.framesSentTo("conn-all")).containsExactly("game-1#1", "game-2#1", "game-2#2", "game-3#1");
        assertThat(gateway.framesSentTo("conn-game-2")).containsExactly("game-2#1", "game-2#2");
        assertThat(report.published()).isEqualTo(4);
        assertThat(published.lastPublished("game-2")).isEqualTo(OptionalLong.of(2));
    }

    @Test
    void readsNoReceivers_whenTheWholeBatchWasPublishedAlready() {
        receiver("conn-1", Set.of());
        publish.publish(List.of(change("game-1", 1), change("game-2", 1)));
        int readsBefore = connections.receiverReads();

        PublishChanges.Report report = publish.publish(List.of(change("game-2", 1), change("game-1", 1)));

        assertThat(connections.receiverReads()).isEqualTo(readsBefore);
        assertThat(report.repeats()).isEqualTo(2);
        assertThat(report.complete()).isTrue();
        assertThat(gateway.calls()).isEqualTo(1);
    }

    @Test
    void answersEveryGameWithSomethingToSendForRetry_whenReadingTheReceiversFails() {
        receiver("conn-1", Set.of());
        publish.publish(List.of(change("game-1", 1)));
        StoreUnavailableException down = new StoreUnavailableException("connections unreachable");
        connections.failReceiversWith(down);

        PublishChanges.Report report = publish.publish(
                List.of(change("game-1", 1), change("game-1", 2), change("game-2", 1), change("game-3", 1)));

        assertThat(report.retry())
                .extracting(c -> c.gameId() + "#" + c.seq())
                .containsExactly("game-1#2", "game-2#1", "game-3#1");
        assertThat(report.failure()).isSameAs(down);
        assertThat(report.repeats()).isEqualTo(1);
        assertThat(report.published()).isZero();
        assertThat(gateway.calls()).isEqualTo(1);
        assertThat(published.lastPublished("game-1")).isEqualTo(OptionalLong.of(1));
        assertThat(published.lastPublished("game-2")).isEmpty();

        connections.failReceiversWith(null);
        PublishChanges.Report retried = publish.publish(report.retry());

        assertThat(retried.complete()).isTrue();
        assertThat(gateway.framesSentTo("conn-1")).containsExactly("game-1#1", "game-1#2", "game-2#1", "game-3#1");
    }

    private void receiver(String connectionId, Set<String> games) {
        connections.save(
                games.isEmpty()
                        ? Connection.toEveryGame(
                                connectionId,
                                "client-001",
                                clock.instant(),
                                clock.instant().plus(Duration.ofHours(2)))
                        : Connection.toGames(
                                connectionId,
                                "client-001",
                                clock.instant(),
                                clock.instant().plus(Duration.ofHours(2)),
                                games));
        gateway.open(connectionId);
    }

    private List<CapturedChange> store(String game, int count) {
        odds.append(IntStream.rangeClosed(1, count)
                .mapToObj(i -> update(game, "spread", -100 - i, 1_764_617_400L + i))
                .toList());
        return odds.changesAfter(game, 0, count);
    }

    private CapturedChange change(String game, long seq) {
        return new CapturedChange(seq, clock.instant(), update(game, "spread", -110, 1_764_617_400L + seq));
    }
}
