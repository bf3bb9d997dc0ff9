package io.sportsfeeds.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.core.fakes.InMemoryClientRegistry;
import io.sportsfeeds.core.fakes.InMemoryGameCatalogue;
import io.sportsfeeds.core.fakes.InMemoryOddsStore;
import io.sportsfeeds.core.fakes.MutableClock;
import io.sportsfeeds.core.usecase.IngestFeeds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bodies built to break a parser, each refused with a 400 that names what is to blame; nothing is stored. */
class HostileBodiesTest {
    final MutableClock clock = new MutableClock(Instant.ofEpochMilli(RestApiTest.STORED_AT));
    final InMemoryOddsStore store = new InMemoryOddsStore(clock);
    final RestApi api = RestApiTest.api(
            store,
            new InMemoryGameCatalogue(),
            new InMemoryClientRegistry(),
            IngestFeeds.DEFAULT_MAX_BATCH,
            RestApi.DEFAULT_MAX_BODY_BYTES);

    HttpResponse put(byte[] body) {
        return api.handle(RestApiTest.request("PUT", "/feeds", body));
    }

    HttpResponse put(String body) {
        return put(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void refusesADuplicateKey_namingIt() {
        HttpResponse response = put("""
                {"odds":[{"gameId":"game-1","gameId":"game-2","type":"spread","home":3,"away":-3,"homeOdds":-110,"awayOdds":-110,"date":1764617400}]}""");

        RestApiTest.assertInvalid(
                response, "odds[0].gameId", "odds[0].gameId must appear once, was given twice at line 1, column 37");
        assertThat(store.latest("game-1")).isEmpty();
        assertThat(store.latest("game-2")).isEmpty();
    }

    @Test
    void refusesADuplicateTopLevelKey_namingIt() {
        HttpResponse response = put("{\"odds\":[],\"odds\":[]}");

        RestApiTest.assertInvalid(response, "odds", "odds must appear once, was given twice at line 1, column 18");
    }

    @Test
    void refusesDeepNesting_namingTheBody_withoutOverflowingTheStack() {
        HttpResponse response = put("{\"odds\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}");

        RestApiTest.assertInvalid(response, "body", "body must be a JSON object nested at most 32 deep, was deeper");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "1e400  | odds[0].homeOdds must be a finite number, was Infinity",
                "-1e400 | odds[0].homeOdds must be a finite number, was -Infinity",
            })
    void refusesHugeNumbers_namingTheField(String number, String message) {
        HttpResponse response = put(RestApiTest.oneUpdate(number));

        RestApiTest.assertInvalid(response, "odds[0].homeOdds", message);
    }

    @Test
    void refusesAHugeWholeDate_namingTheField() {
        HttpResponse response = put("""
                {"odds":[{"gameId":"game-1","type":"spread","home":3,"away":-3,"homeOdds":-110,"awayOdds":-110,"date":1000000000000000000000000000000}]}""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.bodyText()).contains("{\"field\":\"odds[0].date\"");
    }

    @Test
    void refusesANumberOfMoreDigitsThanAnyParserShouldRead_namingTheBody() {
        HttpResponse response = put(RestApiTest.oneUpdate("9".repeat(1_001)));

        // Jackson checks the length outside its parser, so the field that holds the number is not known.
        RestApiTest.assertInvalid(
                response,
                "body",
                "body must be within the reader's limits, was Number value length (1001) exceeds the maximum allowed (1000)");
    }

    @ParameterizedTest
    @CsvSource({
        "ff, 20", // never a UTF-8 byte
        "c080, 20", // an overlong NUL
        "eda080, 20", // a surrogate, encoded
        "e282, 20", // cut short by the closing quote
        "f4908080, 20", // beyond U+10FFFF
    })
    void refusesInvalidUtf8_namingTheBody(String hex, int offset) {
        byte[] prefix = "{\"odds\":[{\"gameId\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] bad = java.util.HexFormat.of().parseHex(hex);
        byte[] suffix = "\"}]}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + bad.length + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        System.arraycopy(bad, 0, body, prefix.length, bad.length);
        System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);

        HttpResponse response = put(body);

        RestApiTest.assertInvalid(
                response, "body", "body must be UTF-8, was an invalid byte sequence at byte " + offset);
    }

    @Test
    void namesThePathParameter_whenItIsNotValidPercentEncoding() {
        HttpResponse response = api.handle(RestApiTest.request("GET", "/games/%zz/odds", new byte[0]));

        RestApiTest.assertInvalid(response, "id", "id must be valid percent-encoding, was \"%zz\"");
    }
}
