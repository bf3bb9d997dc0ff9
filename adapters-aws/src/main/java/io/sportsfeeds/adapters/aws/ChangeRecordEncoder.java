package io.sportsfeeds.adapters.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sportsfeeds.core.domain.CapturedChange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes change records as Kinesis Data Streams for DynamoDB does (the JSON of
 * {@code reference/kinesis-dynamodb-change-record.json}), for what must stand in for it: tests of
 * the Kinesis reader, and an emulated streaming destination where the table's emulator has none.
 * {@link ChangeRecordDecoder} reads what this writes.
 *
 * <p>Faithful where readers look: event name, keys, images in DynamoDB JSON (every attribute
 * type), {@code ApproximateCreationDateTime} in milliseconds with its precision, the TTL's
 * {@code userIdentity} on TTL deletions, and a Kinesis partition key derived from the item's
 * partition key (so a game's changes share a shard, as they do in AWS). {@code SizeBytes} follows
 * DynamoDB's item-size rules approximately; {@code eventID} is a UUID derived from the record's
 * content, so equal changes encode to equal bytes. Thread-safe.
 */
public final class ChangeRecordEncoder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String table;
    private final String region;

    /** An encoder of the changes of {@code table} in {@code region}. */
    public ChangeRecordEncoder(String table, String region) {
        this.table = requireText("table", table);
        this.region = requireText("region", region);
    }

    /**
     * The odds history item of a stored change, in the layout of the package documentation: the
     * attributes the DynamoDB store writes, no more, no fewer.
     *
     * @param expireAt when the TTL removes it ({@code EXPIRE}, epoch seconds)
     */
    public static Map<String, AttributeValue> oddsHistoryItem(CapturedChange change, Instant expireAt) {
        Objects.requireNonNull(expireAt, "expireAt");
        // The very item the DynamoDB odds store writes; the claim token means nothing to readers.
        return OddsItems.history(
                change.update(),
                change.seq(),
                change.storedAt().toEpochMilli(),
                expireAt.getEpochSecond(),
                "change-capture");
    }

    /** {@code odds#} and the seq in 20 digits, so a game's history sorts in seq order. */
    public static String historySortKey(long seq) {
        return String.format("odds#%020d", seq);
    }

    /** The record of an item's first write. */
    public byte[] insert(Map<String, AttributeValue> item, Instant approximateCreation) {
        return encode("INSERT", keysOf(item), null, item, approximateCreation, false);
    }

    /** The record of an item overwritten or updated. */
    public byte[] modify(
            Map<String, AttributeValue> oldItem, Map<String, AttributeValue> newItem, Instant approximateCreation) {
        return encode("MODIFY", keysOf(newItem), oldItem, newItem, approximateCreation, false);
    }

    /** The record of an item's deletion: by a caller, or by the table's TTL ({@code byTtl}). */
    public byte[] remove(Map<String, AttributeValue> oldItem, Instant approximateCreation, boolean byTtl) {
        return encode("REMOVE", keysOf(oldItem), oldItem, null, approximateCreation, byTtl);
    }

    /**
     * The Kinesis partition key of an item's records: the MD5 of its partition key in upper-case
     * hex, as the reference record's looks. All changes of one game land on one shard.
     */
    public static String partitionKey(Map<String, AttributeValue> item) {
        AttributeValue pk = item.get("PK");
        if (pk == null || pk.s() == null) {
            throw new IllegalArgumentException("an item needs a string PK, had " + item.keySet());
        }
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(pk.s().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    private byte[] encode(
            String eventName,
            Map<String, AttributeValue> keys,
            Map<String, AttributeValue> oldImage,
            Map<String, AttributeValue> newImage,
            Instant approximateCreation,
            boolean byTtl) {
        Objects.requireNonNull(approximateCreation, "approximateCreation");
        ObjectNode dynamodb = JSON.createObjectNode();
        dynamodb.put("ApproximateCreationDateTime", approximateCreation.toEpochMilli());
        dynamodb.put("ApproximateCreationDateTimePrecision", "MILLISECOND");
        dynamodb.set("Keys", AttributeJson.writeItem(keys));
        if (newImage != null) {
            dynamodb.set("NewImage", AttributeJson.writeItem(newImage));
        }
        if (oldImage != null) {
            dynamodb.set("OldImage", AttributeJson.writeItem(oldImage));
        }
        dynamodb.put(
                "SizeBytes",
                itemSize(keys)
                        + (newImage == null ? 0 : itemSize(newImage))
                        + (oldImage == null ? 0 : itemSize(oldImage)));

        ObjectNode record = JSON.createObjectNode();
        record.put("awsRegion", region);
        record.put("eventID", eventId(eventName, dynamodb));
        record.put("eventName", eventName);
        if (byTtl) {
            ObjectNode identity = record.putObject("userIdentity");
            identity.put("type", "Service");
            identity.put("principalId", "dynamodb.amazonaws.com");
        } else {
            record.putNull("userIdentity");
        }
        record.put("recordFormat", "application/json");
        record.put("tableName", table);
        record.set("dynamodb", dynamodb);
        record.put("eventSource", "aws:dynamodb");
        try {
            return JSON.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain JSON nodes always writes", e);
        }
    }

    private String eventId(String eventName, ObjectNode dynamodb) {
        String content = table + "\n" + eventName + "\n" + dynamodb;
        return UUID.nameUUIDFromBytes(content.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static Map<String, AttributeValue> keysOf(Map<String, AttributeValue> item) {
        Objects.requireNonNull(item, "item");
        Map<String, AttributeValue> keys = new LinkedHashMap<>();
        for (String name : new String[] {"PK", "SK"}) {
            AttributeValue value = item.get(name);
            if (value == null) {
                throw new IllegalArgumentException("an item of the table needs " + name + ", had " + item.keySet());
            }
            keys.put(name, value);
        }
        return keys;
    }

    /** DynamoDB's item size: names and values in bytes (numbers about one byte per two digits). */
    static long itemSize(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            size += utf8(attribute.getKey()) + valueSize(attribute.getValue());
        }
        return size;
    }

    private static long valueSize(AttributeValue value) {
        return switch (value.type()) {
            case S -> utf8(value.s());
            case N -> numberSize(value.n());
            case B -> value.b().asByteArrayUnsafe().length;
            case BOOL, NUL -> 1;
            case SS -> value.ss().stream().mapToLong(ChangeRecordEncoder::utf8).sum();
            case NS ->
                value.ns().stream().mapToLong(ChangeRecordEncoder::numberSize).sum();
            case BS ->
                value.bs().stream()
                        .mapToLong(bytes -> bytes.asByteArrayUnsafe().length)
                        .sum();
            case M ->
                3
                        + value.m().entrySet().stream()
                                .mapToLong(e -> 1 + utf8(e.getKey()) + valueSize(e.getValue()))
                                .sum();
            case L ->
                3
                        + value.l().stream()
                                .mapToLong(element -> 1 + valueSize(element))
                                .sum();
            case UNKNOWN_TO_SDK_VERSION -> 0;
        };
    }

    private static long numberSize(String number) {
        long digits = number.chars().filter(Character::isDigit).count();
        return (digits + 1) / 2 + 1;
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /** Plain decimal notation, and whole numbers without a fraction ({@code -110}, not {@code -110.0}). */
    private static AttributeValue number(double value) {
        return AttributeValue.fromN(new java.math.BigDecimal(Double.toString(value))
                .stripTrailingZeros()
                .toPlainString());
    }

    private static String requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value;
    }
}
