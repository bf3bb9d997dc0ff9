package io.sportsfeeds.core.usecase;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.Connection;
import io.sportsfeeds.core.domain.FieldError;
import io.sportsfeeds.core.domain.InvalidInputException;
import io.sportsfeeds.core.domain.LimitExceededException;
import io.sportsfeeds.core.domain.Rules;
import io.sportsfeeds.core.domain.Subscription;
import io.sportsfeeds.core.port.ConnectionGateway;
import io.sportsfeeds.core.port.ConnectionStore;
import io.sportsfeeds.core.port.FrameEncoder;
import io.sportsfeeds.core.port.OddsStore;
import io.sportsfeeds.core.port.ProtocolEncoder;
import io.sportsfeeds.core.port.ProtocolEncoder.GameStart;
import io.sportsfeeds.core.port.ProtocolEncoder.Start;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Subscribes a connection to games (and markets), and unsubscribes it. A subscription is answered
 * first with where each game starts, then live updates follow in seq order:
 *
 * <ul>
 *   <li>no cursor for a game: a snapshot of its latest odds;
 *   <li>a cursor (the last seq the client holds) from this store's epoch: exactly the changes it
 *       missed, replayed from the store;
 *   <li>a cursor the store cannot serve (another epoch, seqs ahead of the store, or history removed
 *       by retention): a snapshot marked not recovered, never a silent gap.
 * </ul>
 *
 * <p>The snapshots and replays are sent, and the connection's subscriptions saved, under the
 * process's {@link DeliveryOrder}, so no live change overtakes them or is sent twice.
 */
public final class ManageSubscriptions {
    /** The most games one connection may subscribe to. */
    public static final int MAX_GAMES = 500;
    /** The most changes replayed for one game; a client further behind gets a snapshot instead. */
    public static final int MAX_REPLAY = 10_000;

    private final OddsStore odds;
    private final ConnectionStore connections;
    private final ConnectionGateway gateway;
    private final FrameEncoder updates;
    private final ProtocolEncoder messages;
    private final DeliveryOrder order;
    private final ReplayChanges replay;

    public ManageSubscriptions(
            OddsStore odds,
            ConnectionStore connections,
            ConnectionGateway gateway,
            FrameEncoder updates,
            ProtocolEncoder messages,
            DeliveryOrder order) {
        this.odds = Objects.requireNonNull(odds, "odds");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.updates = Objects.requireNonNull(updates, "updates");
        this.messages = Objects.requireNonNull(messages, "messages");
        this.order = Objects.requireNonNull(order, "order");
        this.replay = new ReplayChanges(odds);
    }

    /**
     * A subscribe request.
     *
     * @param gameIds the games to receive (added to those already subscribed)
     * @param markets the markets to receive of them; empty means every market
     * @param lastSeqs per game, the last seq the client holds, to resume from
     * @param epoch the store epoch those seqs are from, or null
     */
    public record Request(Set<String> gameIds, Set<String> markets, Map<String, Long> lastSeqs, String epoch) {
        public Request {
            gameIds = Set.copyOf(new LinkedHashSet<>(gameIds));
            markets = Set.copyOf(markets);
            lastSeqs = Map.copyOf(lastSeqs);
        }
    }

