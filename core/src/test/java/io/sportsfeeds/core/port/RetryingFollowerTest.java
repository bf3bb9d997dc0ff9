package io.sportsfeeds.core.port;

import static io.sportsfeeds.core.fakes.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.port.ChangeStream.BatchHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RetryingFollowerTest {
    private static final Duration FIRST = Duration.ofMillis(50);
    private static final Duration MAX = Duration.ofMillis(300);
    private static final long START = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(START);
    private final RecordingLogger log = new RecordingLogger();
    private final List<List<CapturedChange>> handed = new ArrayList<>();

    private final CapturedChange one = change(1);
    private final CapturedChange two = change(2);
    private final CapturedChange three = change(3);

    @Test
    void answersWhatTheHandlerAnsweredForRetry() {
        RetryingFollower follower = follower(batch -> List.of(batch.get(1)));

        List<CapturedChange> again = follower.hand(List.of(one, two, three));

        assertThat(handed).containsExactly(List.of(one, two, three));
        assertThat(again).containsExactly(two);
        assertThat(log.records).isEmpty();
    }

    @Test
    void answersTheWholeBatchInOrderAndLogsTheFailure_whenTheHandlerThrows() {
        IllegalStateException bug = new IllegalStateException("a follower bug");
        RetryingFollower follower = follower(batch -> {
            throw bug;
        });

        List<CapturedChange> again = follower.hand(List.of(one, two, three));

        assertThat(again).containsExactly(one, two, three);
        assertThat(log.records)
                .containsExactly(new LogRecord(
                        System.Logger.Level.ERROR, "a change follower failed on 3 changes; retrying them", bug));
    }

    @Test
    void handsTheSameChangesAgain_whenTheCallerHandsWhatAThrowingHandlerLeft() {
        List<Function<List<CapturedChange>, List<CapturedChange>>> answers = new ArrayList<>(List.of(
                batch -> {
                    throw new AssertionError("a follower bug");
                },
                batch -> List.of(batch.get(2)),
                batch -> List.of()));
        RetryingFollower follower = follower(batch -> answers.removeFirst().apply(batch));

        List<CapturedChange> afterThrow = follower.hand(List.of(one, two));
        List<CapturedChange> afterRetry = follower.hand(concat(afterThrow, List.of(three)));
        List<CapturedChange> afterLast = follower.hand(afterRetry);

        assertThat(handed).containsExactly(List.of(one, two), List.of(one, two, three), List.of(three));
        assertThat(afterLast).isEmpty();
    }

    @Test
    void answersTheWholeBatch_whenTheHandlerAnswersNull() {
        RetryingFollower follower = follower(batch -> null);

        assertThat(follower.hand(List.of(one, two))).containsExactly(one, two);
        assertThat(log.records).hasSize(1);
    }

    @Test
    void letsAVirtualMachineErrorThrough() {
        StackOverflowError fatal = new StackOverflowError();
        RetryingFollower follower = follower(batch -> {
            throw fatal;
        });

        assertThatThrownBy(() -> follower.hand(List.of(one))).isSameAs(fatal);
    }

    @Test
    void handsAndAnswersCopies_thatNeitherSideCanChangeLater() {
        List<CapturedChange> answered = new ArrayList<>(List.of(one));
        List<List<CapturedChange>> received = new ArrayList<>();
        RetryingFollower follower = follower(batch -> {
            received.add(batch);
            return answered;
        });
        List<CapturedChange> batch = new ArrayList<>(List.of(one, two));

        List<CapturedChange> again = follower.hand(batch);
        batch.add(three);
        answered.add(three);

        assertThat(received.getFirst()).containsExactly(one, two);
        assertThat(again).containsExactly(one);
        assertThatThrownBy(() -> received.getFirst().add(three)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void hasNothingDue_beforeAnyBatchAndAfterOneThatLeftNothing() {
        RetryingFollower follower = follower(batch -> List.of());
        assertThat(follower.nanosUntilRetry()).isEqualTo(Long.MAX_VALUE);

        follower.hand(List.of(one));

        assertThat(follower.nanosUntilRetry()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void makesTheRetryDueAfterTheFirstBackoff_andNeverAnswersANegativeWait() {
        RetryingFollower follower = follower(batch -> batch);

        follower.hand(List.of(one));

        assertThat(follower.nanosUntilRetry()).isEqualTo(FIRST.toNanos());
        now.addAndGet(FIRST.toNanos() - 1);
        assertThat(follower.nanosUntilRetry()).isEqualTo(1);
        now.addAndGet(1);
        assertThat(follower.nanosUntilRetry()).isZero();
        now.addAndGet(FIRST.toNanos());
        assertThat(follower.nanosUntilRetry()).isZero();
    }

    @Test
    void doublesTheBackoffUpToTheLongest_whileRetriesKeepFailing_thrownOrAnswered() {
        List<Function<List<CapturedChange>, List<CapturedChange>>> answers = new ArrayList<>(List.of(
                batch -> batch,
                batch -> {
                    throw new IllegalStateException("down");
                },
                batch -> batch,
                batch -> batch,
                batch -> batch));
        RetryingFollower follower = follower(batch -> answers.removeFirst().apply(batch));

        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            follower.hand(List.of(one));
            waits.add(follower.nanosUntilRetry());
        }

        assertThat(waits)
                .containsExactly(
                        FIRST.toNanos(),
                        FIRST.multipliedBy(2).toNanos(),
                        FIRST.multipliedBy(4).toNanos(),
                        MAX.toNanos(),
                        MAX.toNanos());
    }

    @Test
    void startsAgainFromTheFirstBackoff_onceABatchLeavesNothingToRetry() {
        List<Function<List<CapturedChange>, List<CapturedChange>>> answers =
                new ArrayList<>(List.of(batch -> batch, batch -> batch, batch -> List.of(), batch -> batch));
        RetryingFollower follower = follower(batch -> answers.removeFirst().apply(batch));

        follower.hand(List.of(one));
        follower.hand(List.of(one));
        follower.hand(List.of(one));
        follower.hand(List.of(two));

        assertThat(follower.nanosUntilRetry()).isEqualTo(FIRST.toNanos());
    }

    @Test
    void refusesABackoffThatIsNotPositiveOrALongestShorterThanTheFirst() {
        BatchHandler handler = batch -> List.of();

        assertThatThrownBy(() -> new RetryingFollower(handler, Duration.ZERO, MAX, now::get, log))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("firstBackoff must be positive, was PT0S");
        assertThatThrownBy(() -> new RetryingFollower(handler, FIRST, Duration.ofMillis(49), now::get, log))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBackoff must be at least firstBackoff (PT0.05S), was PT0.049S");
    }

    private RetryingFollower follower(BatchHandler handler) {
        return new RetryingFollower(
                batch -> {
                    handed.add(batch);
                    return handler.handle(batch);
                },
                FIRST,
                MAX,
                now::get,
                log);
    }

    private static CapturedChange change(long seq) {
        return new CapturedChange(
                seq, Instant.parse("2026-12-01T19:31:00Z"), update("game-1", "spread", -110, 1_796_153_460L + seq));
    }

    private static List<CapturedChange> concat(List<CapturedChange> a, List<CapturedChange> b) {
        List<CapturedChange> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private record LogRecord(System.Logger.Level level, String message, Throwable thrown) {}

    /** Keeps what is logged, so a test can say what an operator would read. */
    private static final class RecordingLogger implements System.Logger {
        final List<LogRecord> records = new CopyOnWriteArrayList<>();

        @Override
        public String getName() {
            return "recording";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            records.add(new LogRecord(level, msg, thrown));
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            records.add(new LogRecord(
                    level, params.length == 0 ? format : java.text.MessageFormat.format(format, params), null));
        }
    }
}
