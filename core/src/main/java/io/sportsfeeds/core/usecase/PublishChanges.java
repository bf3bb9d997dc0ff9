package io.sportsfeeds.core.usecase;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.Receiver;
import io.sportsfeeds.core.port.ConnectionGateway;
import io.sportsfeeds.core.port.ConnectionStore;
import io.sportsfeeds.core.port.FrameEncoder;
import io.sportsfeeds.core.port.OddsStore;
import io.sportsfeeds.core.port.PublishedSeqs;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Publishes a batch of captured changes to the connections that receive their games. Every driver
 * calls it: the embedded store's commit tail, a Kinesis reader, the Lambda stream consumer. The
 * rules of delivery live here once, so a stream that repeats, reorders or skips changes and one
 * that delivers a clean commit order end the same way: each change reaches each receiver once, in
 * its game's sequence order.
 *
 * <p>The published seqs of the batch's games are read in one call, and the receivers of the games
 * left with something to send in another (a store reads them together rather than one game after
 * another); when either read fails, every game it was for is answered for retry. Per game of the
 * batch: its changes are ordered by seq; those at or below the game's published
 * seq are dropped as repeats; a gap between the published seq and what arrived (or inside what
 * arrived) is filled from the odds store; each change is encoded
 * once and goes to the receivers that want it (their markets, and above the seq they were sent
 * when they subscribed). All frames of the batch go to the gateway in one call, under the
 * process's {@link DeliveryOrder}. Connections found gone are
 * forgotten. A game whose publishing failed (the store, the gateway) keeps its published seq
 * before the first change that failed, and that change and every later one of the game are
 * answered for retry; a game never published through this record starts at its first change
 * (a server starting on a full store does not push its history). The games' published seqs are
 * advanced in one call at the end; when it fails, every change it was to record is answered for
 * retry (those that did get recorded are dropped as repeats when they come back).
 */
public final class PublishChanges {
    private static final int FILL_PAGE = 1_000;

    private final OddsStore odds;
    private final PublishedSeqs published;
    private final ConnectionStore connections;
    private final ConnectionGateway gateway;
    private final FrameEncoder encoder;
    private final Clock clock;
    private final DeliveryOrder order;

    public PublishChanges(
            OddsStore odds,
            PublishedSeqs published,
            ConnectionStore connections,
            ConnectionGateway gateway,
            FrameEncoder encoder,
            Clock clock,
            DeliveryOrder order) {
        this.odds = Objects.requireNonNull(odds, "odds");
        this.published = Objects.requireNonNull(published, "published");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.order = Objects.requireNonNull(order, "order");
    }

    /**
     * What a publish did.
     *
     * @param published changes pushed (or found without receivers) and recorded as published
     * @param framesDelivered frames the gateway delivered, one per change and receiver
     * @param repeats changes dropped because they were published already (or repeated in the batch)
     * @param filled changes that did not arrive but were read from the store to fill a gap
     * @param lost seqs of a gap the store no longer holds (retention removed them): skipped
     * @param gone connections the gateway found gone, now forgotten
     * @param retry the changes to hand over again, each game's in seq order
     * @param failure the first failure that made changes retry, or null
     */
    public record Report(
            long published,
            long framesDelivered,
            long repeats,
            long filled,
            long lost,
            Set<String> gone,
            List<CapturedChange> retry,
            RuntimeException failure) {
        public Report {
            gone = Set.copyOf(gone);
            retry = List.copyOf(retry);
        }

        public boolean complete() {
            return retry.isEmpty();
        }
    }

    /** One game's changes of a batch, in the order they will go out. */
    private static final class GameBatch {
        final String gameId;
        final TreeMap<Long, CapturedChange> bySeq = new TreeMap<>();
        List<CapturedChange> ordered = List.of();
        /** Per change of {@link #ordered}, its index in the gateway batch, or -1 when nobody wanted it. */
        int[] pushIndex = new int[0];
        /** Index in {@link #ordered} of the first change that must be retried, or -1. */
        int firstFailed = -1;

