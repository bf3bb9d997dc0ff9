package io.sportsfeeds.adapters.local;

import static io.sportsfeeds.core.fakes.Updates.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Values written by every layout version stay readable. */
class CodecTest {
    private static final Instant STORED_AT = Instant.parse("2026-12-01T19:31:00.123456789Z");
    private static final OddsUpdate UPDATE = new OddsUpdate(
            "game-1",
            "spread",
            3.5,
            -3.5,
            -115,
            -105,
            1_764_617_460_123L,
            false,
            "Lakers @ Celtics",
            "2026-12-01",
            "prov-1");

    @Test
    void keepsTheExpiryWithTheChange_inOddsAndDedupeRows() {
        byte[] odds = Codec.change(7, STORED_AT, 1_767_209_460L, Codec.updatePayload(UPDATE));

        assertThat(Codec.readStored(odds))
                .isEqualTo(new Codec.Stored(new CapturedChange(7, STORED_AT, UPDATE), 1_767_209_460L));
        assertThat(Codec.readChange(odds)).isEqualTo(new CapturedChange(7, STORED_AT, UPDATE));
        assertThat(Codec.readSeq(Codec.dedupe(7, 1_767_209_460L))).isEqualTo(7);
    }

    @Test
    void readsOddsAndDedupeRowsWrittenBeforeRowsCarriedTheirExpiry() {
        byte[] payload = Codec.updatePayload(UPDATE);
        byte[] oddsVersion1 = ByteBuffer.allocate(21 + payload.length)
                .put((byte) 1)
                .putLong(7)
                .putLong(STORED_AT.getEpochSecond())
                .putInt(STORED_AT.getNano())
                .put(payload)
                .array();
        byte[] dedupeVersion1 = ByteBuffer.allocate(9).put((byte) 1).putLong(7).array();

        assertThat(Codec.readStored(oddsVersion1))
                .isEqualTo(new Codec.Stored(new CapturedChange(7, STORED_AT, UPDATE), Codec.NO_EXPIRY));
        assertThat(Codec.readSeq(dedupeVersion1)).isEqualTo(7);
    }

    @Test
    void refusesAVersionItDoesNotKnow_sayingWhichItExpected() {
        byte[] future = Codec.change(1, STORED_AT, 0, Codec.updatePayload(update("g", "spread", -110, 1_764_617_400L)));
        future[0] = 3;

        assertThatThrownBy(() -> Codec.readChange(future))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage("cannot read a stored odds: expected value version 1 to 2, found version 3");
        assertThatThrownBy(() -> Codec.readHead(new byte[] {2}))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage("cannot read a stored head: expected value version 1, found version 2");
    }
}
