package io.sportsfeeds.adapters.aws;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.InvalidInputException;
import io.sportsfeeds.core.domain.OddsUpdate;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Decodes the change records that Kinesis Data Streams for DynamoDB writes (the {@code data} of a
 * Kinesis record; in Lambda the base64-decoded {@code kinesis.data} of a {@code KinesisEvent}
 * record) into captured changes. One record, one {@link Result}: a change, a record to ignore, or
 * a malformed record with its reason, so one bad record never fails a batch.
 *
 * <p>Insertions and modifications of odds history items (sort key starting {@code odds#}, see
 * the package documentation) of the configured table are changes. A change of a client item (sort
 * key starting {@code cli-}, its id in {@code PK}) is a {@link ClientChanged}: whether the client is
 * active after it ({@code ACTIVE} is {@code Y}; a deletion leaves it not active), so that a
 * deactivated client's connections can be cut off. Everything else is ignored: deletions of odds
 * history (the TTL's, whose {@code userIdentity.principalId} is {@code dynamodb.amazonaws.com}, or
 * anyone's: an update once captured is not taken back), every other item (latest odds, heads,
 * games, connections), other tables sharing the stream. A modification of a history item
 * (they are written once, so it would be a rewrite of the same update) is decoded like an
 * insertion: the publisher drops it as a repeat, which is safer than guessing it away here.
 *
 * <p>The game comes from {@code PK}, the seq from {@code SEQ}, the market from {@code MARKET}, the
 * store time from {@code CREATED} (epoch milliseconds); never from the sort key. {@code ISOPEN}
 * absent means open, as in a provider's payload. {@code DATEMS}, {@code IDENTITY} and
 * {@code EXPIRE} are derived and not read. Thread-safe.
 */
public final class ChangeRecordDecoder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TTL_PRINCIPAL = "dynamodb.amazonaws.com";
    private static final String ODDS_PREFIX = "odds#";
    private static final String CLIENT_PREFIX = Layout.CLIENT_PREFIX;

    private final String table;

    /** A decoder of the changes of {@code table}; records of other tables are ignored. */
    public ChangeRecordDecoder(String table) {
        if (table == null || table.isBlank()) {
            throw new IllegalArgumentException("table must not be empty");
        }
        this.table = table;
    }

    /** What one record decoded to; each carries the record's Kinesis sequence number. */
    public sealed interface Result permits Decoded, ClientChanged, Ignored, Malformed {
        String sequenceNumber();
    }

    /**
     * An odds history item was written.
     *
     * @param approximateCreation when DynamoDB made the change ({@code ApproximateCreationDateTime},
     *     in its precision): for measuring lag, never for ordering
     */
    public record Decoded(String sequenceNumber, CapturedChange change, Instant approximateCreation) implements Result {
        public Decoded {
            Objects.requireNonNull(sequenceNumber, "sequenceNumber");
            Objects.requireNonNull(change, "change");
            Objects.requireNonNull(approximateCreation, "approximateCreation");
        }
    }

    /**
     * A client item was written or deleted.
     *
     * @param active whether the client is active after the change: {@code ACTIVE} is {@code Y} in the
     *     new image; false for a deletion
     * @param secretChanged whether the change gave the client another secret: its {@code SECRETHASH}
     *     differs between the old and the new image (connections opened with the old one must go)
     */
    public record ClientChanged(String sequenceNumber, String clientId, boolean active, boolean secretChanged)
            implements Result {
        public ClientChanged {
            Objects.requireNonNull(sequenceNumber, "sequenceNumber");
            Objects.requireNonNull(clientId, "clientId");
        }
    }

    /** A well-formed record that is not an odds change (the reason says what it was). */
    public record Ignored(String sequenceNumber, String reason) implements Result {
        public Ignored {
            Objects.requireNonNull(sequenceNumber, "sequenceNumber");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A record that is not what Kinesis Data Streams for DynamoDB writes, or breaks the item layout. */
    public record Malformed(String sequenceNumber, String reason) implements Result {
        public Malformed {
            Objects.requireNonNull(sequenceNumber, "sequenceNumber");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Decodes a record's data as a Lambda event hands it over; the buffer's position is not moved. */
    public Result decode(String sequenceNumber, ByteBuffer data) {
        ByteBuffer view = data.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return decode(sequenceNumber, bytes);
    }

    public Result decode(String sequenceNumber, byte[] data) {
        Objects.requireNonNull(sequenceNumber, "sequenceNumber");
        Objects.requireNonNull(data, "data");
        try {
            return decodeOrThrow(sequenceNumber, data);
        } catch (MalformedRecordException e) {
            return new Malformed(sequenceNumber, e.getMessage());
        } catch (AttributeJson.MalformedAttributeException e) {
            return new Malformed(sequenceNumber, e.getMessage());
        }
    }

    private Result decodeOrThrow(String sequenceNumber, byte[] data)
            throws MalformedRecordException, AttributeJson.MalformedAttributeException {
        JsonNode root = parse(data);
        String tableName = requiredText(root, "tableName");
        String eventName = requiredText(root, "eventName");
        if (!eventName.equals("INSERT") && !eventName.equals("MODIFY") && !eventName.equals("REMOVE")) {
            throw new MalformedRecordException(
                    "eventName must be INSERT, MODIFY or REMOVE, was " + AttributeJson.quote(eventName));
        }
        JsonNode dynamodb = root.get("dynamodb");
        if (dynamodb == null || !dynamodb.isObject()) {
            throw new MalformedRecordException("dynamodb must be an object, was " + AttributeJson.describe(dynamodb));
        }
        Map<String, AttributeValue> keys = AttributeJson.readItem(dynamodb.get("Keys"), "dynamodb.Keys");
        String pk = keyText(keys, "PK");
        String sk = keyText(keys, "SK");
        String item = pk + " / " + sk;

        if (!tableName.equals(table)) {
            return new Ignored(
                    sequenceNumber,
                    "a change of table " + AttributeJson.quote(tableName) + ", not " + AttributeJson.quote(table));
        }
        if (sk.startsWith(CLIENT_PREFIX)) {
            if (eventName.equals("REMOVE")) {
                return new ClientChanged(sequenceNumber, pk, false, false);
            }
            ItemReader image = new ItemReader(
                    AttributeJson.readItem(dynamodb.get("NewImage"), "dynamodb.NewImage"), "dynamodb.NewImage");
            String active = image.optionalText(Layout.ACTIVE);
            boolean secretChanged = false;
            if (dynamodb.get("OldImage") != null) {
                ItemReader old = new ItemReader(
                        AttributeJson.readItem(dynamodb.get("OldImage"), "dynamodb.OldImage"), "dynamodb.OldImage");
                secretChanged = !Objects.equals(
                        old.optionalText(DynamoDbClientRegistry.SECRETHASH),
                        image.optionalText(DynamoDbClientRegistry.SECRETHASH));
            }
            return new ClientChanged(sequenceNumber, pk, Layout.YES.equals(active), secretChanged);
        }
        if (eventName.equals("REMOVE")) {
            return new Ignored(sequenceNumber, (isTtlDeletion(root) ? "a TTL deletion of " : "a deletion of ") + item);
        }
        if (!sk.startsWith(ODDS_PREFIX)) {
            return new Ignored(sequenceNumber, "not an odds history item: " + item);
        }

        Instant approximateCreation = approximateCreation(dynamodb);
        Map<String, AttributeValue> image = AttributeJson.readItem(dynamodb.get("NewImage"), "dynamodb.NewImage");
        ItemReader fields = new ItemReader(image, "dynamodb.NewImage");
        long seq = fields.whole("SEQ");
        long created = fields.whole("CREATED");
        try {
            OddsUpdate update = new OddsUpdate(
                    pk,
                    fields.text("MARKET"),
                    fields.decimal("HOME"),
                    fields.decimal("AWAY"),
                    fields.decimal("HOMEODDS"),
                    fields.decimal("AWAYODDS"),
                    fields.whole("DATE"),
                    fields.optionalBool("ISOPEN", true),
                    fields.optionalText("SUMMARY"),
                    fields.optionalText(Layout.GAMESTART),
                    fields.optionalText("PROVIDERID"));
            CapturedChange change = new CapturedChange(seq, Instant.ofEpochMilli(created), update);
            return new Decoded(sequenceNumber, change, approximateCreation);
        } catch (InvalidInputException | IllegalArgumentException | java.time.DateTimeException e) {
            throw new MalformedRecordException(
                    "the odds history item " + item + " is not a valid change: " + e.getMessage());
        }
    }

    private static JsonNode parse(byte[] data) throws MalformedRecordException {
        JsonNode root;
        try {
            root = JSON.readTree(data);
        } catch (JacksonException e) {
            throw new MalformedRecordException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedRecordException("not readable as JSON: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new MalformedRecordException("empty data: expected a JSON object");
        }
        if (!root.isObject()) {
            throw new MalformedRecordException("expected a JSON object, was " + AttributeJson.describe(root));
        }
        return root;
    }

    private static boolean isTtlDeletion(JsonNode root) {
        JsonNode identity = root.get("userIdentity");
        return identity != null
                && identity.isObject()
                && TTL_PRINCIPAL.equals(identity.path("principalId").textValue())
                && "Service".equals(identity.path("type").textValue());
    }

    /**
     * {@code ApproximateCreationDateTime} in the unit {@code ApproximateCreationDateTimePrecision}
     * names; without it, milliseconds (the unit before the precision was added).
     */
    private static Instant approximateCreation(JsonNode dynamodb) throws MalformedRecordException {
        JsonNode value = dynamodb.get("ApproximateCreationDateTime");
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() <= 0) {
            throw new MalformedRecordException(
                    "dynamodb.ApproximateCreationDateTime must be a positive whole number, was "
                            + AttributeJson.describe(value));
        }
        JsonNode precision = dynamodb.get("ApproximateCreationDateTimePrecision");
        String unit = precision == null || precision.isNull() ? "MILLISECOND" : precision.asText();
        try {
            return switch (unit) {
                case "MILLISECOND" -> Instant.ofEpochMilli(value.longValue());
                case "MICROSECOND" -> Instant.EPOCH.plus(value.longValue(), ChronoUnit.MICROS);
                default ->
                    throw new MalformedRecordException(
                            "dynamodb.ApproximateCreationDateTimePrecision must be MILLISECOND or MICROSECOND, was "
                                    + AttributeJson.describe(precision));
            };
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw new MalformedRecordException("dynamodb.ApproximateCreationDateTime is out of range: " + value);
        }
    }

    private static String requiredText(JsonNode root, String field) throws MalformedRecordException {
        JsonNode value = root.get(field);
        if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
            throw new MalformedRecordException(
                    field + " must be a non-empty string, was " + AttributeJson.describe(value));
        }
        return value.textValue();
    }

    private static String keyText(Map<String, AttributeValue> keys, String name) throws MalformedRecordException {
        AttributeValue value = keys.get(name);
        if (value == null) {
            throw new MalformedRecordException("dynamodb.Keys." + name + " is missing");
        }
        if (value.type() != AttributeValue.Type.S) {
            throw new MalformedRecordException("dynamodb.Keys." + name + " must be a string (S), was " + value.type());
        }
        return value.s();
    }

    /** Reads the attributes of an image, naming the attribute and what was found when one is wrong. */
    private record ItemReader(Map<String, AttributeValue> image, String path) {

        private AttributeValue required(String name) throws MalformedRecordException {
            AttributeValue value = image.get(name);
            if (value == null) {
                throw new MalformedRecordException(path + "." + name + " is missing");
            }
            return value;
        }

        private AttributeValue typed(AttributeValue value, String name, AttributeValue.Type type, String what)
                throws MalformedRecordException {
            if (value.type() != type) {
                throw new MalformedRecordException(
                        path + "." + name + " must be " + what + " (" + type + "), was " + value.type());
            }
            return value;
        }

        String text(String name) throws MalformedRecordException {
            return typed(required(name), name, AttributeValue.Type.S, "a string")
                    .s();
        }

        /** Absent and NULL are both no value. */
        String optionalText(String name) throws MalformedRecordException {
            AttributeValue value = image.get(name);
            if (value == null || value.type() == AttributeValue.Type.NUL) {
                return null;
            }
            return typed(value, name, AttributeValue.Type.S, "a string").s();
        }

        boolean optionalBool(String name, boolean absent) throws MalformedRecordException {
            AttributeValue value = image.get(name);
            if (value == null || value.type() == AttributeValue.Type.NUL) {
                return absent;
            }
            return typed(value, name, AttributeValue.Type.BOOL, "true or false").bool();
        }

        double decimal(String name) throws MalformedRecordException {
            return new BigDecimal(typed(required(name), name, AttributeValue.Type.N, "a number")
                            .n())
                    .doubleValue();
        }

        long whole(String name) throws MalformedRecordException {
            String number = typed(required(name), name, AttributeValue.Type.N, "a number")
                    .n();
            try {
                return new BigDecimal(number).longValueExact();
            } catch (ArithmeticException e) {
                throw new MalformedRecordException(path + "." + name + " must be a whole number, was " + number);
            }
        }
    }

    /** Why a record is malformed; becomes a {@link Malformed} result, never leaves the decoder. */
    private static final class MalformedRecordException extends Exception {
        MalformedRecordException(String message) {
            super(message, null, false, false);
        }
    }
}
