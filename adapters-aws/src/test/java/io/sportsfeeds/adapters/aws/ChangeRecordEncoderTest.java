package io.sportsfeeds.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sportsfeeds.adapters.aws.ChangeRecordDecoder.Decoded;
import io.sportsfeeds.adapters.aws.ChangeRecordDecoder.Ignored;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.OddsUpdate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ChangeRecordEncoderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GAME = "game-7F3A1C52-0B6E-4D7A-9C1E-2B8D5E6F4A10";
    private static final Instant STORED = Instant.ofEpochMilli(1_764_617_460_123L);
    private static final Instant EXPIRE = Instant.ofEpochSecond(1_796_153_460L);

    private final ChangeRecordEncoder encoder = new ChangeRecordEncoder("sportsfeeds", "eu-west-2");
    private final ChangeRecordDecoder decoder = new ChangeRecordDecoder("sportsfeeds");

    @Test
    void writesTheRecordKinesisDataStreamsForDynamoDbWrites_forAnOddsHistoryItem() throws Exception {
        CapturedChange change = new CapturedChange(
                17,
                STORED,
                new OddsUpdate(GAME, "spread", 3.5, -3.5, -115, -105, 1_764_617_460L, true, null, null, null));

        byte[] record = encoder.insert(ChangeRecordEncoder.oddsHistoryItem(change, EXPIRE), STORED);

        String item = """
        "PK":{"S":"game-7F3A1C52-0B6E-4D7A-9C1E-2B8D5E6F4A10"},"SK":{"S":"odds#00000000000000000017"}""";
        assertThat(JSON.readTree(record)).isEqualTo(JSON.readTree("""
                {"awsRegion":"eu-west-2","eventID":"%s","eventName":"INSERT","userIdentity":null,
                 "recordFormat":"application/json","tableName":"sportsfeeds",
                 "dynamodb":{"ApproximateCreationDateTime":1764617460123,"ApproximateCreationDateTimePrecision":"MILLISECOND",
                   "Keys":{%s},
                   "NewImage":{%s,"SEQ":{"N":"17"},"MARKET":{"S":"spread"},"HOME":{"N":"3.5"},"AWAY":{"N":"-3.5"},
                     "HOMEODDS":{"N":"-115"},"AWAYODDS":{"N":"-105"},"DATE":{"N":"1764617460"},"DATEMS":{"N":"1764617460000"},
                     "ISOPEN":{"BOOL":true},"IDENTITY":{"S":"odds:spread:1764617460000:3.5:-3.5:-115.0:-105.0:open"},
                     "CREATED":{"N":"1764617460123"},"EXPIRE":{"N":"1796153460"},"CLAIM":{"S":"change-capture"}},
                   "SizeBytes":%d},
                 "eventSource":"aws:dynamodb"}
                """.formatted(
                        JSON.readTree(record).get("eventID").textValue(),
                        item,
                        item,
                        JSON.readTree(record).at("/dynamodb/SizeBytes").longValue())));
        assertThat(JSON.readTree(record).get("eventID").textValue())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(JSON.readTree(record).at("/dynamodb/SizeBytes").longValue()).isBetween(200L, 400L);
    }

    @Test
    void encodesEqualChangesToEqualBytes() {
        CapturedChange change = new CapturedChange(
                1,
                STORED,
                new OddsUpdate(GAME, "total", 210.5, 210.5, -110, -110, 1_764_617_460L, true, null, null, null));

        assertThat(encoder.insert(ChangeRecordEncoder.oddsHistoryItem(change, EXPIRE), STORED))
                .isEqualTo(encoder.insert(ChangeRecordEncoder.oddsHistoryItem(change, EXPIRE), STORED));
    }

    @Test
    void writesWhatTheDecoderReadsBack_everyFieldOfTheUpdate() {
        List<CapturedChange> changes = List.of(
                new CapturedChange(
                        1,
                        STORED,
                        new OddsUpdate(GAME, "spread", 3, -3, -110, -110, 1_764_617_400L, true, null, null, null)),
                new CapturedChange(
                        2,
                        STORED.plusMillis(1),
                        new OddsUpdate(
                                GAME,
                                "moneyline",
                                0,
                                0,
                                240,
                                -150,
                                1_764_617_401_000L,
                                false,
                                "Arsenal v Chelsea",
                                "2026-12-02 20:00:00.000",
                                "prov-42-000981")),
                new CapturedChange(
                        Long.MAX_VALUE,
                        STORED,
                        new OddsUpdate(
                                GAME,
                                "total",
                                1e-7,
                                // the largest magnitudes an update may hold (Rules.MAX_ODDS_MAGNITUDE)
                                999_999.125,
                                1.0e6,
                                -0.001,
                                1L,
                                true,
                                "x".repeat(1024),
                                "1764617400",
                                null)));

        for (CapturedChange change : changes) {
            byte[] record = encoder.insert(ChangeRecordEncoder.oddsHistoryItem(change, EXPIRE), change.storedAt());

            assertThat(decoder.decode("seq-1", record)).isEqualTo(new Decoded("seq-1", change, change.storedAt()));
        }
    }

    @Test
    void writesNegativeZeroAsZero_asDynamoDbStoresIt() {
        CapturedChange change = new CapturedChange(
                1,
                STORED,
                new OddsUpdate(GAME, "moneyline", -0.0, -0.0, 240, -150, 1_764_617_400L, true, null, null, null));

        var decoded = (Decoded)
                decoder.decode("z", encoder.insert(ChangeRecordEncoder.oddsHistoryItem(change, EXPIRE), STORED));

        assertThat(Double.compare(decoded.change().update().home(), 0.0)).isZero();
        assertThat(decoded.change().update().identity())
                .isEqualTo(change.update().identity());
    }

    @Test
    void writesModificationsAndDeletions_asTheDecoderExpectsThem() {
        CapturedChange change = new CapturedChange(
                5, STORED, new OddsUpdate(GAME, "spread", 3, -3, -110, -110, 1_764_617_400L, true, null, null, null));
        Map<String, AttributeValue> item = ChangeRecordEncoder.oddsHistoryItem(change, EXPIRE);

        assertThat(decoder.decode("m", encoder.modify(item, item, STORED))).isEqualTo(new Decoded("m", change, STORED));
        assertThat(decoder.decode("t", encoder.remove(item, STORED, true)))
                .isEqualTo(new Ignored("t", "a TTL deletion of " + GAME + " / odds#00000000000000000005"));
        assertThat(decoder.decode("r", encoder.remove(item, STORED, false)))
                .isEqualTo(new Ignored("r", "a deletion of " + GAME + " / odds#00000000000000000005"));
    }

    @Test
    void writesAndReadsEveryAttributeType() throws Exception {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("PK", AttributeValue.fromS("game-1"));
        item.put("SK", AttributeValue.fromS("latest#spread"));
        item.put("N", AttributeValue.fromN("-12.50"));
        item.put("B", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 0xFF})));
        item.put("BOOL", AttributeValue.fromBool(false));
        item.put("NULL", AttributeValue.fromNul(true));
        item.put("SS", AttributeValue.fromSs(List.of("a", "é")));
        item.put("NS", AttributeValue.fromNs(List.of("1", "2e3")));
        item.put(
                "BS",
                AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x"), SdkBytes.fromByteArray(new byte[0]))));
        item.put(
                "M",
                AttributeValue.fromM(Map.of(
                        "inner",
                        AttributeValue.fromL(List.of(AttributeValue.fromS("s"), AttributeValue.fromM(Map.of()))))));
        item.put("L", AttributeValue.fromL(List.of()));

        byte[] record = encoder.insert(item, STORED);

        assertThat(AttributeJson.readItem(JSON.readTree(record).at("/dynamodb/NewImage"), "NewImage"))
                .isEqualTo(item);
        assertThat(decoder.decode("x", record))
                .isEqualTo(new Ignored("x", "not an odds history item: game-1 / latest#spread"));
    }

    @Test
    void derivesThePartitionKeyFromTheGame() {
        var item = Map.of("PK", AttributeValue.fromS(GAME), "SK", AttributeValue.fromS("odds#1"));

        // echo -n game-7F3A1C52-0B6E-4D7A-9C1E-2B8D5E6F4A10 | md5sum
        assertThat(ChangeRecordEncoder.partitionKey(item)).isEqualTo("FB7EB3E2AA4A04FA8DFB6C56C8468DE3");
        assertThat(ChangeRecordEncoder.partitionKey(Map.of("PK", AttributeValue.fromS("game-2"))))
                .isNotEqualTo(ChangeRecordEncoder.partitionKey(item));
    }
}
