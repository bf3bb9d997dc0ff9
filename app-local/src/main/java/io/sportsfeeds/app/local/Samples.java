package io.sportsfeeds.app.local;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The sample games and clients shipped in {@code samples.json}: the games of the reference odds
 * batch and a few more, {@code client-001} (active), {@code client-002} (inactive) and {@code
 * client-003} (active). Each game also carries the {@code summary} the simulator sends with it.
 */
record Samples(Map<String, Object> games, Map<String, Object> clients, List<SampleGame> sampleGames) {

    /** What the simulator needs of a sample game. */
    record SampleGame(String gameId, String summary, long gameDate) {}

    static Samples load() {
        try (InputStream in = Samples.class.getResourceAsStream("/samples.json")) {
            if (in == null) {
                throw new IllegalStateException("samples.json is missing from the classpath");
            }
            Map<String, List<Map<String, Object>>> document =
                    new ObjectMapper().readValue(in, new TypeReference<>() {});
            List<SampleGame> sampleGames = document.get("games").stream()
                    .map(game -> new SampleGame(
                            (String) game.get("gameId"),
                            (String) game.get("summary"),
                            ((Number) game.get("gameDate")).longValue()))
                    .toList();
            return new Samples(
                    Map.of("games", document.get("games")), Map.of("clients", document.get("clients")), sampleGames);
        } catch (IOException e) {
            throw new UncheckedIOException("reading samples.json", e);
        }
    }
}
