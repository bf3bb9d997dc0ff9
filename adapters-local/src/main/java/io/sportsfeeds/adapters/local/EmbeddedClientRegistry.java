package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.port.ClientRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.rocksdb.WriteBatch;

/**
 * The {@link ClientRegistry} over the RocksDB table: a client row per client and its GSI-1 row,
 * so listing is one range scan ({@code package-info.java}). Writes take turns (one process owns the
 * database), so a conditional put reads and writes its clients with no other write between.
 */
final class EmbeddedClientRegistry implements ClientRegistry {
    private final RocksTable table;
    private final Object writes = new Object();

    EmbeddedClientRegistry(RocksTable table) {
        this.table = table;
    }

    @Override
    public void putClients(List<Client> clients) {
        if (clients.isEmpty()) {
            return;
        }
        Map<String, Client> byId = new HashMap<>();
        clients.forEach(client -> byId.put(
                Objects.requireNonNull(client, "clients must not hold null").clientId(), client));
        synchronized (writes) {
            write(List.copyOf(byId.values()));
        }
    }

    /** Reads the expected clients and writes the unchanged ones in one batch, under the write lock. */
    @Override
    public Set<String> putClientsIfUnchanged(List<Change> changes) {
        Set<String> conflicts = new TreeSet<>();
        if (changes.isEmpty()) {
            return conflicts;
        }
        synchronized (writes) {
            Map<String, Client> stored = clients(
                    changes.stream().map(change -> change.client().clientId()).toList());
            List<Client> unchanged = new ArrayList<>();
            for (Change change : changes) {
                String clientId = change.client().clientId();
                if (Optional.ofNullable(stored.get(clientId)).equals(change.expected())) {
                    unchanged.add(change.client());
                } else {
                    conflicts.add(clientId);
                }
            }
            write(unchanged);
        }
        return conflicts;
    }

    private void write(List<Client> clients) {
        if (clients.isEmpty()) {
            return;
        }
        table.call("store " + clients.size() + " clients", t -> {
            try (WriteBatch batch = new WriteBatch()) {
                for (Client client : clients) {
                    byte[] value = Codec.client(client);
                    batch.put(t.table(), Keys.client(client.clientId()), value);
                    batch.put(t.index(), Keys.clientById(client.clientId()), value);
                }
                t.db().write(t.syncWrite(), batch);
            }
            return null;
        });
    }

    @Override
    public Optional<Client> client(String clientId) {
        if (!Keys.isId(clientId)) {
            return Optional.empty();
        }
        return table.call(
                "read client " + clientId,
                t -> Optional.ofNullable(t.db().get(t.table(), Keys.client(clientId)))
                        .map(Codec::readClient));
    }

    /** One multiGet of every valid id's row. */
    @Override
    public Map<String, Client> clients(Collection<String> clientIds) {
        List<String> ids = clientIds.stream().filter(Keys::isId).distinct().toList();
        if (ids.isEmpty()) {
            return Map.of();
        }
        return table.call("read " + ids.size() + " clients", t -> {
            List<byte[]> rows = t.db().multiGetAsList(
                            Collections.nCopies(ids.size(), t.table()),
                            ids.stream().map(Keys::client).toList());
            Map<String, Client> found = new HashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                if (rows.get(i) != null) {
                    found.put(ids.get(i), Codec.readClient(rows.get(i)));
                }
            }
            return found;
        });
    }

    @Override
    public List<Client> clients() {
        return table.call(
                "list the clients",
                t -> IndexScan.scan(t, Keys.clientsPrefix(), Keys.clientsPrefix(), null, Codec::readClient));
    }
}
