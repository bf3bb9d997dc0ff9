package io.sportsfeeds.api.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sportsfeeds.api.http.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import net.jqwik.api.statistics.Statistics;

/** What every answer to bad input must be, whatever the input. */
final class Invariants {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Invariants() {}

    /**
     * Never a 5xx (the stores here never fail, so not even the documented 503); every error is a
     * JSON body with {@code error} and {@code message}, and a 400 or 413 names what is to blame.
     */
    static void assertAnswered(HttpResponse response, String input) {
        assertThat(response.status()).as("status for %s", input).isLessThan(500);
        if (response.status() < 400) {
            return;
        }
        assertThat(response.headers()).containsEntry("Content-Type", HttpResponse.JSON_CONTENT_TYPE);
        JsonNode body = parse(response.bodyText());
        assertThat(body.path("error").isTextual())
                .as("error of %s for %s", body, input)
                .isTrue();
        assertThat(body.path("message").asText())
                .as("message of %s for %s", body, input)
                .isNotBlank();
        if (response.status() == 400 || response.status() == 413) {
            JsonNode fields = body.path("fields");
            assertThat(fields.isArray() && !fields.isEmpty())
                    .as("fields of %s for %s", body, input)
                    .isTrue();
            for (JsonNode field : fields) {
                assertThat(field.path("field").asText()).as("field of %s", body).isNotBlank();
                assertThat(field.path("message").asText())
                        .as("message of %s", body)
                        .isNotBlank();
            }
        }
    }

    /**
     * Counts the statuses, and checks that at least one in fifty inputs is accepted and one in
     * fifty refused: generators that only ever produce garbage would test only the parser.
     */
    static void collect(HttpResponse response) {
        Statistics.label("status").collect(response.status() < 300 ? "2xx" : String.valueOf(response.status()));
        Statistics.label("status").coverage(checker -> {
            checker.check("2xx").percentage(p -> p >= 2);
            checker.check("400").percentage(p -> p >= 2);
        });
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    /** An input for an assertion's description, bytes that are not UTF-8 shown as they decode. */
    static String shown(byte[] input) {
        String text = new String(input, java.nio.charset.StandardCharsets.UTF_8);
        return text.length() > 300 ? text.substring(0, 300) + "... (" + input.length + " bytes)" : text;
    }
}
