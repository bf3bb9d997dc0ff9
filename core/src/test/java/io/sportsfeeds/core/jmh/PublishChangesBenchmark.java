package io.sportsfeeds.core.jmh;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.Connection;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.domain.Receiver;
import io.sportsfeeds.core.domain.Subscription;
import io.sportsfeeds.core.fakes.InMemoryConnectionStore;
import io.sportsfeeds.core.fakes.InMemoryOddsStore;
import io.sportsfeeds.core.fakes.InMemoryPublishedSeqs;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.fakes.TextProtocol;
import io.sportsfeeds.core.port.ConnectionGateway;
import io.sportsfeeds.core.port.ConnectionStore;
import io.sportsfeeds.core.usecase.DeliveryOrder;
import io.sportsfeeds.core.usecase.PublishChanges;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The fan-out: {@link PublishChanges} publishing one stream batch of {@value #BATCH} changes
 * ({@value #GAMES} games, {@value #PER_GAME} changes each, in seq order, none seen before) to the
 * subscribed connections. One operation is one batch; the deliveries per batch are {@code BATCH ×
 * receivers} when every connection receives every game, and {@code BATCH × receivers / GAMES} when
 * each receives one game in ten, so ns per delivery is the score divided by that (docs/JMH.md does
 * the division). No transport is measured: {@code gateway=counting} adds up the connections of
 * each push (the least a gateway can do), {@code gateway=per-connection} also finds each
 * connection's counter in a map, the least a real gateway does per delivery (find the
 * connection's queue).
 *
 * <p>{@code subscribed}: {@code every-game} (a new connection, as in the original sample), {@code
 * one-game} (each connection subscribed to one game in ten, every market), {@code one-market}
 * (one game in ten, only the {@code spread} market: the batch is all {@code spread}, so the same
 * deliveries, but each change's receivers are picked one by one).
 *
 * <p>{@code store=in-memory} is the core test-jar's fake, which answers {@code receiversOf} by
 * looking at every connection; {@code store=indexed} answers it from a per-game list made in
 * advance (as the DynamoDB store's {@code receivers#<game>} partitions do), so the difference is
 * the fake's scan and the rest is the use case. Frames are the test-jar's short text frames: the
 * JSON encoding is measured on its own (api's {@code PushedFrameBenchmark}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PublishChangesBenchmark {
    static final int GAMES = 10;
    static final int PER_GAME = 10;
    static final int BATCH = GAMES * PER_GAME;

    @Param({"100", "1000"})
    int receivers;

    @Param({"every-game", "one-game", "one-market"})
    String subscribed;

    @Param({"counting", "per-connection"})
    String gateway;

    @Param({"in-memory", "indexed"})
    String store;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T19:31:00Z"));
    private final List<OddsUpdate> updates = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    private PublishChanges publish;
    private long nextSeq = 1;

    @Setup
    public void setUp() {
        InMemoryConnectionStore connections = new InMemoryConnectionStore();
        Instant expiry = clock.instant().plus(Duration.ofDays(1));
        for (int i = 0; i < receivers; i++) {
            String id = "conn-" + i;
            String game = game(i % GAMES);
            connections.save(
                    switch (subscribed) {
                        case "every-game" -> Connection.toEveryGame(id, "client-001", clock.instant(), expiry);
                        case "one-game" -> Connection.toGames(id, "client-001", clock.instant(), expiry, Set.of(game));
                        case "one-market" ->
                            new Connection(
                                    id,
                                    "client-001",
                                    clock.instant(),
                                    expiry,
                                    false,
                                    Map.of(game, new Subscription(Set.of("spread"), 0)));
                        default -> throw new IllegalArgumentException("unknown subscribed " + subscribed);
                    });
            ids.add(id);
        }
        for (int g = 0; g < GAMES; g++) {
            updates.add(
                    new OddsUpdate(game(g), "spread", 3.5, -3.5, -115, -105, 1_764_617_460L, true, null, null, null));
        }
        ConnectionStore receiversFrom = store.equals("in-memory") ? connections : Indexed.of(connections, clock);
        publish = new PublishChanges(
                new InMemoryOddsStore(clock),
                new InMemoryPublishedSeqs(),
                receiversFrom,
                gateway.equals("counting") ? new CountingGateway() : new PerConnectionGateway(ids),
                new TextProtocol(),
                clock,
                new DeliveryOrder());

        long expected = subscribed.equals("every-game") ? (long) BATCH * receivers : (long) BATCH * receivers / GAMES;
        PublishChanges.Report report = publish.publish(nextBatch());
        if (report.framesDelivered() != expected || !report.complete()) {
            throw new IllegalStateException("a batch should make " + expected + " deliveries and complete, made "
                    + report.framesDelivered() + " (retry " + report.retry().size() + ")");
        }
    }

    @Benchmark
    public PublishChanges.Report publishBatch() {
        return publish.publish(nextBatch());
    }

    /** The next {@value #PER_GAME} seqs of every game, games interleaved as a stream shard mixes them. */
    private List<CapturedChange> nextBatch() {
        List<CapturedChange> batch = new ArrayList<>(BATCH);
        Instant storedAt = clock.instant();
        for (int k = 0; k < PER_GAME; k++) {
            for (OddsUpdate update : updates) {
                batch.add(new CapturedChange(nextSeq + k, storedAt, update));
            }
        }
        nextSeq += PER_GAME;
        return batch;
    }

    private static String game(int g) {
        return "game-" + g;
    }

    /** Delivers everything, counting the deliveries, as a transport that never pushes back. */
    static final class CountingGateway implements ConnectionGateway {
        @Override
        public Set<String> close(Collection<String> connectionIds, String reason) {
            return Set.of();
        }

        @Override
        public Report send(List<Push> pushes) {
            long delivered = 0;
            for (Push push : pushes) {
                delivered += push.connectionIds().size();
            }
            return Report.allDelivered(delivered);
        }
    }

    /** Finds each delivery's connection in a map and counts it there. */
    static final class PerConnectionGateway implements ConnectionGateway {
        @Override
        public Set<String> close(Collection<String> connectionIds, String reason) {
            return Set.of();
        }

        private final Map<String, long[]> delivered = new HashMap<>();

        PerConnectionGateway(List<String> connectionIds) {
            connectionIds.forEach(id -> delivered.put(id, new long[1]));
        }

        @Override
        public Report send(List<Push> pushes) {
            long count = 0;
            for (Push push : pushes) {
                for (String connectionId : push.connectionIds()) {
                    delivered.get(connectionId)[0]++;
                    count++;
                }
            }
            return Report.allDelivered(count);
        }
    }

    /** The receivers of each game worked out once, read-only: what a per-game index answers. */
    static final class Indexed implements ConnectionStore {
        private final Map<String, List<Receiver>> byGame;
        private final ConnectionStore rest;

        private Indexed(Map<String, List<Receiver>> byGame, ConnectionStore rest) {
            this.byGame = byGame;
            this.rest = rest;
        }

        static Indexed of(InMemoryConnectionStore connections, MutableClock clock) {
            Map<String, List<Receiver>> byGame = new HashMap<>();
            for (int g = 0; g < GAMES; g++) {
                byGame.put(game(g), connections.receiversOf(game(g), clock.instant()));
            }
            return new Indexed(byGame, connections);
        }

        @Override
        public List<Receiver> receiversOf(String gameId, Instant now) {
            return byGame.getOrDefault(gameId, List.of());
        }

        @Override
        public void save(Connection connection) {
            rest.save(connection);
        }

        @Override
        public Optional<Connection> find(String connectionId) {
            return rest.find(connectionId);
        }

        @Override
        public int countOf(String clientId, Instant now) {
            return rest.countOf(clientId, now);
        }

        @Override
        public List<String> connectionsOf(String clientId) {
            return rest.connectionsOf(clientId);
        }

        @Override
        public void remove(String connectionId) {
            rest.remove(connectionId);
        }

        @Override
        public void touch(String connectionId, Instant expiresAt) {
            rest.touch(connectionId, expiresAt);
        }

        @Override
        public List<String> removeExpired(Instant now) {
            return rest.removeExpired(now);
        }
    }
}
