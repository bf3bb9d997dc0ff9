package io.sportsfeeds.core.usecase;

import io.sportsfeeds.core.domain.BatchReader;
import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.port.ClientRegistry;
import java.util.List;
import java.util.Map;

/** Registers the analysts' clients and lists them. */
public final class RegisterClients {
  public static final int MAX_BATCH = 1_000;

  private final ClientRegistry store;

  public RegisterClients(ClientRegistry store) {
    this.store = store;
  }

  /** Registers {@code {"clients": [...]}}: every client valid and stored, or none. */
  public List<Client> register(Map<String, ?> document) {
    List<Client> clients = BatchReader.read(document, "clients", MAX_BATCH, Client::read);
    store.putClients(clients);
    return clients;
  }

  public List<Client> list() {
    return store.clients();
  }
}
