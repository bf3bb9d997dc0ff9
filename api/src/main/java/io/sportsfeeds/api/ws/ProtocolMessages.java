package io.sportsfeeds.api.ws;

import io.sportsfeeds.api.json.Json;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.port.ProtocolEncoder;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The streaming protocol's server messages as JSON text frames (see {@code docs/PROTOCOL.md}):
 *
 * <pre>
 * {"kind":"snapshot","gameId":"g","seq":17,"recovered":true,"odds":[{..odds fields..}]}
 * {"kind":"subscribed","epoch":"..","games":[{"gameId":"g","seq":17,"start":"resumed"}]}
 * {"kind":"unsubscribed","games":["g"]}
 * {"kind":"stale","gameId":"g","lastStoredAt":1764617460123,"quietForMs":60000}
 * {"kind":"heartbeat","epoch":"..","at":1764617460123}
 * </pre>
 */
public final class ProtocolMessages implements ProtocolEncoder {

    @Override
    public String snapshot(String gameId, long seq, boolean recovered, List<CapturedChange> latest) {
        return Json.text(generator -> {
            generator.writeStartObject();
            generator.writeStringField("kind", "snapshot");
            generator.writeStringField("gameId", gameId);
            generator.writeNumberField("seq", seq);
            generator.writeBooleanField("recovered", recovered);
            Json.writeOddsArray(generator, latest);
            generator.writeEndObject();
        });
    }

    @Override
    public String subscribed(String epoch, List<GameStart> games) {
        return Json.text(generator -> {
            generator.writeStartObject();
            generator.writeStringField("kind", "subscribed");
            generator.writeStringField("epoch", epoch);
            generator.writeArrayFieldStart("games");
            for (GameStart game : games) {
                generator.writeStartObject();
                generator.writeStringField("gameId", game.gameId());
                generator.writeNumberField("seq", game.seq());
                generator.writeStringField("start", game.start().name().toLowerCase(Locale.ROOT));
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeEndObject();
        });
    }

    @Override
    public String unsubscribed(Collection<String> gameIds) {
        return Json.text(generator -> {
            generator.writeStartObject();
            generator.writeStringField("kind", "unsubscribed");
            generator.writeArrayFieldStart("games");
            for (String game : gameIds.stream().sorted().toList()) {
                generator.writeString(game);
            }
            generator.writeEndArray();
            generator.writeEndObject();
        });
    }

    @Override
    public String stale(String gameId, Instant lastStoredAt, Duration quietFor) {
        return Json.text(generator -> {
            generator.writeStartObject();
            generator.writeStringField("kind", "stale");
            generator.writeStringField("gameId", gameId);
            generator.writeNumberField("lastStoredAt", lastStoredAt.toEpochMilli());
            generator.writeNumberField("quietForMs", quietFor.toMillis());
            generator.writeEndObject();
        });
    }

    @Override
    public String heartbeat(String epoch, Instant at) {
        return Json.text(generator -> {
            generator.writeStartObject();
            generator.writeStringField("kind", "heartbeat");
            generator.writeStringField("epoch", epoch);
            generator.writeNumberField("at", at.toEpochMilli());
            generator.writeEndObject();
        });
    }
}
