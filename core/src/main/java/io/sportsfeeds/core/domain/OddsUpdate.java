package io.sportsfeeds.core.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One odds update of one market of one game, as a data provider sent it.
 *
 * @param gameId the game, as the provider names it
 * @param market the market ({@code spread}, {@code moneyline}, {@code total}, ...); the payload's
 *     {@code type}
 * <p>Prices and lines are finite and at most {@link Rules#MAX_ODDS_MAGNITUDE} either way.
 *
 * @param home the home line (handicap or total; 0 for a moneyline)
 * @param away the away line
 * @param homeOdds the price of the home side
 * @param awayOdds the price of the away side
 * @param date when the provider produced the update, epoch seconds or milliseconds as sent
 * @param isOpen whether the market takes bets; {@code false} means suspended
 * @param summary the provider's label of the game ({@code Lakers @ Celtics}), or null
 * @param gameDate the provider's start time of the game, as sent, or null
 * @param providerId the provider's id of this update, or null; identifies repeats
 */
public record OddsUpdate(
        String gameId,
        String market,
        double home,
        double away,
        double homeOdds,
        double awayOdds,
        long date,
        boolean isOpen,
        String summary,
        String gameDate,
        String providerId) {

    public OddsUpdate {
        Rules.requireId("gameId", gameId);
        Rules.requireMarket("type", market);
        Rules.require("home", Rules.oddsNumberProblem(home));
        Rules.require("away", Rules.oddsNumberProblem(away));
        Rules.require("homeOdds", Rules.oddsNumberProblem(homeOdds));
        Rules.require("awayOdds", Rules.oddsNumberProblem(awayOdds));
        Rules.require("date", Rules.epochProblem(date));
        Rules.require("summary", Rules.textProblem(summary));
        Rules.require("gameDate", Rules.textProblem(gameDate));
        if (providerId != null) {
            Rules.requireId("id", providerId);
        }
    }

    /**
     * Reads one update of a provider batch from its decoded fields. Every broken rule is added to
     * {@code errors} under {@code prefix} ({@code odds[3].}); returns null when there was any.
     */
    public static OddsUpdate read(Map<String, ?> fields, String prefix, List<FieldError> errors) {
        Objects.requireNonNull(fields, "fields");
        int before = errors.size();
        FieldReader reader = new FieldReader(fields, prefix, errors);
        String gameId = reader.id("gameId", Rules.MAX_ID_LENGTH);
        String market = reader.id("type", Rules.MAX_MARKET_LENGTH);
        Double home = reader.oddsNumber("home");
        Double away = reader.oddsNumber("away");
        Double homeOdds = reader.oddsNumber("homeOdds");
        Double awayOdds = reader.oddsNumber("awayOdds");
        Long date = reader.epoch("date", true);
        Boolean isOpen = reader.optionalBoolean("isOpen");
        String summary = reader.optionalText("summary");
        String gameDate = reader.optionalTextOrNumber("gameDate");
        String providerId = fields.get("id") == null ? null : reader.id("id", Rules.MAX_ID_LENGTH);
        if (errors.size() > before) {
            return null;
        }
        return new OddsUpdate(
                gameId,
                market,
                home,
                away,
                homeOdds,
                awayOdds,
                date,
                isOpen == null || isOpen,
                summary,
                gameDate,
                providerId);
    }

    /** The provider's time in epoch milliseconds, whichever unit it was sent in. */
    public long dateMillis() {
        return Rules.toEpochMillis(date);
    }

    /**
     * What makes two posts the same update: the provider's id when it gave one, else the game,
     * market, date, prices and whether the market is open (a suspension with unchanged prices is a
     * new update). A repeated update is stored once.
     */
    public String identity() {
        if (providerId != null) {
            return "id:" + providerId;
        }
        // The same instant in seconds or milliseconds, and 0.0 or -0.0, are the same update.
        return "odds:" + market + ":" + dateMillis() + ":" + (home + 0.0) + ":" + (away + 0.0) + ":" + (homeOdds + 0.0)
                + ":" + (awayOdds + 0.0) + (isOpen ? ":open" : ":suspended");
    }
}
