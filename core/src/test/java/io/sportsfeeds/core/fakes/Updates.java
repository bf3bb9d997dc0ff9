package io.sportsfeeds.core.fakes;

import io.sportsfeeds.core.domain.OddsUpdate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Builds odds updates and their decoded payload form for tests. */
public final class Updates {
    private Updates() {}

    /** A game id no other test uses, so tests can share a store. */
    public static String uniqueGameId() {
        return "game-" + UUID.randomUUID();
    }

    public static OddsUpdate update(String gameId, String market, double homeOdds, long date) {
        return new OddsUpdate(gameId, market, 3, -3, homeOdds, -110, date, true, null, null, null);
    }

    public static OddsUpdate withProviderId(String gameId, String market, double homeOdds, long date, String id) {
        return new OddsUpdate(gameId, market, 3, -3, homeOdds, -110, date, true, null, null, id);
    }

    /** One update of a provider batch as a JSON decoder hands it over. */
    public static Map<String, Object> payload(String gameId, String market, Object homeOdds, Object date) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("summary", "Lakers @ Celtics");
        fields.put("gameId", gameId);
        fields.put("gameDate", "2026-12-01 19:30:00.000");
        fields.put("type", market);
        fields.put("isOpen", true);
        fields.put("away", -3);
        fields.put("home", 3);
        fields.put("awayOdds", -110);
        fields.put("homeOdds", homeOdds);
        fields.put("date", date);
        return fields;
    }
}
