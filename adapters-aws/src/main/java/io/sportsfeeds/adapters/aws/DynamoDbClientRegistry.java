package io.sportsfeeds.adapters.aws;

import static io.sportsfeeds.adapters.aws.Attributes.s;

import io.sportsfeeds.adapters.aws.Table.Expression;
import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.InvalidInputException;
import io.sportsfeeds.core.domain.SecretHash;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import io.sportsfeeds.core.port.ClientRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Clients in the original sample's layout, so a table its init script seeded reads unchanged:
 * {@code PK} = the client id, {@code SK=cli-<name>}, {@code ACTIVE} ({@code Y} or {@code N}). This
 * store adds {@code NAME} (the name even when the sort key holds an older one; NULL when none).
 * Listing every client (an admin's request, rare) queries the index {@code GSI-CLIENTS} on {@code
 * ACTIVE} and {@code PK}, once for {@code Y} and once for {@code N}: no scan of a table that holds
 * all the odds history, and the sample's seeded clients have {@code ACTIVE} too. The listing is
 * eventually consistent; reading one client is strongly consistent. See {@link LabelledItems} for
 * clients whose name changes.
 *
 * <p>A conditional put ({@link #putClientsIfUnchanged}) writes each client with its own {@code
 * PutItem}, conditioned on the item holding the client expected ({@code BatchWriteItem} cannot carry
 * a condition); see {@code DYNAMODB.md}.
 */
final class DynamoDbClientRegistry implements ClientRegistry {
    /** The client's salted secret hash ({@code pbkdf2-sha256$...}), never the secret. */
    static final String SECRETHASH = "SECRETHASH";

    private final Table table;

    DynamoDbClientRegistry(Table table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    @Override
    public void putClients(List<Client> clients) {
        LabelledItems.putAll(
                table,
                clients.stream()
                        .map(client -> new LabelledItems.Labelled(
                                client.clientId(), Layout.CLIENT_PREFIX, client.name(), attributes(client)))
                        .toList());
    }

    @Override
    public Set<String> putClientsIfUnchanged(List<Change> changes) {
        List<Boolean> written = Concurrently.map(changes, this::putIfUnchanged);
        Set<String> conflicts = new TreeSet<>();
        for (int i = 0; i < changes.size(); i++) {
            if (!written.get(i)) {
                conflicts.add(changes.get(i).client().clientId());
            }
        }
        return conflicts;
    }

    /** One client's conditional put: false when another client (or none) was stored. */
    private boolean putIfUnchanged(Change change) {
        Client client = change.client();
        List<Map<String, AttributeValue>> items = LabelledItems.readAll(table, client.clientId(), Layout.CLIENT_PREFIX);
        if (!items.stream().findFirst().map(DynamoDbClientRegistry::client).equals(change.expected())) {
            return false; // known already: spare the write
        }
        if (items.isEmpty()) {
            return create(client);
        }
        String sortKey = Attributes.string(items.getFirst(), Layout.SK);
        if (!table.putIf(item(client, sortKey), holds(change.expected().orElseThrow(), sortKey))) {
            return false;
        }
        table.deleteAll(items.stream()
                .skip(1)
                .map(other -> Table.key(client.clientId(), Attributes.string(other, Layout.SK)))
                .toList());
        return true;
    }

    /**
     * Creates a client on condition that no item is at its key, then checks that it is the client's
     * only item: a writer creating the client at once under another name writes under another sort
     * key, which the condition cannot see. A writer that finds another item yields: it deletes its
     * own and answers a conflict. Of two such writers at most one succeeds: one that saw no other
     * item checked before the other wrote, so the other sees its item.
     */
    private boolean create(Client client) {
        String sortKey = LabelledItems.newSortKey(Layout.CLIENT_PREFIX, client.name());
        Expression none = Expression.of("attribute_not_exists(#pk)").name("#pk", Layout.PK);
        if (!table.putIf(item(client, sortKey), none)) {
            return false;
        }
        List<String> sortKeys = LabelledItems.sortKeys(table, client.clientId(), Layout.CLIENT_PREFIX);
        if (sortKeys.equals(List.of(sortKey))) {
            return true;
        }
        if (sortKeys.contains(sortKey)) {
            // Unless another writer changed it already: then it is theirs to keep.
            table.deleteIf(client.clientId(), sortKey, holds(client, sortKey));
        }
        return false;
    }

    /** The condition that the item at {@code sortKey} reads as {@code client} (see {@link #client}). */
    private static Expression holds(Client client, String sortKey) {
        String label = sortKey.substring(Layout.CLIENT_PREFIX.length());
        List<String> terms = new ArrayList<>();
        terms.add("attribute_exists(#pk)");
        terms.add(client.active() ? "#active = :yes" : "(attribute_not_exists(#active) OR #active <> :yes)");
        Expression condition = Expression.of("")
                .name("#pk", Layout.PK)
                .name("#active", Layout.ACTIVE)
                .name("#name", Layout.NAME)
                .name("#secret", SECRETHASH)
                .value(":yes", s(Layout.YES));
        // An item without NAME (the sample's) is named by its label.
        String noName = "attribute_not_exists(#name)";
        if (client.name() == null) {
            condition = condition.value(":null", s("NULL"));
            terms.add(
                    label.isEmpty()
                            ? "(" + noName + " OR attribute_type(#name, :null))"
                            : "attribute_type(#name, :null)");
        } else {
            condition = condition.value(":name", s(client.name()));
            terms.add(client.name().equals(label) ? "(" + noName + " OR #name = :name)" : "#name = :name");
        }
        if (client.secretHash() == null) {
            terms.add("attribute_not_exists(#secret)");
        } else {
            condition = condition.value(":secret", s(client.secretHash().value()));
            terms.add("#secret = :secret");
        }
        return new Expression(String.join(" AND ", terms), condition.names(), condition.values());
    }

    private static Map<String, AttributeValue> item(Client client, String sortKey) {
        Map<String, AttributeValue> item = attributes(client);
        item.put(Layout.PK, s(client.clientId()));
        item.put(Layout.SK, s(sortKey));
        return item;
    }

    @Override
    public Optional<Client> client(String clientId) {
        return LabelledItems.read(table, clientId, Layout.CLIENT_PREFIX).map(DynamoDbClientRegistry::client);
    }

    /**
     * One strongly consistent query per client, {@link Concurrently} (16 in flight). Not a {@code
     * BatchGetItem}: that needs each item's whole key, and the sort key holds the client's name,
     * which the reader does not know; nor the index {@code GSI-CLIENTS}, which is eventually
     * consistent and keyed on {@code ACTIVE} first.
     */
    @Override
    public Map<String, Client> clients(Collection<String> clientIds) {
        List<String> ids = clientIds.stream().distinct().toList();
        List<Optional<Client>> read = Concurrently.map(ids, this::client);
        Map<String, Client> found = new HashMap<>();
        read.forEach(client -> client.ifPresent(c -> found.put(c.clientId(), c)));
        return found;
    }

    @Override
    public List<Client> clients() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (String active : List.of(Layout.YES, Layout.NO)) {
            Expression key = Expression.of("#active = :active")
                    .name("#active", Layout.ACTIVE)
                    .value(":active", s(active));
            items.addAll(table.queryAll(
                    Table.query(key).indexName(Layout.CLIENTS_INDEX).build()));
        }
        return LabelledItems.firstPerEntity(items).stream()
                .map(DynamoDbClientRegistry::client)
                .sorted(Comparator.comparing(Client::clientId))
                .toList();
    }

    private static Map<String, AttributeValue> attributes(Client client) {
        Map<String, AttributeValue> attributes = new java.util.HashMap<>();
        attributes.put(Layout.ACTIVE, s(client.active() ? Layout.YES : Layout.NO));
        attributes.put(Layout.NAME, Attributes.nullable(client.name()));
        if (client.secretHash() != null) {
            attributes.put(SECRETHASH, s(client.secretHash().value()));
        }
        return attributes;
    }

    private static Client client(Map<String, AttributeValue> item) {
        String sortKey = Attributes.string(item, Layout.SK);
        String label = sortKey.substring(Layout.CLIENT_PREFIX.length());
        // The sample's items have no NAME: their name is the sort key's label.
        String name = Attributes.has(item, Layout.NAME)
                ? Attributes.optionalString(item, Layout.NAME)
                : label.isEmpty() ? null : label;
        try {
            String hash = Attributes.optionalString(item, SECRETHASH);
            return new Client(
                    Attributes.string(item, Layout.PK),
                    name,
                    Layout.YES.equals(Attributes.optionalString(item, Layout.ACTIVE)),
                    hash == null ? null : new SecretHash(hash));
        } catch (InvalidInputException e) {
            throw new StoreUnavailableException(
                    "item " + Attributes.keyOf(item) + " is not a valid client: " + e.getMessage(), e);
        }
    }
}
