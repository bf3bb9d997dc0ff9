package io.sportsfeeds.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DoublingBackoffTest {
    private static final Duration FIRST = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofMillis(5_000);

    @Test
    void doublesFromTheFirstAndStaysAtTheLongest_whenTheDoubleWouldPassIt() {
        DoublingBackoff backoff = new DoublingBackoff(FIRST, MAX);

        assertThat(next(backoff, 9))
                .containsExactly(
                        millis(100),
                        millis(200),
                        millis(400),
                        millis(800),
                        millis(1_600),
                        millis(3_200),
                        millis(5_000),
                        millis(5_000),
                        millis(5_000));
    }

    @Test
    void reachesTheLongestExactly_whenItIsAPowerOfTwoOfTheFirst() {
        DoublingBackoff backoff = new DoublingBackoff(FIRST, millis(400));

        assertThat(next(backoff, 4)).containsExactly(millis(100), millis(200), millis(400), millis(400));
    }

    @Test
    void startsAgainFromTheFirst_afterAReset() {
        DoublingBackoff backoff = new DoublingBackoff(FIRST, MAX);
        next(backoff, 8);

        backoff.reset();

        assertThat(next(backoff, 3)).containsExactly(millis(100), millis(200), millis(400));
    }

    @Test
    void startsFromTheFirst_whenResetBeforeAnyRetry() {
        DoublingBackoff backoff = new DoublingBackoff(FIRST, MAX);

        backoff.reset();

        assertThat(backoff.next()).isEqualTo(FIRST);
    }

    @Test
    void staysAtTheFirst_whenTheLongestIsTheFirst() {
        DoublingBackoff backoff = new DoublingBackoff(FIRST, FIRST);

        assertThat(next(backoff, 3)).containsExactly(FIRST, FIRST, FIRST);
    }

    @Test
    void givesTheLongest_whenDoublingWouldOverflowADuration() {
        Duration first = Duration.ofSeconds(Long.MAX_VALUE / 2 + 1);
        Duration longest = Duration.ofSeconds(Long.MAX_VALUE);
        DoublingBackoff backoff = new DoublingBackoff(first, longest);

        assertThat(next(backoff, 3)).containsExactly(first, longest, longest);
    }

    @Test
    void refusesAFirstThatIsNotPositiveOrALongestShorterThanTheFirst() {
        assertThatThrownBy(() -> new DoublingBackoff(Duration.ZERO, MAX))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("firstBackoff must be positive, was PT0S");
        assertThatThrownBy(() -> new DoublingBackoff(millis(-1), MAX))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("firstBackoff must be positive, was PT-0.001S");
        assertThatThrownBy(() -> new DoublingBackoff(FIRST, millis(99)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBackoff must be at least firstBackoff (PT0.1S), was PT0.099S");
        assertThatThrownBy(() -> new DoublingBackoff(null, MAX))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("firstBackoff");
        assertThatThrownBy(() -> new DoublingBackoff(FIRST, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("maxBackoff");
    }

    private static List<Duration> next(DoublingBackoff backoff, int times) {
        List<Duration> pauses = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            pauses.add(backoff.next());
        }
        return pauses;
    }

    private static Duration millis(long millis) {
        return Duration.ofMillis(millis);
    }
}
