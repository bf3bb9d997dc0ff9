package io.sportsfeeds.core.domain;

import java.util.List;
import java.util.Map;

/**
 * A game that providers send odds for. Optional descriptive fields are null when unknown.
 *
 * @param gameDate when the game starts, epoch seconds
 * @param status {@code scheduled}, {@code live}, {@code finished}, ...; scheduled games are listed
 *     by date
 */
public record Game(
        String gameId,
        long gameDate,
        String status,
        String sport,
        String name,
        String venue,
        String season,
        String type) {

    public static final String SCHEDULED = "scheduled";

    public Game {
        Rules.requireId("gameId", gameId);
        Rules.require("gameDate", Rules.epochSecondsProblem(gameDate));
        Rules.requireMarket("status", status);
        Rules.require("sport", Rules.textProblem(sport));
        Rules.require("name", Rules.textProblem(name));
        Rules.require("venue", Rules.textProblem(venue));
        Rules.require("season", Rules.textProblem(season));
        Rules.require("type", Rules.textProblem(type));
    }

    public boolean isScheduled() {
        return SCHEDULED.equals(status);
    }

    /** Reads one game from its decoded fields; see {@link OddsUpdate#read}. {@code status} defaults to scheduled. */
    public static Game read(Map<String, ?> fields, String prefix, List<FieldError> errors) {
        int before = errors.size();
        FieldReader reader = new FieldReader(fields, prefix, errors);
        String gameId = reader.id("gameId", Rules.MAX_ID_LENGTH);
        Long gameDate = reader.epoch("gameDate", true);
        String status = fields.get("status") == null ? SCHEDULED : reader.id("status", Rules.MAX_MARKET_LENGTH);
        String sport = reader.optionalText("sport");
        String name = reader.optionalText("name");
        String venue = reader.optionalText("venue");
        String season = reader.optionalTextOrNumber("season");
        String type = reader.optionalText("type");
        if (errors.size() > before) {
            return null;
        }
        return new Game(gameId, Rules.toEpochMillis(gameDate) / 1000, status, sport, name, venue, season, type);
    }
}
