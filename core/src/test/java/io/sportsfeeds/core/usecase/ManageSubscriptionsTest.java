package io.sportsfeeds.core.usecase;

import static io.sportsfeeds.core.fakes.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.Connection;
import io.sportsfeeds.core.domain.InvalidInputException;
import io.sportsfeeds.core.domain.LimitExceededException;
import io.sportsfeeds.core.fakes.InMemoryConnectionStore;
import io.sportsfeeds.core.fakes.InMemoryOddsStore;
import io.sportsfeeds.core.fakes.InMemoryPublishedSeqs;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.fakes.RecordingConnectionGateway;
import io.sportsfeeds.core.fakes.TextProtocol;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ManageSubscriptionsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T19:31:00Z"));
    private final InMemoryOddsStore odds = new InMemoryOddsStore(clock);
    private final InMemoryConnectionStore connections = new InMemoryConnectionStore();
    private final RecordingConnectionGateway gateway = new RecordingConnectionGateway();
    private final TextProtocol protocol = new TextProtocol();
    private final DeliveryOrder order = new DeliveryOrder();
    private final ManageSubscriptions subscriptions =
            new ManageSubscriptions(odds, connections, gateway, protocol, protocol, order);
    private final PublishChanges publish =
            new PublishChanges(odds, new InMemoryPublishedSeqs(), connections, gateway, protocol, clock, order);

    @BeforeEach
    void openConnection() {
        connections.save(Connection.toEveryGame(
                "conn-1", "client-001", clock.instant(), clock.instant().plus(Duration.ofHours(2))));
        gateway.open("conn-1");
    }

    @Test
    void answersWithASnapshotOfTheLatestOdds_thenSendsOnlyLaterChanges() {
        List<CapturedChange> stored = append("game-1", "spread", 2);
        append("game-1", "total", 1);

        subscriptions.subscribe("conn-1", new ManageSubscriptions.Request(Set.of("game-1"), Set.of(), Map.of(), null));
        publish.publish(stored);
        publish.publish(append("game-1", "spread", 1));

        assertThat(gateway.framesSentTo("conn-1"))
                .containsExactly(
                        "snapshot game-1@3 [spread#2,total#3]", "subscribed game-1@3:SNAPSHOT", "update game-1#4");
    }

    @Test
    void replaysExactlyWhatTheClientMissed_whenItResumesFromThisEpoch() {
        append("game-1", "spread", 5);

        subscriptions.subscribe(
                "conn-1",
                new ManageSubscriptions.Request(Set.of("game-1"), Set.of(), Map.of("game-1", 3L), odds.epoch()));

        assertThat(gateway.framesSentTo("conn-1"))
                .containsExactly("update game-1#4", "update game-1#5", "subscribed game-1@5:RESUMED");
    }

    @Test
    void sendsASnapshotMarkedNotRecovered_whenTheClientsEpochIsAnotherStores() {
        append("game-1", "spread", 2);

        subscriptions.subscribe(
                "conn-1",
                new ManageSubscriptions.Request(Set.of("game-1"), Set.of(), Map.of("game-1", 1L), "another-store"));

        assertThat(gateway.framesSentTo("conn-1"))
                .containsExactly("snapshot game-1@2 not-recovered [spread#2]", "subscribed game-1@2:NOT_RECOVERED");
    }

    @Test
    void sendsASnapshotMarkedNotRecovered_whenTheClientIsAheadOfTheStore() {
        append("game-1", "spread", 2);

        subscriptions.subscribe(
                "conn-1",
                new ManageSubscriptions.Request(Set.of("game-1"), Set.of(), Map.of("game-1", 9L), odds.epoch()));

        assertThat(gateway.framesSentTo("conn-1")).last().isEqualTo("subscribed game-1@2:NOT_RECOVERED");
    }

    @Test
    void sendsOnlyTheSubscribedMarkets_andStopsTheOriginalEveryGameFeed() {
        append("game-1", "spread", 1);
        append("game-1", "total", 1);
        subscriptions.subscribe(
                "conn-1", new ManageSubscriptions.Request(Set.of("game-1"), Set.of("total"), Map.of(), null));

        publish.publish(append("game-1", "spread", 1));
        publish.publish(append("game-1", "total", 1));
        publish.publish(append("game-2", "total", 1));

        assertThat(gateway.framesSentTo("conn-1"))
                .containsExactly("snapshot game-1@2 [total#2]", "subscribed game-1@2:SNAPSHOT", "update game-1#4");
    }

    @Test
    void stopsSendingAGame_onceUnsubscribed() {
        subscriptions.subscribe(
                "conn-1", new ManageSubscriptions.Request(Set.of("game-1", "game-2"), Set.of(), Map.of(), null));

        subscriptions.unsubscribe("conn-1", Set.of("game-1"));
        publish.publish(append("game-1", "spread", 1));
        publish.publish(append("game-2", "spread", 1));

        assertThat(gateway.framesSentTo("conn-1")).endsWith("unsubscribed game-1", "update game-2#1");
    }

    @Test
    void refusesMoreGamesThanTheLimit_andBadIds() {
        Set<String> tooMany = IntStream.rangeClosed(0, ManageSubscriptions.MAX_GAMES)
                .mapToObj(i -> "game-" + i)
                .collect(java.util.stream.Collectors.toSet());

        assertThatThrownBy(() -> subscriptions.subscribe(
                        "conn-1", new ManageSubscriptions.Request(tooMany, Set.of(), Map.of(), null)))
                .isInstanceOf(LimitExceededException.class)
                .hasMessage("games must be at most 500 items, was 501");
        assertThatThrownBy(() -> subscriptions.subscribe(
                        "conn-1", new ManageSubscriptions.Request(Set.of("bad#id"), Set.of(), Map.of(), null)))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> subscriptions.subscribe(
                        "conn-1",
                        new ManageSubscriptions.Request(Set.of("game-1"), Set.of(), Map.of("game-2", 1L), null)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("resume.seqs.game-2 must name a game of games");
        assertThat(gateway.framesSentTo("conn-1")).isEmpty();
    }

    /** Appends {@code count} updates of a market and answers them as stored. */
    private List<CapturedChange> append(String game, String market, int count) {
        long base =
                1_764_617_400L + odds.changesAfter(game, 0, Integer.MAX_VALUE).size();
        odds.append(IntStream.range(0, count)
                .mapToObj(i -> update(game, market, -100 - i, base + i))
                .toList());
        List<CapturedChange> all = odds.changesAfter(game, 0, Integer.MAX_VALUE);
        return all.subList(all.size() - count, all.size());
    }
}
