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
