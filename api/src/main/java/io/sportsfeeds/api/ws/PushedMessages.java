package io.sportsfeeds.api.ws;

import io.sportsfeeds.api.json.Json;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.port.FrameEncoder;

/**
 * The frame an analyst receives for one stored update, the original sample's fields plus what
 * streaming needs:
 *
 * <pre>{"kind":"odds","seq":17,"gameId":"..","market":"spread","home":3.5,"away":-3.5,"homeOdds":-115,
 * "awayOdds":-105,"date":1764617460,"isOpen":true,"storedAt":1764617460123,"summary":"..","gameDate":".."}</pre>
 *
 * {@code summary} and {@code gameDate} appear when the provider sent them; whole numbers have no
 * fraction; {@code date} is the provider's, as sent; {@code storedAt} is epoch milliseconds.
 */
public final class PushedMessages implements FrameEncoder {
    public static final String KIND_ODDS = "odds";

    @Override
    public String encode(CapturedChange change) {
        return Json.text(generator -> {
            generator.writeStartObject();
            generator.writeStringField("kind", KIND_ODDS);
            Json.writeOddsFields(generator, change);
            generator.writeEndObject();
        });
    }
}
