package io.sportsfeeds.adapters.aws;

import static io.sportsfeeds.adapters.aws.Attributes.s;

import io.sportsfeeds.adapters.aws.Table.Expression;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Games and clients in the original sample's layout, where the sort key carries a label:
 * {@code game-<sport>}, {@code cli-<name>}. A label can change while the entity stays, so one
 * entity can have more than one item: a put keeps the item already there (its sort key, the first
 * when there are several) and deletes the others after writing it; readers take the first item by
 * sort key. Each item also holds its label as an attribute, so a changed label is read correctly
 * under an old sort key.
 *
 * <p>Two items of one entity remain only if two puts with different labels create it at once, or a
 * put dies between its write and its deletes; readers still agree on one of them (the first), and
 * the next put of the entity removes the other.
 */
final class LabelledItems {
    private LabelledItems() {}

    /** An entity's item, keyed by the caller: the label for a new sort key, every other attribute given. */
    record Labelled(String pk, String prefix, String label, Map<String, AttributeValue> attributes) {}

    /** The sort key a new item gets: the prefix and as much of the label as fits. */
    static String newSortKey(String prefix, String label) {
        int room = Attributes.MAX_SORT_KEY_BYTES - prefix.getBytes(StandardCharsets.UTF_8).length;
        return prefix + Attributes.truncateUtf8(label == null ? "" : label, room);
    }

    /** Puts every entity (the last of several with one key wins), then deletes their other items. */
    static void putAll(Table table, List<Labelled> entities) {
        Map<String, Labelled> last = new LinkedHashMap<>();
        entities.forEach(entity -> last.put(entity.pk(), entity));
        List<List<String>> existing =
                Concurrently.map(List.copyOf(last.values()), entity -> sortKeys(table, entity.pk(), entity.prefix()));
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        List<Map<String, AttributeValue>> stale = new ArrayList<>();
        int i = 0;
        for (Labelled entity : last.values()) {
            List<String> sortKeys = existing.get(i++);
            String sortKey = sortKeys.isEmpty() ? newSortKey(entity.prefix(), entity.label()) : sortKeys.get(0);
            Map<String, AttributeValue> item = new HashMap<>(entity.attributes());
            item.put(Layout.PK, s(entity.pk()));
            item.put(Layout.SK, s(sortKey));
            items.add(item);
            sortKeys.stream().skip(1).forEach(other -> stale.add(Table.key(entity.pk(), other)));
        }
        table.putAll(items);
        table.deleteAll(stale);
    }

    /** An entity's item, strongly consistent. */
    static Optional<Map<String, AttributeValue>> read(Table table, String pk, String prefix) {
        return table
                .query(
                        Table.query(prefixKey(pk, prefix))
                                .consistentRead(true)
                                .limit(1)
                                .build(),
                        1)
                .stream()
                .findFirst();
    }

    /** Every item of an entity, strongly consistent, by sort key: the first is the one readers take. */
    static List<Map<String, AttributeValue>> readAll(Table table, String pk, String prefix) {
        return table.queryAll(
                Table.query(prefixKey(pk, prefix)).consistentRead(true).build());
    }

    /** The first item of each entity among items read from an index. */
    static Collection<Map<String, AttributeValue>> firstPerEntity(List<Map<String, AttributeValue>> items) {
        Map<String, Map<String, AttributeValue>> first = new HashMap<>();
        Comparator<Map<String, AttributeValue>> bySortKey =
                Comparator.comparing(item -> Attributes.string(item, Layout.SK));
        for (Map<String, AttributeValue> item : items) {
            first.merge(Attributes.string(item, Layout.PK), item, (a, b) -> bySortKey.compare(a, b) <= 0 ? a : b);
        }
        return first.values();
    }

    static List<String> sortKeys(Table table, String pk, String prefix) {
        var request = Table.query(prefixKey(pk, prefix))
                .consistentRead(true)
                .projectionExpression("#sk")
                .build();
        return new ArrayList<>(table.queryAll(request).stream()
                .map(item -> Attributes.string(item, Layout.SK))
                .toList());
    }

    private static Expression prefixKey(String pk, String prefix) {
        return Expression.of("#pk = :pk AND begins_with(#sk, :prefix)")
                .name("#pk", Layout.PK)
                .name("#sk", Layout.SK)
                .value(":pk", s(pk))
                .value(":prefix", s(prefix));
    }
}
