package io.sportsfeeds.api.jmh;

import io.sportsfeeds.api.ws.PushedMessages;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.OddsUpdate;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The encode: the odds frame an analyst is pushed, as {@link PushedMessages} writes it (the
 * publisher encodes each change once per batch, whatever the number of receivers). The change is
 * the reference one ({@code pushed-odds-message.json}), without and with the optional {@code
 * summary} and {@code gameDate}. One operation is one frame.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PushedFrameBenchmark {
    private static final String GAME = "game-7F3A1C52-0B6E-4D7A-9C1E-2B8D5E6F4A10";
    private static final Instant STORED_AT = Instant.ofEpochMilli(1_764_617_460_123L);

    private final PushedMessages encoder = new PushedMessages();
    private final CapturedChange reference = new CapturedChange(
            17,
            STORED_AT,
            new OddsUpdate(GAME, "spread", 3.5, -3.5, -115, -105, 1_764_617_460L, true, null, null, null));
    private final CapturedChange withSummary = new CapturedChange(
            17,
            STORED_AT,
            new OddsUpdate(
                    GAME,
                    "spread",
                    3.5,
                    -3.5,
                    -115,
                    -105,
                    1_764_617_460L,
                    true,
                    "Lakers @ Celtics",
                    "2026-12-01 19:30:00.000",
                    null));

    @Benchmark
    public String referenceFrame() {
        return encoder.encode(reference);
    }

    @Benchmark
    public String frameWithSummary() {
        return encoder.encode(withSummary);
    }
}