        GameBatch(String gameId) {
            this.gameId = gameId;
        }

        void failFrom(int index) {
            if (firstFailed < 0 || index < firstFailed) {
                firstFailed = index;
            }
        }
    }

    public Report publish(List<CapturedChange> batch) {
        return order.exclusively(() -> publishInOrder(batch));
    }

    private Report publishInOrder(List<CapturedChange> batch) {
        Map<String, GameBatch> games = new LinkedHashMap<>();
        long repeats = 0;
        for (CapturedChange change : batch) {
            GameBatch game = games.computeIfAbsent(change.gameId(), GameBatch::new);
            if (game.bySeq.putIfAbsent(change.seq(), change) != null) {
                repeats++;
            }
        }

        long filled = 0;
        long lost = 0;
        RuntimeException failure = null;
        Map<String, OptionalLong> lastPublished = null;
        try {
            lastPublished = published.lastPublished(games.keySet());
        } catch (RuntimeException e) {
            failure = e;
        }
        List<GameBatch> toSend = new ArrayList<>(games.size());
        for (GameBatch game : games.values()) {
            try {
                if (lastPublished == null) {
                    throw failure; // nothing of the batch is known: every game of it is retried
                }
                OptionalLong last = Objects.requireNonNull(
                        lastPublished.get(game.gameId), () -> "no published seq answered for " + game.gameId);
                long floor = last.orElse(game.bySeq.firstKey() - 1);
                Map<Long, CapturedChange> stale = game.bySeq.headMap(floor, true);
                repeats += stale.size();
                stale.clear();
                if (game.bySeq.isEmpty()) {
                    continue;
                }
                long expected = game.bySeq.lastKey() - floor;
                if (game.bySeq.size() < expected) {
                    int before = game.bySeq.size();
                    fill(game, floor);
                    filled += game.bySeq.size() - before;
                    lost += expected - game.bySeq.size();
                }
                game.ordered = List.copyOf(game.bySeq.values());
                toSend.add(game);
            } catch (RuntimeException e) {
                failure = first(failure, e);
                game.ordered = List.copyOf(game.bySeq.values());
                game.failFrom(0);
            }
        }

        List<ConnectionGateway.Push> pushes = new ArrayList<>();
        Map<String, List<Receiver>> receivers = Map.of();
        if (!toSend.isEmpty()) {
            try {
                receivers = connections.receiversOf(
                        toSend.stream().map(game -> game.gameId).toList(), clock.instant());
            } catch (RuntimeException e) {
                failure = first(failure, e);
                toSend.forEach(game -> game.failFrom(0));
                toSend.clear();
            }
        }
        for (GameBatch game : toSend) {
            try {
                List<Receiver> ofGame = Objects.requireNonNull(
                        receivers.get(game.gameId), () -> "no receivers answered for " + game.gameId);
                if (!ofGame.isEmpty()) {
                    addPushes(game, ofGame, pushes);
                }
            } catch (RuntimeException e) {
                failure = first(failure, e);
                game.failFrom(0);
            }
        }

        long delivered = 0;
        Set<String> gone = Set.of();
        if (!pushes.isEmpty()) {
            try {
                ConnectionGateway.Report sent = gateway.send(pushes);
                delivered = sent.delivered();
                gone = sent.gone();
                for (GameBatch game : games.values()) {
                    for (int i = 0; i < game.pushIndex.length; i++) {
                        Set<String> failedTo =
                                game.pushIndex[i] < 0 ? null : sent.failed().get(game.pushIndex[i]);
                        if (failedTo != null && !failedTo.isEmpty()) {
                            game.failFrom(i);
                            break;
                        }
                    }
                }
                if (!sent.failed().isEmpty()) {
                    failure = first(
                            failure, new GatewayFailedException(sent.failed().size()));
                }
            } catch (RuntimeException e) {
                failure = first(failure, e);
                games.values().stream()
                        .filter(game -> game.pushIndex.length > 0)
                        .forEach(game -> game.failFrom(0));
            }
        }
        for (String connectionId : gone) {
            // A connection left here after a store failure still expires; nothing more to do for it.
            try {
                connections.remove(connectionId);
            } catch (RuntimeException e) {
                failure = first(failure, e);
            }
        }

        Map<String, Long> advances = new LinkedHashMap<>();
        for (GameBatch game : games.values()) {
            int done = game.firstFailed < 0 ? game.ordered.size() : game.firstFailed;
            if (done > 0) {
                advances.put(game.gameId, game.ordered.get(done - 1).seq());
            }
        }
        boolean advanced = true;
        if (!advances.isEmpty()) {
            try {
                published.advance(advances);
            } catch (RuntimeException e) {
                failure = first(failure, e);
                advanced = false;
            }
        }
        long publishedCount = 0;
        List<CapturedChange> retry = new ArrayList<>();
        for (GameBatch game : games.values()) {
            int done = game.firstFailed < 0 ? game.ordered.size() : game.firstFailed;
            if (!advanced) {
                done = 0;
            }
            publishedCount += done;
            retry.addAll(game.ordered.subList(done, game.ordered.size()));
        }
        return new Report(publishedCount, delivered, repeats, filled, lost, gone, retry, failure);
    }

