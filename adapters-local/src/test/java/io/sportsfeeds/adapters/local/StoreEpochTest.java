package io.sportsfeeds.adapters.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.fakes.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreEpochTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T19:31:00Z"));

    @Test
    void keepsTheEpochAcrossReopening_andStartsANewOneInANewDirectory(@TempDir Path first, @TempDir Path second) {
        String epoch;
        try (EmbeddedStorage storage = TestStores.open(first, clock)) {
            epoch = storage.oddsStore().epoch();
        }

        try (EmbeddedStorage reopened = TestStores.open(first, clock);
                EmbeddedStorage fresh = TestStores.open(second, clock)) {
            assertThat(reopened.oddsStore().epoch()).isEqualTo(epoch);
            assertThat(fresh.oddsStore().epoch()).isNotEqualTo(epoch);
            assertThat(reopened.isEmpty()).as("the epoch is no game or client").isTrue();
        }
    }
}
