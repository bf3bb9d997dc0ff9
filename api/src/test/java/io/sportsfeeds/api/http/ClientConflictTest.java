package io.sportsfeeds.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.fakes.ForwardingClientRegistry;
import io.sportsfeeds.core.fakes.InMemoryClientRegistry;
import io.sportsfeeds.core.fakes.InMemoryGameCatalogue;
import io.sportsfeeds.core.fakes.InMemoryOddsStore;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.port.ClientRegistry;
import io.sportsfeeds.core.usecase.ClientSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code PUT /clients} when other requests keep changing one of its clients: a 409 naming it. */
class ClientConflictTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final InMemoryClientRegistry stored = new InMemoryClientRegistry();
    private final RestApi api = RestApiTest.api(
            new InMemoryOddsStore(new MutableClock(Instant.ofEpochMilli(1764617460123L))),
            new InMemoryGameCatalogue(),
            new RenamingRegistry(stored, "client-002"),
            1_000,
            RestApi.DEFAULT_MAX_BODY_BYTES);

    @Test
    void answers409NamingTheClient_withTheSecretsMadeForTheNewClientsStored_whenAnotherRequestKeepsChangingIt()
            throws IOException {
        HttpResponse response =
                api.handle(RestApiTest.request("PUT", "/clients", """
                {"clients":[{"clientId":"client-001","name":"Desk A"},{"clientId":"client-002","active":false}]}""".getBytes(StandardCharsets.UTF_8)));

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.headers()).containsEntry("Content-Type", "application/json; charset=utf-8");
        JsonNode body = JSON.readTree(response.body());
        String made = body.path("secrets").path("client-001").asText();
        assertThat(made).startsWith(ClientSecrets.GENERATED_PREFIX);
        assertThat(new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"error\":\"conflict\",\"message\":\"clients[1] not stored: other requests changed it"
                        + " at the same time, 5 times in a row; the request's other clients were stored, the secrets"
                        + " made for the new ones are in secrets; send those named again\",\"fields\":[{\"field\":"
                        + "\"clients[1]\",\"message\":\"clients[1] was changed by another request at the same time, 5"
                        + " times in a row\"}],\"secrets\":{\"client-001\":\"" + made + "\"}}");
        assertThat(stored.client("client-001")).map(Client::name).contains("Desk A");
        assertThat(stored.client("client-002")).map(Client::active).contains(true);
    }

    /** Renames one client after every read, as another request would between a read and a write. */
    private static final class RenamingRegistry extends ForwardingClientRegistry {
        private final String renamed;
        private final AtomicInteger renames = new AtomicInteger();

        RenamingRegistry(ClientRegistry delegate, String renamed) {
            super(delegate);
            this.renamed = renamed;
        }

        @Override
        public Map<String, Client> clients(Collection<String> clientIds) {
            Map<String, Client> read = super.clients(clientIds);
            putClients(List.of(new Client(renamed, "Renamed " + renames.incrementAndGet(), true)));
            return read;
        }
    }
}