    /**
     * Adds one push per change that somebody wants, encoded once. Receivers that take every change
     * of the batch share one list; the others (a market filter, or subscribed after some of these
     * seqs) are picked per change.
     */
    private void addPushes(GameBatch game, List<Receiver> receivers, List<ConnectionGateway.Push> pushes) {
        long firstSeq = game.ordered.getFirst().seq();
        List<String> takeAll = new ArrayList<>(receivers.size());
        List<Receiver> choosy = new ArrayList<>();
        for (Receiver receiver : receivers) {
            if (receiver.subscription().takesAllFrom(firstSeq)) {
                takeAll.add(receiver.connectionId());
            } else {
                choosy.add(receiver);
            }
        }
        List<String> shared = List.copyOf(takeAll);
        game.pushIndex = new int[game.ordered.size()];
        for (int i = 0; i < game.ordered.size(); i++) {
            CapturedChange change = game.ordered.get(i);
            List<String> to = shared;
            if (!choosy.isEmpty()) {
                List<String> some = new ArrayList<>(shared);
                for (Receiver receiver : choosy) {
                    if (receiver.subscription().wants(change)) {
                        some.add(receiver.connectionId());
                    }
                }
                to = some;
            }
            if (to.isEmpty()) {
                game.pushIndex[i] = -1;
                continue;
            }
            game.pushIndex[i] = pushes.size();
            pushes.add(new ConnectionGateway.Push(encoder.encode(change), to, conflationKey(change)));
        }
    }

    /** Updates of one game and market supersede each other. */
    static String conflationKey(CapturedChange change) {
        return change.gameId() + '\u0000' + change.market();
    }

    /** Reads the changes after {@code floor} up to the batch's last seq into the game's batch. */
    private void fill(GameBatch game, long floor) {
        long last = game.bySeq.lastKey();
        long after = floor;
        while (after < last) {
            int want = (int) Math.min(FILL_PAGE, last - after);
            List<CapturedChange> page = odds.changesAfter(game.gameId, after, want);
            for (CapturedChange change : page) {
                if (change.seq() <= last) {
                    game.bySeq.putIfAbsent(change.seq(), change);
                }
            }
            if (page.size() < want) {
                return;
            }
            after = page.getLast().seq();
        }
    }

    private static RuntimeException first(RuntimeException kept, RuntimeException next) {
        if (kept == null) {
            return next;
        }
        if (kept != next) {
            kept.addSuppressed(next);
        }
        return kept;
    }

    /** The gateway could not deliver some frames for now; they are answered for retry. */
    public static final class GatewayFailedException extends RuntimeException {
        GatewayFailedException(int pushes) {
            super("the connection gateway failed to deliver " + pushes + " frames for now; they will be retried");
        }
    }
}
