package io.sportsfeeds.adapters.aws;

import static io.sportsfeeds.adapters.aws.Attributes.n;

import io.sportsfeeds.adapters.aws.Table.Expression;
import io.sportsfeeds.core.port.PublishedSeqs;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The published seq of each game, shared by every consumer of the change stream: {@code PK} = the
 * game id, {@code SK=published}, {@code SEQ} (N), moved forward only by a conditional update (a
 * lower or equal seq fails the condition, which is the answer, not an error). {@code EXPIRE} is
 * pushed out by the store's retention at each advance, so the record of a game whose history has
 * expired expires too instead of making its restarted seqs look published.
 *
 * <p>The seqs of several games are read with strongly consistent BatchGetItem calls (100 games a
 * call). Several games advance with one conditional update each, made at once: BatchWriteItem
 * cannot carry the condition that keeps a seq from moving back.
 */
final class DynamoDbPublishedSeqs implements PublishedSeqs {
    private static final Expression ADVANCE = Expression.of("SET #seq = :seq, #expire = :expire")
            .name("#seq", Layout.SEQ)
            .name("#expire", Layout.EXPIRE);
    private static final Expression ONLY_FORWARD =
            Expression.of("attribute_not_exists(#seq) OR #seq < :seq").name("#seq", Layout.SEQ);

    private final Table table;
    private final Clock clock;
    private final long retentionSeconds;

    DynamoDbPublishedSeqs(Table table, Clock clock, Duration retention) {
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retentionSeconds = retention.toSeconds();
    }

    @Override
    public OptionalLong lastPublished(String gameId) {
        return table.get(gameId, Layout.PUBLISHED_SK)
                .filter(item -> Attributes.has(item, Layout.SEQ))
                .map(item -> OptionalLong.of(Attributes.longValue(item, Layout.SEQ)))
                .orElse(OptionalLong.empty());
    }

    @Override
    public void advance(String gameId, long seq) {
        long expire = clock.instant().getEpochSecond() + retentionSeconds;
        table.updateIf(
                gameId,
                Layout.PUBLISHED_SK,
                ADVANCE.value(":seq", n(seq)).value(":expire", n(expire)),
                ONLY_FORWARD.value(":seq", n(seq)));
    }

    @Override
    public Map<String, OptionalLong> lastPublished(Collection<String> gameIds) {
        Set<String> games = new LinkedHashSet<>(gameIds);
        Map<String, OptionalLong> seqs = new LinkedHashMap<>();
        games.forEach(game -> seqs.put(game, OptionalLong.empty()));
        List<Map<String, AttributeValue>> keys =
                games.stream().map(game -> Table.key(game, Layout.PUBLISHED_SK)).toList();
        for (Map<String, AttributeValue> item : table.getAll(keys)) {
            if (Attributes.has(item, Layout.SEQ)) {
                seqs.put(Attributes.string(item, Layout.PK), OptionalLong.of(Attributes.longValue(item, Layout.SEQ)));
            }
        }
        return seqs;
    }

    @Override
    public void advance(Map<String, Long> seqs) {
        Concurrently.map(List.copyOf(seqs.entrySet()), game -> {
            advance(game.getKey(), game.getValue());
            return game.getKey();
        });
    }
}
