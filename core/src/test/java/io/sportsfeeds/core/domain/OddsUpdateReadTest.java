package io.sportsfeeds.core.domain;

import static io.sportsfeeds.core.fakes.Updates.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OddsUpdateReadTest {

    @Test
    void readsEveryFieldOfTheProviderPayload() {
        Map<String, Object> fields = payload("game-1", "spread", -110, 1_764_617_400);
        fields.put("id", "prov-42-000981");
        List<FieldError> errors = new ArrayList<>();

        OddsUpdate update = OddsUpdate.read(fields, "odds[0].", errors);

        assertThat(errors).isEmpty();
        assertThat(update)
                .isEqualTo(new OddsUpdate(
                        "game-1",
                        "spread",
                        3,
                        -3,
                        -110,
                        -110,
                        1_764_617_400L,
                        true,
                        "Lakers @ Celtics",
                        "2026-12-01 19:30:00.000",
                        "prov-42-000981"));
    }

    @Test
    void namesTheFieldAndValue_whenAPriceIsNotFinite() {
        List<FieldError> errors = new ArrayList<>();

        OddsUpdate update = OddsUpdate.read(payload("game-1", "spread", Double.NaN, 1_764_617_400), "odds[3].", errors);

        assertThat(update).isNull();
        assertThat(errors)
                .extracting(FieldError::message)
                .containsExactly("odds[3].homeOdds must be a finite number, was NaN");
    }

    @Test
    void refusesATimeAfterTheYear9999_inSecondsOrMilliseconds() {
        List<FieldError> errors = new ArrayList<>();

        OddsUpdate.read(payload("game-1", "spread", -110, 1_000_000_000_000_000L), "odds[0].", errors);

        assertThat(errors)
                .extracting(FieldError::message)
                .containsExactly(
                        "odds[0].date must be a positive epoch time in seconds or milliseconds before the year 10000, was 1000000000000000");
        assertThat(OddsUpdate.read(
                        payload("game-1", "spread", -110, 253_402_300_799_999L), "odds[0].", new ArrayList<>()))
                .as("the last millisecond of 9999")
                .isNotNull();
    }

    @Test
    void refusesAGameStartingAfterTheYear9999_whichNoStoreKeyCouldHold() {
        assertThatThrownBy(() -> new Game("game-far", 1_000_000_000_000L, "scheduled", null, null, null, null, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("gameDate must be a positive epoch time");
    }

    @Test
    void reportsEveryBadField_notJustTheFirst() {
        Map<String, Object> fields = payload(null, "spread", "high", 17.5);
        fields.put("away", Double.POSITIVE_INFINITY);
        fields.put("isOpen", "yes");
        fields.remove("awayOdds");
        List<FieldError> errors = new ArrayList<>();

        OddsUpdate.read(fields, "odds[1].", errors);

        assertThat(errors)
                .extracting(FieldError::message)
                .containsExactly(
                        "odds[1].gameId is required",
                        "odds[1].away must be a finite number, was Infinity",
                        "odds[1].homeOdds must be a finite number, was \"high\"",
                        "odds[1].awayOdds is required",
                        "odds[1].date must be a whole number, was 17.5",
                        "odds[1].isOpen must be true or false, was \"yes\"");
    }

    @Test
    void refusesIdsWithCharactersThatWouldBreakStoreKeys() {
        List<FieldError> errors = new ArrayList<>();

        OddsUpdate.read(payload("game#1", "spread", -110, 1_764_617_400), "odds[0].", errors);

        assertThat(errors)
                .extracting(FieldError::message)
                .containsExactly(
                        "odds[0].gameId must contain only letters, digits, '.', '_', ':', '@' or '-', was \"game#1\"");
    }

    @Test
    void treatsAMissingIsOpenAsOpen_andKeepsANumericGameDateAsText() {
        Map<String, Object> fields = payload("game-1", "total", 1.95, 1_764_617_400_123L);
        fields.remove("isOpen");
        fields.put("gameDate", 1_764_617_400);

        OddsUpdate update = OddsUpdate.read(fields, "", new ArrayList<>());

        assertThat(update.isOpen()).isTrue();
        assertThat(update.gameDate()).isEqualTo("1764617400");
        assertThat(update.dateMillis()).isEqualTo(1_764_617_400_123L);
    }

    @Test
    void refusesToBuildAnInvalidUpdate() {
        assertThatThrownBy(() -> new OddsUpdate("game-1", "spread", 3, -3, Double.NaN, -110, 1, true, null, null, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("homeOdds must be a finite number, was NaN");
    }

    @Test
    void identifiesByProviderId_orElseByMarketDatePricesAndOpenness() {
        OddsUpdate withId = new OddsUpdate("game-1", "spread", 3, -3, -110, -110, 1, true, null, null, "p-1");
        OddsUpdate sameIdOtherPrices =
                new OddsUpdate("game-1", "spread", 3, -3, -120, -100, 2, true, null, null, "p-1");
        OddsUpdate plain = new OddsUpdate("game-1", "spread", 3, -3, -110, -110, 1, true, "a", null, null);
        OddsUpdate plainOtherSummary = new OddsUpdate("game-1", "spread", 3, -3, -110, -110, 1, true, "b", null, null);
        OddsUpdate plainOtherPrice = new OddsUpdate("game-1", "spread", 3, -3, -111, -110, 1, true, "a", null, null);
        OddsUpdate plainSuspended = new OddsUpdate("game-1", "spread", 3, -3, -110, -110, 1, false, "a", null, null);

        assertThat(withId.identity()).isEqualTo(sameIdOtherPrices.identity());
        assertThat(plain.identity())
                .isEqualTo(plainOtherSummary.identity())
                .isNotEqualTo(plainOtherPrice.identity())
                .isNotEqualTo(plainSuspended.identity());
    }

    @Test
    void identifiesTheSameInstantAndPrices_howeverTheyWereWritten() {
        OddsUpdate inSeconds =
                new OddsUpdate("game-1", "moneyline", 0, 0, -110, 120, 1_764_617_400L, true, null, null, null);
        OddsUpdate inMillis =
                new OddsUpdate("game-1", "moneyline", -0.0, 0, -110, 120, 1_764_617_400_000L, true, null, null, null);
        OddsUpdate aMillisecondLater =
                new OddsUpdate("game-1", "moneyline", 0, 0, -110, 120, 1_764_617_400_001L, true, null, null, null);

        assertThat(inMillis.identity()).isEqualTo(inSeconds.identity()).isNotEqualTo(aMillisecondLater.identity());
    }

    @Test
    void namesTheFieldAndValue_whenAPriceOrLineIsBeyondAMillion() {
        Map<String, Object> fields = payload("game-1", "spread", 1e30, 1_764_617_400);
        fields.put("awayOdds", new java.math.BigInteger("1000000000000000000000000000000"));
        fields.put("home", -1_000_000.5);
        fields.put("away", 1e300);
        List<FieldError> errors = new ArrayList<>();

        OddsUpdate update = OddsUpdate.read(fields, "odds[0].", errors);

        assertThat(update).isNull();
        assertThat(errors)
                .extracting(FieldError::message)
                .containsExactly(
                        "odds[0].home must be a number between -1000000 and 1000000, was -1000000.5",
                        "odds[0].away must be a number between -1000000 and 1000000, was 1.0E300",
                        "odds[0].homeOdds must be a number between -1000000 and 1000000, was 1.0E30",
                        "odds[0].awayOdds must be a number between -1000000 and 1000000, was 1000000000000000000000000000000");
    }

    @Test
    void takesPricesAndLinesOfExactlyAMillion_eitherWay() {
        Map<String, Object> fields = payload("game-1", "total", 1_000_000, 1_764_617_400);
        fields.put("awayOdds", -1_000_000.0);
        fields.put("home", 1_000_000);
        fields.put("away", -1_000_000);
        List<FieldError> errors = new ArrayList<>();

        OddsUpdate update = OddsUpdate.read(fields, "odds[0].", errors);

        assertThat(errors).isEmpty();
        assertThat(update.homeOdds()).isEqualTo(1_000_000);
        assertThat(update.awayOdds()).isEqualTo(-1_000_000);
    }

    @Test
    void refusesToBuildAnUpdate_whoseOddsAreBeyondAMillion() {
        assertThatThrownBy(() ->
                        new OddsUpdate("game-1", "spread", 3, -3, 1e30, -110, 1_764_617_400L, true, null, null, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("homeOdds must be a number between -1000000 and 1000000, was 1.0E30");
    }
}
