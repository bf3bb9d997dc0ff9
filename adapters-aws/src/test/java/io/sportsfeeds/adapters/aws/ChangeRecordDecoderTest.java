package io.sportsfeeds.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sportsfeeds.adapters.aws.ChangeRecordDecoder.ClientChanged;
import io.sportsfeeds.adapters.aws.ChangeRecordDecoder.Decoded;
import io.sportsfeeds.adapters.aws.ChangeRecordDecoder.Ignored;
import io.sportsfeeds.adapters.aws.ChangeRecordDecoder.Malformed;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.OddsUpdate;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChangeRecordDecoderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SEQ_NO = "49656733450345123456789012345678901234567890123456789010";
    private static final String GAME = "game-7F3A1C52-0B6E-4D7A-9C1E-2B8D5E6F4A10";
    private static final CapturedChange REFERENCE_CHANGE = new CapturedChange(
            17,
            Instant.ofEpochMilli(1_764_617_460_123L),
            new OddsUpdate(GAME, "spread", 3.5, -3.5, -115, -105, 1_764_617_460L, true, null, null, null));

    private final ChangeRecordDecoder decoder = new ChangeRecordDecoder("sportsfeeds");

    @Test
    void decodesEveryFieldOfTheReferenceRecord() {
        var result = decoder.decode(SEQ_NO, Reference.bytes("kinesis-dynamodb-change-record.json"));

        assertThat(result).isEqualTo(new Decoded(SEQ_NO, REFERENCE_CHANGE, Instant.ofEpochMilli(1_764_617_460_123L)));
    }

    @Test
    void decodesTheDataOfALambdaKinesisEvent_withItsSequenceNumber() throws Exception {
        JsonNode record = JSON.readTree(Reference.bytes("lambda-kinesis-event.json"))
                .get("Records")
                .get(0)
                .get("kinesis");
        ByteBuffer data =
                ByteBuffer.wrap(Base64.getDecoder().decode(record.get("data").textValue()));

        var result = decoder.decode(record.get("sequenceNumber").textValue(), data);

        assertThat(result).isEqualTo(new Decoded(SEQ_NO, REFERENCE_CHANGE, Instant.ofEpochMilli(1_764_617_460_123L)));
        assertThat(data.position()).isZero();
    }

    @Test
    void readsMicrosecondCreationTimes_whenThePrecisionSaysSo() {
        byte[] data = reference(root -> {
            dynamodb(root).put("ApproximateCreationDateTime", 1_764_617_460_123_456L);
            dynamodb(root).put("ApproximateCreationDateTimePrecision", "MICROSECOND");
        });

        var result = (Decoded) decoder.decode(SEQ_NO, data);

        assertThat(result.approximateCreation()).isEqualTo(Instant.parse("2025-12-01T19:31:00.123456Z"));
        assertThat(result.change()).isEqualTo(REFERENCE_CHANGE);
    }

    @Test
    void readsMilliseconds_whenThePrecisionIsAbsent() {
        byte[] data = reference(root -> dynamodb(root).remove("ApproximateCreationDateTimePrecision"));

        assertThat(((Decoded) decoder.decode(SEQ_NO, data)).approximateCreation())
                .isEqualTo(Instant.parse("2025-12-01T19:31:00.123Z"));
    }

    @Test
    void decodesEveryOptionalField_andSkipsAttributesOfEveryOtherType() {
        byte[] data = reference(root -> {
            ObjectNode image = newImage(root);
            image.set("ISOPEN", attr("{\"BOOL\":false}"));
            image.set("SUMMARY", attr("{\"S\":\"Lakers @ Celtics\"}"));
            image.set("GAMESTART", attr("{\"S\":\"2026-12-01 19:30:00.000\"}"));
            image.set("PROVIDERID", attr("{\"S\":\"prov-42-000981\"}"));
            image.set("DATE", attr("{\"N\":\"1764617460000\"}"));
            image.set("DATEMS", attr("{\"N\":\"1764617460000\"}"));
            image.set("IDENTITY", attr("{\"S\":\"id:prov-42-000981\"}"));
            image.set("XB", attr("{\"B\":\"AAEC\"}"));
            image.set("XNULL", attr("{\"NULL\":true}"));
            image.set("XSS", attr("{\"SS\":[\"a\",\"b\"]}"));
            image.set("XNS", attr("{\"NS\":[\"1\",\"-2.5\"]}"));
            image.set("XBS", attr("{\"BS\":[\"AA==\",\"/w==\"]}"));
            image.set("XM", attr("{\"M\":{\"a\":{\"L\":[{\"N\":\"1\"},{\"M\":{}},{\"BOOL\":true}]}}}"));
            image.set("XL", attr("{\"L\":[]}"));
        });

        var result = decoder.decode(SEQ_NO, data);

        assertThat(result)
                .isEqualTo(new Decoded(
                        SEQ_NO,
                        new CapturedChange(
                                17,
                                Instant.ofEpochMilli(1_764_617_460_123L),
                                new OddsUpdate(
                                        GAME,
                                        "spread",
                                        3.5,
                                        -3.5,
                                        -115,
                                        -105,
                                        1_764_617_460_000L,
                                        false,
                                        "Lakers @ Celtics",
                                        "2026-12-01 19:30:00.000",
                                        "prov-42-000981")),
                        Instant.ofEpochMilli(1_764_617_460_123L)));
    }

    @Test
    void readsNullOptionalFieldsAsAbsent() {
        byte[] data = reference(root -> {
            newImage(root).set("SUMMARY", attr("{\"NULL\":true}"));
            newImage(root).set("ISOPEN", attr("{\"NULL\":true}"));
        });

        assertThat(((Decoded) decoder.decode(SEQ_NO, data)).change()).isEqualTo(REFERENCE_CHANGE);
    }

    @Test
    void decodesAModifiedHistoryItemLikeAnInsertion_forThePublisherToDropAsARepeat() {
        byte[] data = reference(root -> root.put("eventName", "MODIFY"));

        assertThat(((Decoded) decoder.decode(SEQ_NO, data)).change()).isEqualTo(REFERENCE_CHANGE);
    }

    @Test
    void ignoresTtlDeletions() {
        byte[] data = reference(root -> {
            root.put("eventName", "REMOVE");
            root.set("userIdentity", attr("{\"type\":\"Service\",\"principalId\":\"dynamodb.amazonaws.com\"}"));
            dynamodb(root).set("OldImage", dynamodb(root).remove("NewImage"));
        });

        assertThat(decoder.decode(SEQ_NO, data))
                .isEqualTo(new Ignored(SEQ_NO, "a TTL deletion of " + GAME + " / odds#spread#00000000000000000017"));
    }

    @Test
    void ignoresOtherDeletions() {
        byte[] data = reference(root -> {
            root.put("eventName", "REMOVE");
            dynamodb(root).remove("NewImage");
        });

        assertThat(decoder.decode(SEQ_NO, data))
                .isEqualTo(new Ignored(SEQ_NO, "a deletion of " + GAME + " / odds#spread#00000000000000000017"));
    }

    @Test
    void decodesAClientDeactivatedByAnAdmin_fromTheModificationOfItsItem() {
        byte[] data = clientRecord("MODIFY", "N", "Y");

        assertThat(decoder.decode(SEQ_NO, data)).isEqualTo(new ClientChanged(SEQ_NO, "client-002", false, false));
    }

    @Test
    void decodesAClientActive_whenItsItemIsWrittenWithActiveY() {
        assertThat(decoder.decode(SEQ_NO, clientRecord("INSERT", "Y", null)))
                .isEqualTo(new ClientChanged(SEQ_NO, "client-002", true, false));
        assertThat(decoder.decode(SEQ_NO, clientRecord("MODIFY", "Y", "N")))
                .isEqualTo(new ClientChanged(SEQ_NO, "client-002", true, false));
    }

    @Test
    void decodesANewSecret_whenTheHashDiffersBetweenTheImages() {
        byte[] data = reference(root -> {
            root.put("eventName", "MODIFY");
            ObjectNode dynamodb = dynamodb(root);
            dynamodb.set("Keys", attr("{\"PK\":{\"S\":\"client-002\"},\"SK\":{\"S\":\"cli-Trading desk B\"}}"));
            dynamodb.set("NewImage", clientImage("Y"));
            ObjectNode old = (ObjectNode) clientImage("Y");
            old.set("SECRETHASH", attr("{\"S\":\"pbkdf2-sha256$210000$c2FsdA$b2xk\"}"));
            dynamodb.set("OldImage", old);
        });

        assertThat(decoder.decode(SEQ_NO, data)).isEqualTo(new ClientChanged(SEQ_NO, "client-002", true, true));
    }

    @Test
    void decodesAClientNoLongerActive_whenItsItemIsDeleted() {
        assertThat(decoder.decode(SEQ_NO, clientRecord("REMOVE", null, "Y")))
                .isEqualTo(new ClientChanged(SEQ_NO, "client-002", false, false));
    }

    @Test
    void refusesAClientItemWhoseActiveIsNotAString() {
        byte[] broken = withActive(clientRecord("MODIFY", "N", "Y"), attr("{\"BOOL\":false}"));

        assertThat(decoder.decode(SEQ_NO, broken))
                .isEqualTo(new Malformed(SEQ_NO, "dynamodb.NewImage.ACTIVE must be a string (S), was BOOL"));
    }

    @ParameterizedTest
    @CsvSource({
        "INSERT, latest#spread",
        "MODIFY, latest#spread",
        "INSERT, head",
        "MODIFY, head",
        "INSERT, game",
        "INSERT, oddslatest#spread"
    })
    void ignoresEveryItemButOddsHistory(String eventName, String sortKey) {
        byte[] data = reference(root -> {
            root.put("eventName", eventName);
            ((ObjectNode) dynamodb(root).get("Keys")).set("SK", attr("{\"S\":\"" + sortKey + "\"}"));
            newImage(root).remove("SEQ");
        });

        assertThat(decoder.decode(SEQ_NO, data))
                .isEqualTo(new Ignored(SEQ_NO, "not an odds history item: " + GAME + " / " + sortKey));
    }

    @Test
    void ignoresChangesOfOtherTables() {
        byte[] data = reference(root -> root.put("tableName", "connections"));

        assertThat(decoder.decode(SEQ_NO, data))
                .isEqualTo(new Ignored(SEQ_NO, "a change of table \"connections\", not \"sportsfeeds\""));
    }

    @Test
    void reportsRecordsThatAreNotJsonObjects() {
        assertThat(decoder.decode("1", "not json".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(
                        new Malformed(
                                "1",
                                "not JSON: Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"));
        assertThat(decoder.decode("2", new byte[0]))
                .isEqualTo(new Malformed("2", "empty data: expected a JSON object"));
        assertThat(decoder.decode("3", "[1]".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new Malformed("3", "expected a JSON object, was array [1]"));
        assertThat(decoder.decode("4", "{\"eventName\":".getBytes(StandardCharsets.UTF_8))
                        .getClass())
                .isEqualTo(Malformed.class);
        assertThat(decoder.decode("5", new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}))
                .isInstanceOf(Malformed.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
          tableName removed                 | tableName must be a non-empty string, was missing
          eventName DELETE                  | eventName must be INSERT, MODIFY or REMOVE, was "DELETE"
          dynamodb removed                  | dynamodb must be an object, was missing
          Keys removed                      | dynamodb.Keys must be an object of attributes, was missing
          Keys.PK as N                      | dynamodb.Keys.PK must be a string (S), was N
          Keys.SK removed                   | dynamodb.Keys.SK is missing
          NewImage removed                  | dynamodb.NewImage must be an object of attributes, was missing
          NewImage.SEQ removed              | dynamodb.NewImage.SEQ is missing
          NewImage.SEQ 17.5                 | dynamodb.NewImage.SEQ must be a whole number, was 17.5
          NewImage.SEQ 0                    | the odds history item game-7F3A1C52-0B6E-4D7A-9C1E-2B8D5E6F4A10 / odds#spread#00000000000000000017 is not a valid change: seq must be at least 1, was 0
          NewImage.HOMEODDS as S            | dynamodb.NewImage.HOMEODDS must be a number (N), was S
          NewImage.HOMEODDS abc             | dynamodb.NewImage.HOMEODDS.N must be a number in a string, was "abc"
          NewImage.HOMEODDS 1e400           | the odds history item game-7F3A1C52-0B6E-4D7A-9C1E-2B8D5E6F4A10 / odds#spread#00000000000000000017 is not a valid change: homeOdds must be a finite number, was Infinity
          NewImage.MARKET removed           | dynamodb.NewImage.MARKET is missing
          NewImage.MARKET bad market        | the odds history item game-7F3A1C52-0B6E-4D7A-9C1E-2B8D5E6F4A10 / odds#spread#00000000000000000017 is not a valid change: type must contain only letters, digits, '.', '_', ':', '@' or '-', was "bad market"
          NewImage.CREATED removed          | dynamodb.NewImage.CREATED is missing
          NewImage.ISOPEN as S              | dynamodb.NewImage.ISOPEN must be true or false (BOOL), was S
          NewImage.AWAY two types           | dynamodb.NewImage.AWAY must be an object with exactly one type (S, N, B, BOOL, NULL, M, L, SS, NS, BS), was object {"N":"1","S":"1"}
          NewImage.AWAY unknown type        | dynamodb.NewImage.AWAY has the unknown type "Q" (expected S, N, B, BOOL, NULL, M, L, SS, NS or BS)
          NewImage.AWAY number not string   | dynamodb.NewImage.AWAY.N must be a string, was number -3.5
          NewImage.X bad base64             | dynamodb.NewImage.X.B must be base64, was "%%%"
          NewImage.X bad NULL               | dynamodb.NewImage.X.NULL must be true, was boolean false
          NewImage.X bad set element        | dynamodb.NewImage.X.NS[1] must be a number in a string, was "two"
          NewImage.X bad nested value       | dynamodb.NewImage.X.M.a.L[0].BOOL must be true or false, was string "yes"
          ApproximateCreationDateTime text  | dynamodb.ApproximateCreationDateTime must be a positive whole number, was string "soon"
          Precision NANOSECOND              | dynamodb.ApproximateCreationDateTimePrecision must be MILLISECOND or MICROSECOND, was string "NANOSECOND"
          """)
    void reportsWhatIsWrong_withTheSequenceNumber(String breakage, String reason) {
        byte[] data = reference(root -> breakRecord(root, breakage));

        assertThat(decoder.decode(SEQ_NO, data)).isEqualTo(new Malformed(SEQ_NO, reason));
    }

    private static void breakRecord(ObjectNode root, String breakage) {
        ObjectNode image = newImage(root);
        switch (breakage) {
            case "tableName removed" -> root.remove("tableName");
            case "eventName DELETE" -> root.put("eventName", "DELETE");
            case "dynamodb removed" -> root.remove("dynamodb");
            case "Keys removed" -> dynamodb(root).remove("Keys");
            case "Keys.PK as N" -> ((ObjectNode) dynamodb(root).get("Keys")).set("PK", attr("{\"N\":\"1\"}"));
            case "Keys.SK removed" -> ((ObjectNode) dynamodb(root).get("Keys")).remove("SK");
            case "NewImage removed" -> dynamodb(root).remove("NewImage");
            case "NewImage.SEQ removed" -> image.remove("SEQ");
            case "NewImage.SEQ 17.5" -> image.set("SEQ", attr("{\"N\":\"17.5\"}"));
            case "NewImage.SEQ 0" -> image.set("SEQ", attr("{\"N\":\"0\"}"));
            case "NewImage.HOMEODDS as S" -> image.set("HOMEODDS", attr("{\"S\":\"-115\"}"));
            case "NewImage.HOMEODDS abc" -> image.set("HOMEODDS", attr("{\"N\":\"abc\"}"));
            case "NewImage.HOMEODDS 1e400" -> image.set("HOMEODDS", attr("{\"N\":\"1e400\"}"));
            case "NewImage.MARKET removed" -> image.remove("MARKET");
            case "NewImage.MARKET bad market" -> image.set("MARKET", attr("{\"S\":\"bad market\"}"));
            case "NewImage.CREATED removed" -> image.remove("CREATED");
            case "NewImage.ISOPEN as S" -> image.set("ISOPEN", attr("{\"S\":\"true\"}"));
            case "NewImage.AWAY two types" -> image.set("AWAY", attr("{\"N\":\"1\",\"S\":\"1\"}"));
            case "NewImage.AWAY unknown type" -> image.set("AWAY", attr("{\"Q\":\"1\"}"));
            case "NewImage.AWAY number not string" -> image.set("AWAY", attr("{\"N\":-3.5}"));
            case "NewImage.X bad base64" -> image.set("X", attr("{\"B\":\"%%%\"}"));
            case "NewImage.X bad NULL" -> image.set("X", attr("{\"NULL\":false}"));
            case "NewImage.X bad set element" -> image.set("X", attr("{\"NS\":[\"1\",\"two\"]}"));
            case "NewImage.X bad nested value" -> image.set("X", attr("{\"M\":{\"a\":{\"L\":[{\"BOOL\":\"yes\"}]}}}"));
            case "ApproximateCreationDateTime text" -> dynamodb(root).put("ApproximateCreationDateTime", "soon");
            case "Precision NANOSECOND" -> dynamodb(root).put("ApproximateCreationDateTimePrecision", "NANOSECOND");
            default -> throw new IllegalArgumentException("no breakage named " + breakage);
        }
    }

    private static byte[] reference(Consumer<ObjectNode> change) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(Reference.bytes("kinesis-dynamodb-change-record.json"));
            change.accept(root);
            return JSON.writeValueAsBytes(root);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The change record of client-002's item, as {@code PUT /clients} writes it (the registry's
     * layout): the images' {@code ACTIVE} given, or no image when null.
     */
    private static byte[] clientRecord(String eventName, String activeAfter, String activeBefore) {
        return reference(root -> {
            root.put("eventName", eventName);
            ObjectNode dynamodb = dynamodb(root);
            dynamodb.set("Keys", attr("{\"PK\":{\"S\":\"client-002\"},\"SK\":{\"S\":\"cli-Trading desk B\"}}"));
            dynamodb.remove("NewImage");
            if (activeAfter != null) {
                dynamodb.set("NewImage", clientImage(activeAfter));
            }
            if (activeBefore != null) {
                dynamodb.set("OldImage", clientImage(activeBefore));
            }
            dynamodb.put("SizeBytes", 196);
        });
    }

    private static JsonNode clientImage(String active) {
        return attr("{\"PK\":{\"S\":\"client-002\"},\"SK\":{\"S\":\"cli-Trading desk B\"},"
                + "\"ACTIVE\":{\"S\":\"" + active + "\"},\"NAME\":{\"S\":\"Trading desk B\"},"
                + "\"SECRETHASH\":{\"S\":\"pbkdf2-sha256$210000$c2FsdA$aGFzaA\"}}");
    }

    private static byte[] withActive(byte[] record, JsonNode active) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(record);
            newImage(root).set("ACTIVE", active);
            return JSON.writeValueAsBytes(root);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ObjectNode dynamodb(ObjectNode root) {
        return (ObjectNode) root.get("dynamodb");
    }

    private static ObjectNode newImage(ObjectNode root) {
        JsonNode dynamodb = root.get("dynamodb");
        return dynamodb == null || dynamodb.get("NewImage") == null
                ? JSON.createObjectNode()
                : (ObjectNode) dynamodb.get("NewImage");
    }

    private static JsonNode attr(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
