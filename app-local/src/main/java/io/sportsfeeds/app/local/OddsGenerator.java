package io.sportsfeeds.app.local;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Random but plausible odds updates in the provider's payload shape ({@code {"odds":[..]}}): each
 * game's spread, moneyline and total drift a little with every update. Shared by {@code simulate}
 * (which posts them) and {@code serve --demo} (which ingests them in-process). Each update carries
 * a provider {@code id} unique to this generator, so none is taken for a repeat.
 */
final class OddsGenerator {
    private static final String[] MARKETS = {"spread", "moneyline", "total"};
    private static final DateTimeFormatter GAME_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final List<Samples.SampleGame> games;
    private final RandomGenerator random;
    private final Clock clock;
    private final String runId;
    private final Map<String, double[]> lines = new HashMap<>();
    private long counter;

    OddsGenerator(List<Samples.SampleGame> games, RandomGenerator random, Clock clock) {
        if (games.isEmpty()) {
            throw new IllegalArgumentException("games must not be empty");
        }
        this.games = List.copyOf(games);
        this.random = random;
        this.clock = clock;
        this.runId = Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
    }

    /**
     * The sample games, then made-up ones ({@code game-sim-0006}, ...) when more are asked for than
     * there are samples.
     */
    static List<Samples.SampleGame> games(Samples samples, int count) {
        List<Samples.SampleGame> games = new ArrayList<>(samples.sampleGames()
                .subList(0, Math.min(count, samples.sampleGames().size())));
        long gameDate = samples.sampleGames().get(0).gameDate();
        for (int i = games.size() + 1; i <= count; i++) {
            String id = String.format("game-sim-%04d", i);
            games.add(new Samples.SampleGame(id, "Simulated game " + i, gameDate + i * 3600L));
        }
        return games;
    }

    /** A batch of {@code size} updates of random games and markets. */
    synchronized Map<String, Object> batch(int size) {
        List<Map<String, Object>> odds = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            odds.add(next());
        }
        return Map.of("odds", odds);
    }

    private Map<String, Object> next() {
        Samples.SampleGame game = games.get(random.nextInt(games.size()));
        String market = MARKETS[random.nextInt(MARKETS.length)];
        double[] state = lines.computeIfAbsent(game.gameId() + "/" + market, key -> initial(market));
        drift(market, state);
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("summary", game.summary());
        update.put("gameId", game.gameId());
        update.put("gameDate", GAME_DATE.format(Instant.ofEpochSecond(game.gameDate())));
        update.put("type", market);
        // A market is suspended now and then, as providers do around goals and injuries.
        update.put("isOpen", random.nextInt(50) != 0);
        update.put("away", market.equals("spread") ? -state[0] : state[0]);
        update.put("home", state[0]);
        update.put("awayOdds", (int) state[2]);
        update.put("homeOdds", (int) state[1]);
        update.put("date", clock.millis());
        update.put("id", "sim-" + runId + "-" + ++counter);
        return update;
    }

    /** {line, homeOdds, awayOdds} in American odds. */
    private double[] initial(String market) {
        return switch (market) {
            case "spread" -> new double[] {half(random.nextInt(-20, 21)), -110, -110};
            case "moneyline" -> new double[] {0, -150, 130};
            default -> new double[] {half(random.nextInt(80, 440)), -110, -110};
        };
    }

    private void drift(String market, double[] state) {
        if (!market.equals("moneyline") && random.nextInt(4) == 0) {
            state[0] += random.nextBoolean() ? 0.5 : -0.5;
        }
        state[1] = americanOdds(state[1] + random.nextInt(-10, 11));
        state[2] = americanOdds(state[2] + random.nextInt(-10, 11));
    }

    /** American odds never fall in (-100, 100): a price drifting into it stays at even money. */
    private static double americanOdds(double value) {
        if (value > -100 && value < 100) {
            return value < 0 ? -100 : 100;
        }
        return value;
    }

    private static double half(int halves) {
        return halves / 2.0;
    }
}
