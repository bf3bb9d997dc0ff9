package io.sportsfeeds.api.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.sportsfeeds.api.json.Json;
import io.sportsfeeds.core.domain.AppendOutcome;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.Game;
import io.sportsfeeds.core.domain.HistoryPage;
import io.sportsfeeds.core.usecase.IngestFeeds;
import io.sportsfeeds.core.usecase.RegistrationConflictException;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** The JSON bodies of successful responses, with the field names of the original sample. */
final class Bodies {
    private Bodies() {}

    /** {@code {"accepted":N,"duplicates":M,"results":[{"gameId":..,"seq":..,"status":"stored"|"duplicate"}]}} */
    static byte[] ingestReport(IngestFeeds.Report report) {
        return Json.bytes(generator -> {
            generator.writeStartObject();
            generator.writeNumberField("accepted", report.accepted());
            generator.writeNumberField("duplicates", report.duplicates());
            generator.writeArrayFieldStart("results");
            for (AppendOutcome outcome : report.outcomes()) {
                generator.writeStartObject();
                generator.writeStringField("gameId", outcome.gameId());
                generator.writeNumberField("seq", outcome.seq());
                generator.writeStringField("status", outcome.duplicate() ? "duplicate" : "stored");
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeEndObject();
        });
    }

    /** {@code {"gameId":..,"odds":[..]}}, each update in the pushed shape without its kind. */
    static byte[] odds(String gameId, List<CapturedChange> changes) {
        return Json.bytes(generator -> {
            generator.writeStartObject();
            writeOdds(generator, gameId, changes);
            generator.writeEndObject();
        });
    }

    /**
     * A history page read with a cursor: {@code {"gameId":..,"odds":[..]}} as {@link #odds}, then
     * {@code "next":{"afterSeq":N}} when the page is full (and more may follow).
     */
    static byte[] history(String gameId, HistoryPage page) {
        return Json.bytes(generator -> {
            generator.writeStartObject();
            writeOdds(generator, gameId, page.changes());
            if (page.nextAfterSeq().isPresent()) {
                generator.writeObjectFieldStart("next");
                generator.writeNumberField("afterSeq", page.nextAfterSeq().getAsLong());
                generator.writeEndObject();
            }
            generator.writeEndObject();
        });
    }

    private static void writeOdds(JsonGenerator generator, String gameId, List<CapturedChange> changes)
            throws IOException {
        generator.writeStringField("gameId", gameId);
        Json.writeOddsArray(generator, changes);
    }

    static byte[] stored(int count) {
        return Json.bytes(generator -> {
            generator.writeStartObject();
            generator.writeNumberField("stored", count);
            generator.writeEndObject();
        });
    }

    /**
     * {@code {"stored":N}}, and {@code "secrets":{"<clientId>":"<secret>",..}} when secrets were made
     * for new clients: the only time they are shown.
     */
    static byte[] storedClients(int count, Map<String, String> newSecrets) {
        return Json.bytes(generator -> {
            generator.writeStartObject();
            generator.writeNumberField("stored", count);
            writeSecrets(generator, newSecrets);
            generator.writeEndObject();
        });
    }

    /**
     * A 409 {@code conflict} of {@code PUT /clients}: the error, the clients not stored in {@code
     * fields}, and {@code "secrets"} made for the new clients that were stored (shown nowhere else).
     */
    static byte[] registrationConflict(RegistrationConflictException conflict) {
        return Json.bytes(generator -> {
            generator.writeStartObject();
            ApiError.of(conflict).writeFields(generator);
            writeSecrets(generator, conflict.storedNewSecrets());
            generator.writeEndObject();
        });
    }

    private static void writeSecrets(JsonGenerator generator, Map<String, String> newSecrets) throws IOException {
        if (!newSecrets.isEmpty()) {
            generator.writeObjectFieldStart("secrets");
            for (Map.Entry<String, String> secret : newSecrets.entrySet()) {
                generator.writeStringField(secret.getKey(), secret.getValue());
            }
            generator.writeEndObject();
        }
    }

    /** {@code {"games":[..]}} with the fields of reference/games.json; unknown optional fields are left out. */
    static byte[] games(List<Game> games) {
        return Json.bytes(generator -> {
            generator.writeStartObject();
            generator.writeArrayFieldStart("games");
            for (Game game : games) {
                writeGame(generator, game);
            }
            generator.writeEndArray();
            generator.writeEndObject();
        });
    }

    /** {@code {"clients":[..]}} with the fields of reference/clients.json. */
    static byte[] clients(List<Client> clients) {
        return Json.bytes(generator -> {
            generator.writeStartObject();
            generator.writeArrayFieldStart("clients");
            for (Client client : clients) {
                generator.writeStartObject();
                generator.writeStringField("clientId", client.clientId());
                Json.writeOptionalString(generator, "name", client.name());
                generator.writeBooleanField("active", client.active());
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeEndObject();
        });
    }

    private static void writeGame(JsonGenerator generator, Game game) throws IOException {
        generator.writeStartObject();
        generator.writeStringField("gameId", game.gameId());
        Json.writeOptionalString(generator, "sport", game.sport());
        Json.writeOptionalString(generator, "name", game.name());
        Json.writeOptionalString(generator, "venue", game.venue());
        Json.writeOptionalString(generator, "season", game.season());
        Json.writeOptionalString(generator, "type", game.type());
        generator.writeStringField("status", game.status());
        generator.writeNumberField("gameDate", game.gameDate());
        generator.writeEndObject();
    }
}
