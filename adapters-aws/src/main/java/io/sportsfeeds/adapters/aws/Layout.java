package io.sportsfeeds.adapters.aws;

/**
 * The names of the single table's attributes, indexes and key prefixes, in one place. Which items
 * carry which attributes is documented with the store that owns them (and in {@code DYNAMODB.md}).
 * Ids never contain {@code #} (core's rules), so no id can make one kind of key look like another.
 */
final class Layout {
    static final String PK = "PK";
    static final String SK = "SK";

    // Odds history and latest items (package-info.java).
    static final String ODDS_PREFIX = "odds#";
    static final String LATEST_PREFIX = "latest#";
    static final String SEQ = "SEQ";
    static final String MARKET = "MARKET";
    static final String HOME = "HOME";
    static final String AWAY = "AWAY";
    static final String HOMEODDS = "HOMEODDS";
    static final String AWAYODDS = "AWAYODDS";
    static final String DATE = "DATE";
    static final String DATEMS = "DATEMS";
    static final String ISOPEN = "ISOPEN";
    static final String SUMMARY = "SUMMARY";
    /** The provider's start time of the game as sent (text); not {@code GAMEDATE}, which is the games' index key (N). */
    static final String GAMESTART = "GAMESTART";

    static final String PROVIDERID = "PROVIDERID";
    static final String IDENTITY = "IDENTITY";
    static final String CREATED = "CREATED";
    static final String EXPIRE = "EXPIRE";
    /** Which append wrote a history item, so a writer recognises its own write after an ambiguous failure. */
    static final String CLAIM = "CLAIM";

    // Games (the original sample's layout).
    static final String GAME_PREFIX = "game-";
    static final String GAMEDATE = "GAMEDATE";
    static final String ISSCHEDULED = "ISSCHEDULED";
    static final String ISUNSCHEDULED = "ISUNSCHEDULED";
    static final String STATUS = "STATUS";
    static final String SPORT = "SPORT";
    static final String VENUE = "VENUE";
    static final String NAME = "NAME";
    static final String SEASON = "SEASON";
    static final String TYPE = "TYPE";
    static final String YES = "Y";
    static final String NO = "N";

    // Clients (the original sample's layout).
    static final String CLIENT_PREFIX = "cli-";
    static final String ACTIVE = "ACTIVE";

    // Connections and the per-game receivers index.
    static final String CONNECTION_PREFIX = "conn#";
    static final String CONNECTION_SK = "conn";
    static final String RECEIVERS_PREFIX = "receivers#";
    static final String EVERY_GAME = "*";
    static final String CLIENT = "CLIENT";
    static final String CONNECTED = "CONNECTED";
    static final String EVERYGAME = "EVERYGAME";
    /** A connection's subscriptions: a map of game id to {@code {MARKETS: L of S, AFTER: N}}. */
    static final String SUBSCRIPTIONS = "SUBSCRIPTIONS";

    static final String MARKETS = "MARKETS";
    static final String AFTER = "AFTER";
    static final String CLIENT_CONNECTIONS_PREFIX = "clientconns#";
    static final String EXPIRESAT = "EXPIRESAT";
    static final String EXPIRYSHARD = "EXPIRYSHARD";

    // Published seqs.
    static final String PUBLISHED_SK = "published";

    // Indexes.
    static final String SCHEDULED_GAMES_INDEX = "GSI-1";
    static final String UNSCHEDULED_GAMES_INDEX = "GSI-UNSCHEDULED";
    static final String CLIENTS_INDEX = "GSI-CLIENTS";
    static final String CONNECTION_EXPIRY_INDEX = "GSI-EXPIRY";
    static final String IDENTITY_INDEX = "LSI-IDENTITY";

    /** 20 digits hold every positive long, so the text order of seqs is their numeric order. */
    private static final int SEQ_DIGITS = 20;

    private Layout() {}

    static String oddsKey(long seq) {
        String digits = Long.toString(seq);
        return ODDS_PREFIX + "0".repeat(SEQ_DIGITS - digits.length()) + digits;
    }

    /** The sort key after every history item's. */
    static String oddsEnd() {
        return ODDS_PREFIX + "9".repeat(SEQ_DIGITS);
    }

    static String latestKey(String market) {
        return LATEST_PREFIX + market;
    }

    static String connectionKey(String connectionId) {
        return CONNECTION_PREFIX + connectionId;
    }

    static String clientConnectionsKey(String clientId) {
        return CLIENT_CONNECTIONS_PREFIX + clientId;
    }

    static String receiversKey(String gameIdOrEveryGame) {
        return RECEIVERS_PREFIX + gameIdOrEveryGame;
    }
}
