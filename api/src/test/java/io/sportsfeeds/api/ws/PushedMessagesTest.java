package io.sportsfeeds.api.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sportsfeeds.api.Reference;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.OddsUpdate;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PushedMessagesTest {
    static final String GAME = "game-7F3A1C52-0B6E-4D7A-9C1E-2B8D5E6F4A10";
    final PushedMessages messages = new PushedMessages();

    static CapturedChange referenceChange(String summary, String gameDate) {
        OddsUpdate update =
                new OddsUpdate(GAME, "spread", 3.5, -3.5, -115, -105, 1764617460, true, summary, gameDate, null);
        return new CapturedChange(17, Instant.ofEpochMilli(1764617460123L), update);
    }

    @Test
    void writesTheFieldsInOrder_whenAChangeIsEncoded() {
        String frame = messages.encode(referenceChange(null, null));

        assertThat(frame).isEqualTo("""
            {"kind":"odds","seq":17,"gameId":"%s","market":"spread","home":3.5,"away":-3.5,\
            "homeOdds":-115,"awayOdds":-105,"date":1764617460,"isOpen":true,"storedAt":1764617460123}""".formatted(GAME));
    }

    @Test
    void matchesTheReferenceMessage_whenStoredAtIsSetAside() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode encoded = (ObjectNode) mapper.readTree(messages.encode(referenceChange(null, null)));
        JsonNode reference = mapper.readTree(Reference.bytes("pushed-odds-message.json"));

        assertThat(encoded.remove("storedAt").asLong()).isEqualTo(1764617460123L);
        assertThat(encoded).isEqualTo(reference);
    }

    @Test
    void addsSummaryAndGameDate_whenTheProviderSentThem() {
        String frame = messages.encode(referenceChange("Lakers @ Celtics", "2026-12-01 19:30:00.000"));

        assertThat(frame)
                .endsWith(
                        "\"storedAt\":1764617460123,\"summary\":\"Lakers @ Celtics\",\"gameDate\":\"2026-12-01 19:30:00.000\"}");
    }

    @Test
    void echoesTheProviderDate_whenItWasSentInMilliseconds() {
        OddsUpdate update =
                new OddsUpdate(GAME, "total", 210.5, 210.5, 1.91, 1.95, 1764617460999L, false, null, null, null);

        String frame = messages.encode(new CapturedChange(1, Instant.ofEpochMilli(1764617461000L), update));

        assertThat(frame)
                .contains(
                        "\"home\":210.5,\"away\":210.5,\"homeOdds\":1.91,\"awayOdds\":1.95,\"date\":1764617460999,\"isOpen\":false");
    }

    @Test
    void writesWholeNumbersWithoutAFraction_whenTheyAreLargeOrNegativeZero() {
        OddsUpdate update = new OddsUpdate(GAME, "moneyline", -0.0, 0, 240, -150, 1764617401, true, null, null, null);

        String frame = messages.encode(new CapturedChange(2, Instant.ofEpochMilli(1764617461000L), update));

        assertThat(frame).contains("\"home\":0,\"away\":0,\"homeOdds\":240,\"awayOdds\":-150");
    }
}
