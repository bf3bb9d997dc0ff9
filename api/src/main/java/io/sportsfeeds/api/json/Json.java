package io.sportsfeeds.api.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.FieldError;
import io.sportsfeeds.core.domain.InvalidInputException;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.domain.Rules;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The JSON reading and writing that the HTTP routes and the WebSocket session logic share: one
 * configured mapper, the odds shape of the seed, whole numbers without a fraction. Not an entry
 * point of its own; public only because both packages of this module use it.
 */
public final class Json {
    /**
     * NaN and Infinity are let through so that core's validation names the field that holds them
     * (a parse error could only say "body"); trailing garbage after the document is malformed.
     */
    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(Json.MAX_DEPTH)
                            .build())
                    .build())
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // A key given twice is refused: which of the two a reader keeps is anyone's guess.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /**
     * How deep a document may nest. Every message of the protocol nests at most 4 deep; the limit
     * keeps recursive readers (and whoever prints a value) far from the stack's end.
     */
    public static final int MAX_DEPTH = 32;

    private static final String JSON_OBJECT = "a JSON object";

    /** Largest magnitude below which every whole double is exactly a long (2^53). */
    private static final double EXACT_WHOLE_LIMIT = 9_007_199_254_740_992d;

    /** Writes one JSON document to a generator. */
    @FunctionalInterface
    public interface Writer {
        void write(JsonGenerator generator) throws IOException;
    }

    private Json() {}

    /**
     * Decodes a JSON object into maps, lists, strings, numbers (Integer, Long or BigInteger for whole
     * numbers, Double otherwise) and booleans, as core's readers expect.
     *
     * @param field how the caller names the document in an error ({@code body}, {@code message})
     * @throws InvalidInputException naming {@code field} when the text is not one JSON object
     */
    public static Map<String, Object> readObject(byte[] json, String field) {
        requireUtf8(json, field);
        Object value;
        try {
            value = MAPPER.readValue(json, Object.class);
        } catch (StreamConstraintsException tooDeepOrTooLong) {
            throw refusal(tooDeepOrTooLong, field);
        } catch (StreamReadException malformed) {
            if (isDuplicate(malformed)) {
                throw InvalidInputException.of(path(malformed), "must appear once, was given twice" + where(malformed));
            }
            throw InvalidInputException.of(field, Rules.mustBe(JSON_OBJECT, "malformed JSON" + where(malformed)));
        } catch (JsonProcessingException malformed) {
            throw InvalidInputException.of(field, Rules.mustBe(JSON_OBJECT, "malformed JSON" + where(malformed)));
        } catch (IOException unreadable) {
            // Reading from a byte array does no I/O; anything else here is a decoding failure.
            throw InvalidInputException.of(field, Rules.mustBe(JSON_OBJECT, "unreadable: " + unreadable.getMessage()));
        }
        if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) map;
            return object;
        }
        throw InvalidInputException.of(field, Rules.mustBe(JSON_OBJECT, Rules.describe(value)));
    }

    /** Writes a document as UTF-8 bytes. */
    public static byte[] bytes(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = MAPPER.getFactory().createGenerator(out)) {
            writer.write(generator);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory failed", e);
        }
        return out.toByteArray();
    }

    /** Writes a document as text. */
    public static String text(Writer writer) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator generator = MAPPER.getFactory().createGenerator(out)) {
            writer.write(generator);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory failed", e);
        }
        return out.toString();
    }

    /** Writes a number, whole ones without a fraction ({@code -110}, not {@code -110.0}), as the seed's payloads do. */
    public static void writeNumber(JsonGenerator generator, double value) throws IOException {
        if (value == Math.rint(value) && Math.abs(value) < EXACT_WHOLE_LIMIT) {
            generator.writeNumber((long) value);
        } else {
            generator.writeNumber(value);
        }
    }

    public static void writeNumberField(JsonGenerator generator, String name, double value) throws IOException {
        generator.writeFieldName(name);
        writeNumber(generator, value);
    }

    /** {@code "odds":[...]}, one object of {@link #writeOddsFields} per change, in order. */
    public static void writeOddsArray(JsonGenerator generator, List<CapturedChange> changes) throws IOException {
        generator.writeArrayFieldStart("odds");
        for (CapturedChange change : changes) {
            generator.writeStartObject();
            writeOddsFields(generator, change);
            generator.writeEndObject();
        }
        generator.writeEndArray();
    }

    /**
     * Writes the fields of a stored update in the order analysts see them: {@code seq, gameId,
     * market, home, away, homeOdds, awayOdds, date, isOpen, storedAt}, then {@code summary} and
     * {@code gameDate} when the provider sent them. {@code date} is echoed as the provider sent it.
     */
    public static void writeOddsFields(JsonGenerator generator, CapturedChange change) throws IOException {
        OddsUpdate update = change.update();
        generator.writeNumberField("seq", change.seq());
        generator.writeStringField("gameId", update.gameId());
        generator.writeStringField("market", update.market());
        writeNumberField(generator, "home", update.home());
        writeNumberField(generator, "away", update.away());
        writeNumberField(generator, "homeOdds", update.homeOdds());
        writeNumberField(generator, "awayOdds", update.awayOdds());
        generator.writeNumberField("date", update.date());
        generator.writeBooleanField("isOpen", update.isOpen());
        generator.writeNumberField("storedAt", change.storedAt().toEpochMilli());
        if (update.summary() != null) {
            generator.writeStringField("summary", update.summary());
        }
        if (update.gameDate() != null) {
            generator.writeStringField("gameDate", update.gameDate());
        }
    }

    /**
     * Writes {@code "fields":[{"field":"odds[0].home","message":"odds[0].home must be ..."}]} when
     * there are any, as error bodies and error frames name the fields to blame.
     */
    public static void writeFieldErrors(JsonGenerator generator, List<FieldError> errors) throws IOException {
        if (errors.isEmpty()) {
            return;
        }
        generator.writeArrayFieldStart("fields");
        for (FieldError error : errors) {
            generator.writeStartObject();
            generator.writeStringField("field", error.field());
            generator.writeStringField("message", error.message());
            generator.writeEndObject();
        }
        generator.writeEndArray();
    }

    /** Writes a string field only when the value is present. */
    public static void writeOptionalString(JsonGenerator generator, String name, String value) throws IOException {
        if (value != null) {
            generator.writeStringField(name, value);
        }
    }

    /**
     * Jackson reads some invalid UTF-8 (a surrogate encoded in three bytes, an overlong form) as
     * if it were valid; the JDK's decoder reports every one. Bodies are at most a few MiB.
     */
    private static void requireUtf8(byte[] json, String field) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(json);
        CoderResult result = decoder.decode(in, CharBuffer.allocate(json.length), true);
        if (result.isError()) {
            throw InvalidInputException.of(
                    field, Rules.mustBe("UTF-8", "an invalid byte sequence at byte " + in.position()));
        }
    }

    private static InvalidInputException refusal(StreamConstraintsException e, String field) {
        String message = e.getOriginalMessage();
        if (message.contains("nesting depth")) {
            return InvalidInputException.of(
                    field, Rules.mustBe("a JSON object nested at most " + MAX_DEPTH + " deep", "deeper"));
        }
        // A number, a string or a name longer than a reader should take. Jackson raises this outside
        // the parser, so where it stood (and the field to blame) is not known.
        return InvalidInputException.of(
                field, Rules.mustBe("within the reader's limits", message.replaceAll(", from `[^`]*`", "")));
    }

    private static boolean isDuplicate(StreamReadException e) {
        return e.getOriginalMessage() != null
                && e.getOriginalMessage().startsWith("Duplicate ")
                && e.getProcessor() instanceof JsonParser;
    }

    /** Where a parser stood, as core names fields: {@code odds[0].gameId}; empty at the top. */
    private static String path(JsonProcessingException e) {
        if (!(e instanceof StreamReadException read) || !(read.getProcessor() instanceof JsonParser parser)) {
            return "";
        }
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext context = parser.getParsingContext();
                context != null && !context.inRoot();
                context = context.getParent()) {
            if (context.inArray()) {
                parts.push("[" + Math.max(0, context.getCurrentIndex()) + "]");
            } else if (context.getCurrentName() != null) {
                parts.push("." + context.getCurrentName());
            }
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }

    private static String where(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        if (location == null || location.getLineNr() < 1) {
            return e instanceof JsonParseException ? "" : " (" + e.getOriginalMessage() + ")";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
