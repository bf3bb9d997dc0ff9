package io.sportsfeeds.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The history's {@code afterSeq} cursor on the local server and its embedded store, over real HTTP. */
class HistoryCursorServerTest extends ServerTestBase {

    @Test
    void pagesThroughEveryUpdateOnce_whenAClientFollowsNextThroughUpdatesOfOneDate() {
        LocalApp app = start();
        String batch = IntStream.range(0, 25)
                .mapToObj(i -> """
                        {"gameId":"%s","type":"spread","home":3,"away":-3,"homeOdds":%d,"awayOdds":-110,\
                        "date":1764617400}""".formatted(LAKERS, -100 - i))
                .collect(Collectors.joining(",", "{\"odds\":[", "]}"));
        assertThat(Http.call("PUT", url(app, "/feeds"), batch.getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(200);

        List<JsonNode> pages = new ArrayList<>();
        String afterSeq = "0";
        while (pages.size() < 5) {
            HttpResponse<String> response =
                    Http.get(url(app, "/games/" + LAKERS + "/odds?from=1764617400&limit=10&afterSeq=" + afterSeq));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            pages.add(Http.json(response.body()));
            if (!pages.getLast().has("next")) {
                break;
            }
            afterSeq = pages.getLast().path("next").path("afterSeq").asText();
        }

        assertThat(pages).extracting(page -> page.path("odds").size()).containsExactly(10, 10, 5);
        List<Long> seqs = new ArrayList<>();
        pages.forEach(page ->
                page.path("odds").forEach(update -> seqs.add(update.path("seq").asLong())));
        assertThat(seqs)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 25).boxed().toList());
    }

    @Test
    void answers400NamingAfterSeq_whenItIsNotAWholeNumber() {
        LocalApp app = start();

        HttpResponse<String> response = Http.get(url(app, "/games/" + LAKERS + "/odds?afterSeq=last"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("""
                {"error":"invalid_request","message":"afterSeq must be a whole number, was \\"last\\"",\
                "fields":[{"field":"afterSeq","message":"afterSeq must be a whole number, was \\"last\\""}]}""");
    }
}
