package io.sportsfeeds.adapters.aws;

import static io.sportsfeeds.adapters.aws.Attributes.n;
import static io.sportsfeeds.adapters.aws.Attributes.s;

import io.sportsfeeds.adapters.aws.Table.Expression;
import io.sportsfeeds.core.domain.Connection;
import io.sportsfeeds.core.domain.Receiver;
import io.sportsfeeds.core.domain.Subscription;
import io.sportsfeeds.core.port.ConnectionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Connections and a per-game index of their receivers:
 *
 * <ul>
 *   <li>{@code PK=conn#<connection id>}, {@code SK=conn}: {@code CLIENT}, {@code CONNECTED} (N,
 *       epoch ms), {@code EVERYGAME} (BOOL), {@code SUBSCRIPTIONS} (M: game id to {@code {MARKETS:
 *       L of S, AFTER: N}}), {@code EXPIRESAT} (N, epoch seconds with the fraction, exact), {@code
 *       EXPIRE} (N, whole epoch seconds, the TTL) and {@code EXPIRYSHARD}, which puts it in the
 *       index {@code GSI-EXPIRY} (shard, {@code EXPIRESAT}).
 *   <li>{@code PK=receivers#<game id>} (or {@code receivers#*} for connections to every game),
 *       {@code SK=<connection id>}: {@code MARKETS}, {@code AFTER} (what it receives of the game),
 *       {@code EXPIRESAT}, {@code EXPIRE}: the publisher reads receivers without a second read.
 *   <li>{@code PK=clientconns#<client id>}, {@code SK=<connection id>}: {@code EXPIRESAT}, {@code
 *       EXPIRE}: a client's connections, counted at the handshake and listed when the client is cut off.
 * </ul>
 *
 * {@link #receiversOf} is two strongly consistent queries (the game's and every game's), which
 * leave out what expired by {@code now}, since a TTL deletes late (within days); for several games
 * at once, the every-game query is made once and the games' queries concurrently. {@link
 * #removeExpired} does remove connections: it finds them in the expiry index (eight shards, so the
 * index's writes, one per save and touch, spread over eight partition keys) and deletes each index
 * entry and then the connection on condition that they are still expired, so a connection touched
 * meanwhile stays whole. The TTL on {@code EXPIRE} removes what nobody removed.
 *
 * <p>Writes go in an order that never leaves an index entry its connection item does not name:
 * {@link #save} deletes the entries of the games dropped, then writes the connection, then the
 * entries of its games; {@link #remove} deletes the entries, then the connection. A crash between
 * them leaves a connection that receives too little until it is saved again or expires, never one
 * that cannot be removed.
 */
final class DynamoDbConnectionStore implements ConnectionStore {
    static final int EXPIRY_SHARDS = 8;

    private static final Expression STILL_EXPIRED =
            Expression.of("#expiresAt <= :now").name("#expiresAt", Layout.EXPIRESAT);
    private static final Expression EXISTS =
            Expression.of("attribute_exists(#pk)").name("#pk", Layout.PK);
    private static final Expression NEW_EXPIRY = Expression.of("SET #expiresAt = :expiresAt, #expire = :expire")
            .name("#expiresAt", Layout.EXPIRESAT)
            .name("#expire", Layout.EXPIRE);

    private final Table table;

    DynamoDbConnectionStore(Table table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    @Override
    public void save(Connection connection) {
        String id = connection.connectionId();
        Map<String, Subscription> receives = receives(connection);
        Set<String> dropped = new TreeSet<>(
                read(id).map(stored -> receives(toConnection(stored)).keySet()).orElse(Set.of()));
        dropped.removeAll(receives.keySet());
        table.deleteAll(dropped.stream()
                .map(game -> Table.key(Layout.receiversKey(game), id))
                .toList());

        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Layout.PK, s(Layout.connectionKey(id)));
        item.put(Layout.SK, s(Layout.CONNECTION_SK));
        item.put(Layout.CLIENT, s(connection.clientId()));
        item.put(Layout.CONNECTED, n(connection.connectedAt().toEpochMilli()));
        item.put(Layout.EVERYGAME, AttributeValue.fromBool(connection.receivesEveryGame()));
        Map<String, AttributeValue> subscriptions = new HashMap<>();
        connection
                .games()
                .forEach((game, subscription) ->
                        subscriptions.put(game, AttributeValue.fromM(subscription(subscription))));
        item.put(Layout.SUBSCRIPTIONS, AttributeValue.fromM(subscriptions));
        item.put(Layout.EXPIRYSHARD, s(shard(id)));
        item.putAll(expiry(connection.expiresAt()));
        table.put(item);

        List<Map<String, AttributeValue>> entries = new java.util.ArrayList<>();
        receives.forEach((game, subscription) -> entries.add(receiver(game, id, subscription, connection.expiresAt())));
        entries.add(clientEntry(connection.clientId(), id, connection.expiresAt()));
        table.putAll(entries);
    }

    @Override
    public Optional<Connection> find(String connectionId) {
        return read(connectionId).map(DynamoDbConnectionStore::toConnection);
    }

    @Override
    public int countOf(String clientId, Instant now) {
        Expression partition = Expression.of("#pk = :pk")
                .name("#pk", Layout.PK)
                .value(":pk", s(Layout.clientConnectionsKey(clientId)));
        Expression unexpired = Expression.of("#expiresAt > :now")
                .name("#expiresAt", Layout.EXPIRESAT)
                .value(":now", n(now));
        return table.queryAll(
                        Table.query(partition, unexpired).consistentRead(true).build())
                .size();
    }

    /** The client's partition of the per-client index, expired entries too (a TTL deletes late, and only the index entries). */
    @Override
    public List<String> connectionsOf(String clientId) {
        Expression partition = Expression.of("#pk = :pk")
                .name("#pk", Layout.PK)
                .value(":pk", s(Layout.clientConnectionsKey(clientId)));
        return table.queryAll(Table.query(partition).consistentRead(true).build()).stream()
                .map(item -> Attributes.string(item, Layout.SK))
                .toList();
    }

    @Override
    public void remove(String connectionId) {
        Optional<Map<String, AttributeValue>> item = read(connectionId);
        if (item.isEmpty()) {
            return;
        }
        Connection connection = toConnection(item.get());
        List<Map<String, AttributeValue>> keys = new java.util.ArrayList<>();
        receives(connection).keySet().forEach(game -> keys.add(Table.key(Layout.receiversKey(game), connectionId)));
        keys.add(Table.key(Layout.clientConnectionsKey(connection.clientId()), connectionId));
        table.deleteAll(keys);
        table.delete(Layout.connectionKey(connectionId), Layout.CONNECTION_SK);
    }

    /**
     * The connection first, on condition that it exists (touching an unknown one does nothing), then
     * its index entries. The entries are put whole rather than updated on condition, so an entry a
     * crash left behind (or a TTL took) comes back; the price is that a touch racing a save that drops
     * a game may put that game's entry back, a receiver too many until the connection expires.
     */
    @Override
    public void touch(String connectionId, Instant expiresAt) {
        Map<String, AttributeValue> times = expiry(expiresAt);
        Optional<Map<String, AttributeValue>> item = table.updateIf(
                Layout.connectionKey(connectionId),
                Layout.CONNECTION_SK,
                NEW_EXPIRY.value(":expiresAt", times.get(Layout.EXPIRESAT)).value(":expire", times.get(Layout.EXPIRE)),
                EXISTS);
        item.ifPresent(touched -> {
            Connection connection = toConnection(touched);
            List<Map<String, AttributeValue>> entries = new java.util.ArrayList<>();
            receives(connection)
                    .forEach(
                            (game, subscription) -> entries.add(receiver(game, connectionId, subscription, expiresAt)));
            entries.add(clientEntry(connection.clientId(), connectionId, expiresAt));
            table.putAll(entries);
        });
    }

    @Override
    public List<Receiver> receiversOf(String gameId, Instant now) {
        List<Map<String, AttributeValue>> ofGame = receiverEntries(gameId, now);
        return merge(ofGame, receiverEntries(Layout.EVERY_GAME, now));
    }

    /**
     * The every-game partition once for all the games, and each game's partition, all queried at
     * once (a bounded number at a time): a batch of many games waits for about one round trip per
     * {@link Concurrently#MAX_AT_ONCE} games rather than two per game.
     */
    @Override
    public Map<String, List<Receiver>> receiversOf(Collection<String> gameIds, Instant now) {
        List<String> games = List.copyOf(new LinkedHashSet<>(gameIds));
        Map<String, List<Receiver>> receivers = new LinkedHashMap<>();
        if (games.isEmpty()) {
            return receivers;
        }
        List<String> partitions = new ArrayList<>(games);
        partitions.add(Layout.EVERY_GAME);
        List<List<Map<String, AttributeValue>>> entries =
                Concurrently.map(partitions, key -> receiverEntries(key, now));
        List<Map<String, AttributeValue>> everyGame = entries.getLast();
        for (int i = 0; i < games.size(); i++) {
            receivers.put(games.get(i), merge(entries.get(i), everyGame));
        }
        return receivers;
    }

    /** The unexpired entries of one receivers partition: a game's, or every game's. */
    private List<Map<String, AttributeValue>> receiverEntries(String key, Instant now) {
        Expression partition =
                Expression.of("#pk = :pk").name("#pk", Layout.PK).value(":pk", s(Layout.receiversKey(key)));
        Expression unexpired = Expression.of("#expiresAt > :now")
                .name("#expiresAt", Layout.EXPIRESAT)
                .value(":now", n(now));
        return table.queryAll(
                Table.query(partition, unexpired).consistentRead(true).build());
    }

    /** A game's receivers, then every game's, each connection once (its entry under the game first). */
    private static List<Receiver> merge(
            List<Map<String, AttributeValue>> ofGame, List<Map<String, AttributeValue>> ofEveryGame) {
        Map<String, Receiver> receivers = new LinkedHashMap<>();
        for (List<Map<String, AttributeValue>> entries : List.of(ofGame, ofEveryGame)) {
            for (Map<String, AttributeValue> item : entries) {
                String id = Attributes.string(item, Layout.SK);
                receivers.putIfAbsent(id, new Receiver(id, subscriptionOf(item)));
            }
        }
        return List.copyOf(receivers.values());
    }

    @Override
    public List<String> removeExpired(Instant now) {
        List<List<String>> expired = Concurrently.map(
                IntStream.range(0, EXPIRY_SHARDS).mapToObj(Integer::toString).toList(), shard -> {
                    Expression key = Expression.of("#shard = :shard AND #expiresAt <= :now")
                            .name("#shard", Layout.EXPIRYSHARD)
                            .name("#expiresAt", Layout.EXPIRESAT)
                            .value(":shard", s(shard))
                            .value(":now", n(now));
                    return table
                            .queryAll(Table.query(key)
                                    .indexName(Layout.CONNECTION_EXPIRY_INDEX)
                                    .build())
                            .stream()
                            .map(item ->
                                    Attributes.string(item, Layout.PK).substring(Layout.CONNECTION_PREFIX.length()))
                            .toList();
                });
        List<String> candidates = expired.stream().flatMap(List::stream).toList();
        return Concurrently.map(candidates, id -> removeIfExpired(id, now) ? id : null).stream()
                .filter(Objects::nonNull)
                .toList();
    }

    /** Removes a connection still expired at {@code now} (the index may be behind a touch); true when it did. */
    private boolean removeIfExpired(String connectionId, Instant now) {
        Optional<Map<String, AttributeValue>> item = read(connectionId);
        if (item.isEmpty() || Attributes.instant(item.get(), Layout.EXPIRESAT).isAfter(now)) {
            return false;
        }
        Expression stillExpired = STILL_EXPIRED.value(":now", n(now));
        Connection connection = toConnection(item.get());
        for (String game : receives(connection).keySet()) {
            table.deleteIf(Layout.receiversKey(game), connectionId, stillExpired);
        }
        table.deleteIf(Layout.clientConnectionsKey(connection.clientId()), connectionId, stillExpired);
        return table.deleteIf(Layout.connectionKey(connectionId), Layout.CONNECTION_SK, stillExpired);
    }

    private Optional<Map<String, AttributeValue>> read(String connectionId) {
        return table.get(Layout.connectionKey(connectionId), Layout.CONNECTION_SK);
    }

    /** The receivers index entries a connection is under, with what it receives: its games, or every game. */
    private static Map<String, Subscription> receives(Connection connection) {
        return connection.receivesEveryGame() ? Map.of(Layout.EVERY_GAME, Subscription.EVERYTHING) : connection.games();
    }

    private static Connection toConnection(Map<String, AttributeValue> item) {
        String id = Attributes.string(item, Layout.PK).substring(Layout.CONNECTION_PREFIX.length());
        Map<String, Subscription> games = new HashMap<>();
        AttributeValue subscriptions = item.get(Layout.SUBSCRIPTIONS);
        if (subscriptions != null && subscriptions.hasM()) {
            subscriptions.m().forEach((game, value) -> games.put(game, subscriptionOf(value.m())));
        }
        AttributeValue everyGame = item.get(Layout.EVERYGAME);
        return new Connection(
                id,
                Attributes.string(item, Layout.CLIENT),
                Instant.ofEpochMilli(Attributes.longValue(item, Layout.CONNECTED)),
                Attributes.instant(item, Layout.EXPIRESAT),
                everyGame != null && Boolean.TRUE.equals(everyGame.bool()),
                games);
    }

    private static Map<String, AttributeValue> subscription(Subscription subscription) {
        return Map.of(
                Layout.MARKETS,
                        AttributeValue.fromL(new TreeSet<>(subscription.markets())
                                .stream().map(Attributes::s).toList()),
                Layout.AFTER, n(subscription.afterSeq()));
    }

    private static Subscription subscriptionOf(Map<String, AttributeValue> item) {
        AttributeValue markets = item.get(Layout.MARKETS);
        AttributeValue after = item.get(Layout.AFTER);
        return new Subscription(
                markets == null || !markets.hasL()
                        ? Set.of()
                        : markets.l().stream().map(AttributeValue::s).collect(java.util.stream.Collectors.toSet()),
                after == null ? 0 : Long.parseLong(after.n()));
    }

    private static Map<String, AttributeValue> receiver(
            String game, String connectionId, Subscription subscription, Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>(expiry(expiresAt));
        item.putAll(subscription(subscription));
        item.put(Layout.PK, s(Layout.receiversKey(game)));
        item.put(Layout.SK, s(connectionId));
        return item;
    }

    private static Map<String, AttributeValue> clientEntry(String clientId, String connectionId, Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>(expiry(expiresAt));
        item.put(Layout.PK, s(Layout.clientConnectionsKey(clientId)));
        item.put(Layout.SK, s(connectionId));
        return item;
    }

    /** The exact expiry, for filtering, and the TTL's whole seconds, rounded up so the TTL never deletes early. */
    private static Map<String, AttributeValue> expiry(Instant expiresAt) {
        long ttl = expiresAt.getEpochSecond() + (expiresAt.getNano() > 0 ? 1 : 0);
        return Map.of(Layout.EXPIRESAT, n(expiresAt), Layout.EXPIRE, n(ttl));
    }

    static String shard(String connectionId) {
        return Integer.toString(Math.floorMod(connectionId.hashCode(), EXPIRY_SHARDS));
    }
}
