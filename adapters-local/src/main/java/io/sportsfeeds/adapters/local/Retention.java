package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.domain.OddsUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How long the store keeps odds: an update expires {@code period} after its provider's date, as
 * the {@code EXPIRE} attribute of the AWS sample's items says (epoch seconds). Expired history and
 * dedupe rows are dropped by the {@link RetentionSweeper}.
 *
 * @param period how long after its provider's date an update is kept, from 1 second to 100 years
 */
record Retention(Duration period) {
    private static final Duration LONGEST = Duration.ofDays(36_525);

    Retention {
        Objects.requireNonNull(period, "retention");
        if (period.compareTo(Duration.ofSeconds(1)) < 0 || period.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException(
                    "retention must be from 1 second to " + LONGEST.toDays() + " days, was " + period);
        }
    }

    /** When the update expires, in epoch seconds: rounded up, so that it is never dropped early. */
    long expireAt(OddsUpdate update) {
        return Math.ceilDiv(update.dateMillis() + period.toMillis(), 1000);
    }

    /** Whether a row expiring at {@code expireAt} (epoch seconds) has expired at {@code now}. */
    static boolean hasExpired(long expireAt, Instant now) {
        return expireAt <= now.getEpochSecond();
    }
}