    /**
     * Subscribes the connection and sends it, in order, each game's snapshot or replay and the
     * acknowledgement. Answers the games' starts (empty when the connection is no longer open).
     *
     * @throws io.sportsfeeds.core.domain.InvalidInputException naming a bad game, market or seq
     * @throws LimitExceededException when the connection would hold more than {@value #MAX_GAMES} games
     */
    public List<GameStart> subscribe(String connectionId, Request request) {
        validate(request);
        return order.exclusively(() -> {
            Optional<Connection> found = connections.find(connectionId);
            if (found.isEmpty()) {
                return List.of();
            }
            Connection connection = found.get();
            Set<String> all = new LinkedHashSet<>(connection.gameIds());
            all.addAll(request.gameIds());
            if (all.size() > MAX_GAMES) {
                throw new LimitExceededException("games", MAX_GAMES, all.size());
            }
            String epoch = odds.epoch();
            List<ConnectionGateway.Push> frames = new ArrayList<>();
            List<GameStart> starts = new ArrayList<>();
            Map<String, Subscription> subscriptions = new LinkedHashMap<>();
            for (String game : request.gameIds()) {
                GameStart start = start(connectionId, game, request, epoch, frames);
                starts.add(start);
                subscriptions.put(game, new Subscription(request.markets(), start.seq()));
            }
            connections.save(connection.subscribedTo(subscriptions));
            frames.add(new ConnectionGateway.Push(messages.subscribed(epoch, starts), List.of(connectionId)));
            gateway.send(frames);
            return List.copyOf(starts);
        });
    }

    /** Stops sending the games to the connection and acknowledges it. */
    public void unsubscribe(String connectionId, Set<String> gameIds) {
        gameIds.forEach(game -> Rules.requireId("games", game));
        order.exclusively(() -> {
            connections
                    .find(connectionId)
                    .ifPresent(connection -> connections.save(connection.unsubscribedFrom(gameIds)));
            gateway.send(List.of(new ConnectionGateway.Push(messages.unsubscribed(gameIds), List.of(connectionId))));
            return null;
        });
    }

    /** Adds the game's snapshot or replay to {@code frames} and answers where it starts. */
    private GameStart start(
            String connectionId, String game, Request request, String epoch, List<ConnectionGateway.Push> frames) {
        Long last = request.lastSeqs().get(game);
        if (last != null && epoch.equals(request.epoch())) {
            ReplayChanges.Replay missed = replay.after(game, last, MAX_REPLAY);
            if (missed.recovered() && !missed.more() && !(missed.changes().isEmpty() && last > headSeq(game))) {
                for (CapturedChange change : missed.changes()) {
                    if (request.markets().isEmpty() || request.markets().contains(change.market())) {
                        frames.add(new ConnectionGateway.Push(updates.encode(change), List.of(connectionId)));
                    }
                }
                long through = missed.changes().isEmpty()
                        ? last
                        : missed.changes().getLast().seq();
                return new GameStart(game, through, Start.RESUMED);
            }
        }
        boolean recovered = last == null;
        List<CapturedChange> latest = odds.latest(game);
        long seq = latest.stream().mapToLong(CapturedChange::seq).max().orElse(0);
        List<CapturedChange> wanted = request.markets().isEmpty()
                ? latest
                : latest.stream()
                        .filter(c -> request.markets().contains(c.market()))
                        .toList();
        frames.add(new ConnectionGateway.Push(messages.snapshot(game, seq, recovered, wanted), List.of(connectionId)));
        return new GameStart(game, seq, recovered ? Start.SNAPSHOT : Start.NOT_RECOVERED);
    }

    /** The highest seq among a game's latest odds: where a client ahead of it cannot have come from. */
    private long headSeq(String game) {
        return odds.latest(game).stream().mapToLong(CapturedChange::seq).max().orElse(0);
    }

    private static void validate(Request request) {
        if (request.gameIds().isEmpty()) {
            throw new InvalidInputException(List.of(new FieldError("games", "must hold at least one game")));
        }
        request.gameIds().forEach(game -> Rules.requireId("games", game));
        request.markets().forEach(market -> Rules.requireMarket("markets", market));
        request.lastSeqs().forEach((game, seq) -> {
            if (!request.gameIds().contains(game)) {
                throw new InvalidInputException(
                        List.of(new FieldError("resume.seqs." + game, "must name a game of games")));
            }
            if (seq < 0) {
                throw new InvalidInputException(
                        List.of(new FieldError("resume.seqs." + game, Rules.mustBe("at least 0", Long.toString(seq)))));
            }
        });
    }
}
