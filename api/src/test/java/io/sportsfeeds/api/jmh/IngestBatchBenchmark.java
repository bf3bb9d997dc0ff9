package io.sportsfeeds.api.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sportsfeeds.api.Reference;
import io.sportsfeeds.api.http.HttpRequest;
import io.sportsfeeds.api.http.HttpResponse;
import io.sportsfeeds.api.http.RestApi;
import io.sportsfeeds.api.json.Json;
import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.BatchReader;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.HistoryQuery;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.fakes.InMemoryClientRegistry;
import io.sportsfeeds.core.fakes.InMemoryGameCatalogue;
import io.sportsfeeds.core.port.OddsStore;
import io.sportsfeeds.core.usecase.AuthenticateCallers;
import io.sportsfeeds.core.usecase.ClientSecrets;
import io.sportsfeeds.core.usecase.IngestFeeds;
import io.sportsfeeds.core.usecase.ReadOdds;
import io.sportsfeeds.core.usecase.RegisterClients;
import io.sportsfeeds.core.usecase.RegisterGames;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The ingest decode: a provider's {@code PUT /feeds} of {@value #UPDATES} updates (the reference
 * batch's two updates repeated, each with its own {@code date}, about 22 KB). One operation is one
 * batch.
 *
 * <ul>
 *   <li>{@link #parseAndValidate}: the body to validated {@link OddsUpdate}s, as {@code RestApi}
 *       and {@code IngestFeeds} do it (Jackson to a map, then {@code BatchReader} and {@code
 *       OddsUpdate.read} with every rule).
 *   <li>{@link #putFeeds}: the whole route, {@code RestApi.handle} with authentication off, over a
 *       store that answers every update stored at once: routing, parsing, validation, the ingest
 *       report's JSON. No storage cost is in it.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class IngestBatchBenchmark {
    static final int UPDATES = 100;

    private byte[] body;
    private HttpRequest request;
    private RestApi api;

    @Setup
    public void setUp() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode reference = (ObjectNode) mapper.readTree(Reference.bytes("provider-odds-batch.json"));
        ArrayNode examples = (ArrayNode) reference.get("odds");
        ArrayNode odds = mapper.createArrayNode();
        for (int i = 0; i < UPDATES; i++) {
            ObjectNode update = examples.get(i % examples.size()).deepCopy();
            update.put("date", 1_764_617_400L + i);
            if (update.has("id")) {
                update.put("id", "prov-42-" + (1_000 + i));
            }
            odds.add(update);
        }
        body = mapper.writeValueAsBytes(mapper.createObjectNode().set("odds", odds));
        request = new HttpRequest("PUT", "/feeds", Map.of(), Map.of("content-type", "application/json"), body);
        api = new RestApi(
                new IngestFeeds(new AcceptingStore(), IngestFeeds.DEFAULT_MAX_BATCH),
                new ReadOdds(new AcceptingStore()),
                new RegisterGames(new InMemoryGameCatalogue()),
                new RegisterClients(new InMemoryClientRegistry(), new ClientSecrets(new SecureRandom(), 1_000)),
                AuthenticateCallers.off());

        if (parseAndValidate().size() != UPDATES) {
            throw new IllegalStateException("the batch should read as " + UPDATES + " updates");
        }
        HttpResponse response = putFeeds();
        if (response.status() != 200) {
            throw new IllegalStateException("PUT /feeds should answer 200, answered " + response);
        }
    }

    @Benchmark
    public List<OddsUpdate> parseAndValidate() {
        Map<String, Object> document = Json.readObject(body, "body");
        return BatchReader.read(document, "odds", IngestFeeds.DEFAULT_MAX_BATCH, OddsUpdate::read);
    }

    @Benchmark
    public HttpResponse putFeeds() {
        return api.handle(request);
    }

    /** Answers every update stored, with the next seq of its game; reads nothing. */
    static final class AcceptingStore implements OddsStore {
        private long seq;

        @Override
        public List<AppendOutcome> append(List<OddsUpdate> updates) {
            List<AppendOutcome> outcomes = new ArrayList<>(updates.size());
            for (OddsUpdate update : updates) {
                outcomes.add(new AppendOutcome(update.gameId(), ++seq, false));
            }
            return outcomes;
        }

        @Override
        public List<CapturedChange> latest(String gameId) {
            return List.of();
        }

        @Override
        public List<CapturedChange> history(HistoryQuery query) {
            return List.of();
        }

        @Override
        public List<CapturedChange> changesAfter(String gameId, long afterSeq, int limit) {
            return List.of();
        }

        @Override
        public String epoch() {
            return "bench";
        }
    }
}
