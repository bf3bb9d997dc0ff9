package io.sportsfeeds.api.http;

import static io.sportsfeeds.api.http.RestApiTest.assertInvalid;
import static io.sportsfeeds.api.http.RestApiTest.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sportsfeeds.core.fakes.InMemoryClientRegistry;
import io.sportsfeeds.core.fakes.InMemoryGameCatalogue;
import io.sportsfeeds.core.fakes.InMemoryOddsStore;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.usecase.IngestFeeds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code GET /games/{id}/odds?afterSeq=}: paging through history by seq, and the {@code next} it answers. */
class RestApiHistoryCursorTest {
    private static final long DATE = 1_764_617_400L;

    private final InMemoryOddsStore store =
            new InMemoryOddsStore(new MutableClock(Instant.ofEpochMilli(1764617460123L)));
    private final RestApi api = RestApiTest.api(
            store,
            new InMemoryGameCatalogue(),
            new InMemoryClientRegistry(),
            IngestFeeds.DEFAULT_MAX_BATCH,
            RestApi.DEFAULT_MAX_BODY_BYTES);

    @Test
    void pagesThroughEveryUpdateOnce_whenAClientFollowsNextThroughUpdatesOfOneDate() throws IOException {
        put(IntStream.range(0, 25)
                .mapToObj(i -> update("spread", -100 - i, DATE))
                .toList());

        List<JsonNode> pages = pagesOf("limit=10");

        assertThat(pages).extracting(page -> page.path("odds").size()).containsExactly(10, 10, 5);
        assertThat(pages)
                .extracting(page -> page.path("next").path("afterSeq").asLong(-1))
                .containsExactly(10L, 20L, -1L);
        assertThat(seqs(pages))
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 25).boxed().toList());
    }

    @Test
    void pagesThroughTheUpdatesOfOneMarketAndTimeRangeOnce_whenAfterSeqIsCombinedWithThem() throws IOException {
        List<String> updates = new ArrayList<>();
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String market = i % 2 == 0 ? "spread" : "total";
            long date = i % 5 == 4 ? DATE + 1 : DATE;
            updates.add(update(market, -100 - i, date));
            if (market.equals("spread") && date == DATE) {
                expected.add(i + 1L);
            }
        }
        put(updates);

        List<JsonNode> pages = pagesOf("market=spread&from=" + DATE + "&to=" + (DATE + 1) + "&limit=10");

        assertThat(expected).hasSize(24);
        assertThat(pages).extracting(page -> page.path("odds").size()).containsExactly(10, 10, 4);
        assertThat(seqs(pages)).containsExactlyElementsOf(expected);
    }

    @Test
    void answersTheOriginalBodyWithoutNext_whenAfterSeqIsNotGivenOrEmpty() {
        put(List.of(update("spread", -110, DATE), update("spread", -120, DATE)));
        String original = """
                {"gameId":"game-1","odds":[{"seq":1,"gameId":"game-1","market":"spread","home":3,"away":-3,\
                "homeOdds":-110,"awayOdds":-110,"date":1764617400,"isOpen":true,"storedAt":1764617460123}]}""";

        assertJson(get("/games/game-1/odds?limit=1"), 200, original);
        assertJson(get("/games/game-1/odds?limit=1&afterSeq="), 200, original);
    }

    @Test
    void answersNext_onlyWhenThePageIsFull() {
        put(List.of(update("spread", -110, DATE), update("spread", -120, DATE), update("total", 200, DATE)));

        assertThat(get("/games/game-1/odds?limit=2&afterSeq=0").bodyText()).endsWith("}],\"next\":{\"afterSeq\":2}}");
        assertJson(get("/games/game-1/odds?limit=2&afterSeq=2"), 200, """
                {"gameId":"game-1","odds":[{"seq":3,"gameId":"game-1","market":"total","home":3,"away":-3,\
                "homeOdds":200,"awayOdds":-110,"date":1764617400,"isOpen":true,"storedAt":1764617460123}]}""");
        assertThat(get("/games/game-1/odds?limit=3&afterSeq=0").bodyText()).endsWith(",\"next\":{\"afterSeq\":3}}");
    }

    @Test
    void answersAnEmptyPage_whenAfterSeqIsAtOrPastTheLastSeq() {
        put(List.of(update("spread", -110, DATE)));

        assertJson(get("/games/game-1/odds?afterSeq=1"), 200, "{\"gameId\":\"game-1\",\"odds\":[]}");
        assertJson(get("/games/game-1/odds?afterSeq=" + Long.MAX_VALUE), 200, "{\"gameId\":\"game-1\",\"odds\":[]}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " | ", textBlock = """
        afterSeq=-1                           | afterSeq must be between 0 and 9223372036854775807, was -1
        afterSeq=9223372036854775808          | afterSeq must be between 0 and 9223372036854775807, was 9223372036854775808
        afterSeq=ten                          | afterSeq must be a whole number, was "ten"
        afterSeq=2.5                          | afterSeq must be a whole number, was "2.5"
        afterSeq=1&afterSeq=2                 | afterSeq must be given once, was given 2 times
        """)
    void namesAfterSeq_whenItIsNotOneNonNegativeWholeNumber(String query, String message) {
        put(List.of(update("spread", -110, DATE)));

        assertInvalid(get("/games/game-1/odds?" + query), "afterSeq", message);
    }

    /** Every page, each asked after the {@code next.afterSeq} of the one before; at most 5. */
    private List<JsonNode> pagesOf(String query) throws IOException {
        List<JsonNode> pages = new ArrayList<>();
        String afterSeq = "0";
        while (pages.size() < 5) {
            HttpResponse response = get("/games/game-1/odds?" + query + "&afterSeq=" + afterSeq);
            assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
            JsonNode page = new ObjectMapper().readTree(response.bodyText());
            pages.add(page);
            if (!page.has("next")) {
                break;
            }
            afterSeq = page.path("next").path("afterSeq").asText();
        }
        return pages;
    }

    private static List<Long> seqs(List<JsonNode> pages) {
        List<Long> seqs = new ArrayList<>();
        pages.forEach(page ->
                page.path("odds").forEach(update -> seqs.add(update.path("seq").asLong())));
        return seqs;
    }

    private HttpResponse get(String pathAndQuery) {
        return api.handle(RestApiTest.request("GET", pathAndQuery, new byte[0]));
    }

    private void put(List<String> updates) {
        String body = updates.stream().collect(Collectors.joining(",", "{\"odds\":[", "]}"));
        HttpResponse response = api.handle(RestApiTest.request("PUT", "/feeds", body.getBytes(StandardCharsets.UTF_8)));
        assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
    }

    private static String update(String market, int homeOdds, long date) {
        return """
                {"gameId":"game-1","type":"%s","home":3,"away":-3,"homeOdds":%d,"awayOdds":-110,"date":%d}""".formatted(market, homeOdds, date);
    }
}
