package io.sportsfeeds.adapters.aws;

import static io.sportsfeeds.adapters.aws.Attributes.n;
import static io.sportsfeeds.adapters.aws.Attributes.s;

import io.sportsfeeds.adapters.aws.Table.Expression;
import io.sportsfeeds.core.domain.Connection;
import io.sportsfeeds.core.port.ConnectionStore;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
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
 *       epoch ms), {@code GAMES} (L of S; empty means every game), {@code EXPIRESAT} (N, epoch
 *       seconds with the fraction, exact), {@code EXPIRE} (N, whole epoch seconds, the TTL) and
 *       {@code EXPIRYSHARD}, which puts it in the index {@code GSI-EXPIRY} (shard, {@code EXPIRESAT}).
 *   <li>{@code PK=receivers#<game id>} (or {@code receivers#*} for connections to every game),
 *       {@code SK=<connection id>}: {@code EXPIRESAT}, {@code EXPIRE}.
 * </ul>
 *
 * {@link #receiversOf} is two strongly consistent queries (the game's and every game's), which
 * leave out what expired by {@code now}, since a TTL deletes late (within days). {@link
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

  private static final Expression STILL_EXPIRED = Expression.of("#expiresAt <= :now").name("#expiresAt", Layout.EXPIRESAT);
  private static final Expression EXISTS = Expression.of("attribute_exists(#pk)").name("#pk", Layout.PK);
  private static final Expression NEW_EXPIRY =
      Expression.of("SET #expiresAt = :expiresAt, #expire = :expire").name("#expiresAt", Layout.EXPIRESAT).name("#expire", Layout.EXPIRE);

  private final Table table;

  DynamoDbConnectionStore(Table table) {
    this.table = Objects.requireNonNull(table, "table");
  }

  @Override
  public void save(Connection connection) {
    String id = connection.connectionId();
    Set<String> receives = connection.receivesEveryGame() ? Set.of(Layout.EVERY_GAME) : connection.gameIds();
    Set<String> dropped = new TreeSet<>(read(id).map(DynamoDbConnectionStore::receives).orElse(Set.of()));
    dropped.removeAll(receives);
    table.deleteAll(dropped.stream().map(game -> Table.key(Layout.receiversKey(game), id)).toList());

    Map<String, AttributeValue> item = new HashMap<>();
    item.put(Layout.PK, s(Layout.connectionKey(id)));
    item.put(Layout.SK, s(Layout.CONNECTION_SK));
    item.put(Layout.CLIENT, s(connection.clientId()));
    item.put(Layout.CONNECTED, n(connection.connectedAt().toEpochMilli()));
    item.put(Layout.GAMES, AttributeValue.fromL(new TreeSet<>(connection.gameIds()).stream().map(Attributes::s).toList()));
    item.put(Layout.EXPIRYSHARD, s(shard(id)));
    item.putAll(expiry(connection.expiresAt()));
    table.put(item);

    table.putAll(receives.stream().map(game -> receiver(game, id, connection.expiresAt())).toList());
  }

  @Override
  public void remove(String connectionId) {
    Optional<Map<String, AttributeValue>> item = read(connectionId);
    if (item.isEmpty()) {
      return;
    }
    table.deleteAll(receives(item.get()).stream().map(game -> Table.key(Layout.receiversKey(game), connectionId)).toList());
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
    Optional<Map<String, AttributeValue>> item =
        table.updateIf(
            Layout.connectionKey(connectionId),
            Layout.CONNECTION_SK,
            NEW_EXPIRY.value(":expiresAt", times.get(Layout.EXPIRESAT)).value(":expire", times.get(Layout.EXPIRE)),
            EXISTS);
    item.ifPresent(touched -> table.putAll(receives(touched).stream().map(game -> receiver(game, connectionId, expiresAt)).toList()));
  }

  @Override
  public Collection<String> receiversOf(String gameId, Instant now) {
    Set<String> receivers = new LinkedHashSet<>();
    for (String key : List.of(gameId, Layout.EVERY_GAME)) {
      Expression partition = Expression.of("#pk = :pk").name("#pk", Layout.PK).value(":pk", s(Layout.receiversKey(key)));
      Expression unexpired = Expression.of("#expiresAt > :now").name("#expiresAt", Layout.EXPIRESAT).value(":now", n(now));
      table.queryAll(Table.query(partition, unexpired).consistentRead(true).build())
          .forEach(item -> receivers.add(Attributes.string(item, Layout.SK)));
    }
    return List.copyOf(receivers);
  }

  @Override
  public List<String> removeExpired(Instant now) {
    List<List<String>> expired =
        Concurrently.map(
            IntStream.range(0, EXPIRY_SHARDS).mapToObj(Integer::toString).toList(),
            shard -> {
              Expression key =
                  Expression.of("#shard = :shard AND #expiresAt <= :now")
                      .name("#shard", Layout.EXPIRYSHARD)
                      .name("#expiresAt", Layout.EXPIRESAT)
                      .value(":shard", s(shard))
                      .value(":now", n(now));
              return table.queryAll(Table.query(key).indexName(Layout.CONNECTION_EXPIRY_INDEX).build()).stream()
                  .map(item -> Attributes.string(item, Layout.PK).substring(Layout.CONNECTION_PREFIX.length()))
                  .toList();
            });
    List<String> candidates = expired.stream().flatMap(List::stream).toList();
    return Concurrently.map(candidates, id -> removeIfExpired(id, now) ? id : null).stream().filter(Objects::nonNull).toList();
  }

  /** Removes a connection still expired at {@code now} (the index may be behind a touch); true when it did. */
  private boolean removeIfExpired(String connectionId, Instant now) {
    Optional<Map<String, AttributeValue>> item = read(connectionId);
    if (item.isEmpty() || Attributes.instant(item.get(), Layout.EXPIRESAT).isAfter(now)) {
      return false;
    }
    Expression stillExpired = STILL_EXPIRED.value(":now", n(now));
    for (String game : receives(item.get())) {
      table.deleteIf(Layout.receiversKey(game), connectionId, stillExpired);
    }
    return table.deleteIf(Layout.connectionKey(connectionId), Layout.CONNECTION_SK, stillExpired);
  }

  private Optional<Map<String, AttributeValue>> read(String connectionId) {
    return table.get(Layout.connectionKey(connectionId), Layout.CONNECTION_SK);
  }

  /** The receivers index keys a stored connection is under: its games, or every game. */
  private static Set<String> receives(Map<String, AttributeValue> item) {
    AttributeValue games = item.get(Layout.GAMES);
    List<String> ids = games == null || !games.hasL() ? List.of() : games.l().stream().map(AttributeValue::s).toList();
    return ids.isEmpty() ? Set.of(Layout.EVERY_GAME) : new TreeSet<>(ids);
  }

  private static Map<String, AttributeValue> receiver(String game, String connectionId, Instant expiresAt) {
    Map<String, AttributeValue> item = new HashMap<>(expiry(expiresAt));
    item.put(Layout.PK, s(Layout.receiversKey(game)));
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
