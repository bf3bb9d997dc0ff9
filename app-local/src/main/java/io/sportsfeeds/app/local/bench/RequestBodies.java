package io.sportsfeeds.app.local.bench;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * The request bodies one writer posts: {@code {"odds":[...]}} with the fields of the reference
 * provider payload, each update of a random game ({@code bench-game-0001}, ...) and a market in
 * turn. Every update carries a provider {@code id} of its own ({@code bench-<writer>-<n>}), so no
 * update of a run repeats another and none is stored as a duplicate. Not thread-safe: one per
 * writer.
 *
 * <p>The JSON is written by hand into one buffer: making the bodies must cost the writers little
 * next to what is measured (decoding and ingesting them).
 */
final class RequestBodies {
    private static final String[] MARKETS = {"spread", "moneyline", "total"};
    /** A little more than the longest update, so the buffer rarely grows. */
    private static final int UPDATE_CHARS = 260;

    private final int writer;
    private final int batch;
    private final String[] gameIds;
    private final RandomGenerator random;
    private final Clock clock;
    private final StringBuilder json;
    private long made;

    /**
     * @param writer the writer's number, part of every update's id
     * @param random picks each update's game
     * @param clock the updates' provider {@code date}
     */
    RequestBodies(int writer, int batch, int games, RandomGenerator random, Clock clock) {
        if (batch < 1 || games < 1) {
            throw new IllegalArgumentException("batch and games must be positive, were " + batch + " and " + games);
        }
        this.writer = writer;
        this.batch = batch;
        this.gameIds = new String[games];
        for (int i = 0; i < games; i++) {
            gameIds[i] = gameId(i + 1);
        }
        this.random = random;
        this.clock = clock;
        this.json = new StringBuilder(16 + batch * UPDATE_CHARS);
    }

    /** The id of the {@code number}th game (from 1): {@code bench-game-0001}. */
    static String gameId(int number) {
        return String.format("bench-game-%04d", number);
    }

    /** The next body: {@code batch} updates never made before, as UTF-8 JSON. */
    byte[] next() {
        long date = clock.millis();
        json.setLength(0);
        json.append("{\"odds\":[");
        for (int i = 0; i < batch; i++) {
            if (i > 0) {
                json.append(',');
            }
            appendUpdate(++made, date);
        }
        json.append("]}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void appendUpdate(long number, long date) {
        int game = random.nextInt(gameIds.length);
        String market = MARKETS[(int) (number % MARKETS.length)];
        // Prices move a little from update to update, as a provider's do.
        int drift = (int) (number % 21) - 10;
        double line;
        int homeOdds;
        int awayOdds;
        switch (market) {
            case "spread" -> {
                line = 3.5;
                homeOdds = -110 + drift;
                awayOdds = -110 - drift;
            }
            case "moneyline" -> {
                line = 0;
                homeOdds = -150 + drift;
                awayOdds = 130 - drift;
            }
            default -> {
                line = 220.5;
                homeOdds = -110 + drift;
                awayOdds = -110 - drift;
            }
        }
        json.append("{\"summary\":\"Bench game ")
                .append(game + 1)
                .append("\",\"gameId\":\"")
                .append(gameIds[game])
                .append("\",\"gameDate\":\"2026-12-01 19:30:00.000\",\"type\":\"")
                .append(market)
                .append("\",\"isOpen\":true,\"away\":")
                .append(market.equals("spread") ? -line : line)
                .append(",\"home\":")
                .append(line)
                .append(",\"awayOdds\":")
                .append(awayOdds)
                .append(",\"homeOdds\":")
                .append(homeOdds)
                .append(",\"date\":")
                .append(date)
                .append(",\"id\":\"bench-")
                .append(writer)
                .append('-')
                .append(number)
                .append("\"}");
    }
}
