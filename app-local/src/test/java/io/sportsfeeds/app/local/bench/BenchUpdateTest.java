package io.sportsfeeds.app.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BenchUpdateTest {
    @Test
    void writesTheProviderShapeWithTheNumberInItsSummary_whenAppended() throws Exception {
        StringBuilder json = new StringBuilder();

        new BenchUpdate(41, 6, 3).appendJson(json, "rTAG", BenchUpdate.gameId(6), 1764617400000L, false);

        JsonNode update = new ObjectMapper().readTree(json.toString());
        assertThat(update.path("summary").asText()).isEqualTo("rTAG:6:41");
        assertThat(update.path("gameId").asText()).isEqualTo("bench-game-0007");
        assertThat(update.path("id").asText()).isEqualTo("rTAG-41");
        assertThat(update.path("type").asText()).isIn("spread", "moneyline", "total");
        assertThat(update.path("date").asLong()).isEqualTo(1764617400000L);
        assertThat(update.has("seq")).isFalse();
    }

    @Test
    void readsSeqGameAndNumber_whenTheFrameIsOneOfTheRun() {
        String frame =
                "{\"kind\":\"odds\",\"seq\":1234,\"gameId\":\"bench-game-0007\",\"market\":\"total\",\"storedAt\":1,"
                        + "\"summary\":\"rTAG:6:98765\",\"gameDate\":\"2026-12-01 19:30:00.000\"}";
        byte[] bytes = ("xx" + frame).getBytes(StandardCharsets.UTF_8);
        BenchUpdate.Reader reader = new BenchUpdate.Reader("rTAG");

        assertThat(reader.read(bytes, 2, bytes.length - 2)).isTrue();

        assertThat(reader.seq).isEqualTo(1234);
        assertThat(reader.game).isEqualTo(6);
        assertThat(reader.number).isEqualTo(98765);
    }

    @Test
    void tellsAFrameTheServerMarkedConflated_fromAnUnmarkedOne() {
        String frame = "\"kind\":\"odds\",\"seq\":9,\"gameId\":\"bench-game-0001\",\"summary\":\"rTAG:1:5\"}";
        byte[] marked = ("{\"conflated\":true," + frame).getBytes(StandardCharsets.UTF_8);
        byte[] plain = ("{" + frame).getBytes(StandardCharsets.UTF_8);
        BenchUpdate.Reader reader = new BenchUpdate.Reader("rTAG");

        assertThat(reader.read(marked, 0, marked.length)).isTrue();
        assertThat(reader.conflated).isTrue();
        assertThat(reader.seq).isEqualTo(9);
        assertThat(reader.read(plain, 0, plain.length)).isTrue();
        assertThat(reader.conflated).isFalse();
    }

    @Test
    void readsTheSeqThePeerLeadsWith_whenAppendedForNats() {
        StringBuilder json = new StringBuilder();
        new BenchUpdate(7, 2, 5).appendJson(json, "rX", BenchUpdate.gameId(2), 1L, true);
        byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
        BenchUpdate.Reader reader = new BenchUpdate.Reader("rX");

        assertThat(reader.read(bytes, 0, bytes.length)).isTrue();

        assertThat(json.toString()).startsWith("{\"kind\":\"odds\",\"seq\":5,");
        assertThat(reader.seq).isEqualTo(5);
        assertThat(reader.game).isEqualTo(2);
        assertThat(reader.number).isEqualTo(7);
    }

    @Test
    void skipsTheFrame_whenItBelongsToAnotherRun() {
        byte[] bytes = "{\"kind\":\"odds\",\"seq\":1,\"summary\":\"rOTHER:1:2\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(new BenchUpdate.Reader("rTAG").read(bytes, 0, bytes.length)).isFalse();
    }
}
