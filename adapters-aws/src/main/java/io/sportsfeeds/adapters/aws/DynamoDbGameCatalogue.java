package io.sportsfeeds.adapters.aws;

import static io.sportsfeeds.adapters.aws.Attributes.n;
import static io.sportsfeeds.adapters.aws.Attributes.s;

import io.sportsfeeds.adapters.aws.Table.Expression;
import io.sportsfeeds.core.domain.Game;
import io.sportsfeeds.core.domain.InvalidInputException;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.port.GameCatalogue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Games in the original sample's layout, so a table its init script seeded reads unchanged:
 * {@code PK} = the game id, {@code SK=game-<sport>}, {@code GAMEDATE} (N, epoch seconds),
 * {@code STATUS}, {@code VENUE}, {@code NAME}, {@code SEASON}, {@code TYPE}, and {@code ISSCHEDULED
 * = Y} on scheduled games only (the sample's sparse index {@code GSI-1} on {@code
 * ISSCHEDULED}/{@code GAMEDATE}). This store adds {@code SPORT} (the sport even when the sort key
 * holds an older one; NULL when none) and, on every game that is not scheduled, {@code
 * ISUNSCHEDULED = Y}: a second sparse index on it and {@code GAMEDATE} holds exactly the games the
 * sample's does not. Listing a range of start times is then two index queries, never a scan, and
 * sees the sample's seeded games. See {@link LabelledItems} for games whose sport changes.
 *
 * <p>Listings read global secondary indexes, so they are eventually consistent: a game put a
 * moment ago may be missing, or listed where it was before. Reading one game is strongly consistent.
 */
final class DynamoDbGameCatalogue implements GameCatalogue {
    private final Table table;

    DynamoDbGameCatalogue(Table table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    @Override
    public void putGames(List<Game> games) {
        LabelledItems.putAll(
                table,
                games.stream()
                        .map(game -> new LabelledItems.Labelled(
                                game.gameId(), Layout.GAME_PREFIX, game.sport(), attributes(game)))
                        .toList());
    }

    @Override
    public Optional<Game> game(String gameId) {
        return LabelledItems.read(table, gameId, Layout.GAME_PREFIX).map(DynamoDbGameCatalogue::game);
    }

    @Override
    public List<Game> games(long fromEpochSecond, long toEpochSecond) {
        if (fromEpochSecond >= toEpochSecond) {
            return List.of();
        }
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        items.addAll(
                startingBetween(Layout.SCHEDULED_GAMES_INDEX, Layout.ISSCHEDULED, fromEpochSecond, toEpochSecond - 1));
        items.addAll(startingBetween(
                Layout.UNSCHEDULED_GAMES_INDEX, Layout.ISUNSCHEDULED, fromEpochSecond, toEpochSecond - 1));
        return LabelledItems.firstPerEntity(items).stream()
                .map(DynamoDbGameCatalogue::game)
                .sorted(Comparator.comparingLong(Game::gameDate).thenComparing(Game::gameId))
                .toList();
    }

    private List<Map<String, AttributeValue>> startingBetween(String index, String flag, long first, long last) {
        Expression key = Expression.of("#flag = :yes AND #date BETWEEN :first AND :last")
                .name("#flag", flag)
                .name("#date", Layout.GAMEDATE)
                .value(":yes", s(Layout.YES))
                .value(":first", n(first))
                .value(":last", n(last));
        return table.queryAll(Table.query(key).indexName(index).build());
    }

    private static Map<String, AttributeValue> attributes(Game game) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Layout.GAMEDATE, n(game.gameDate()));
        item.put(game.isScheduled() ? Layout.ISSCHEDULED : Layout.ISUNSCHEDULED, s(Layout.YES));
        item.put(Layout.STATUS, s(game.status()));
        item.put(Layout.SPORT, Attributes.nullable(game.sport()));
        Attributes.putIfPresent(item, Layout.NAME, game.name());
        Attributes.putIfPresent(item, Layout.VENUE, game.venue());
        Attributes.putIfPresent(item, Layout.SEASON, game.season());
        Attributes.putIfPresent(item, Layout.TYPE, game.type());
        return item;
    }

    private static Game game(Map<String, AttributeValue> item) {
        String sortKey = Attributes.string(item, Layout.SK);
        // The sample's items have no SPORT: their sport is the sort key's label.
        String sport =
                Attributes.has(item, Layout.SPORT) ? Attributes.optionalString(item, Layout.SPORT) : label(sortKey);
        String status = Attributes.optionalString(item, Layout.STATUS);
        if (status == null) {
            status = Attributes.has(item, Layout.ISSCHEDULED) ? Game.SCHEDULED : "unknown";
        }
        try {
            return new Game(
                    Attributes.string(item, Layout.PK),
                    Attributes.longValue(item, Layout.GAMEDATE),
                    status,
                    sport,
                    Attributes.optionalString(item, Layout.NAME),
                    Attributes.optionalString(item, Layout.VENUE),
                    Attributes.optionalString(item, Layout.SEASON),
                    Attributes.optionalString(item, Layout.TYPE));
        } catch (InvalidInputException e) {
            throw new StoreUnavailableException(
                    "item " + Attributes.keyOf(item) + " is not a valid game: " + e.getMessage(), e);
        }
    }

    private static String label(String sortKey) {
        String label = sortKey.substring(Layout.GAME_PREFIX.length());
        return label.isEmpty() ? null : label;
    }
}
