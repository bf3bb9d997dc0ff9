package io.sportsfeeds.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * {@link ChangeRecordDecoder#decode} fed with the reference record mutated node by node (a value
 * replaced by another of any type, a field removed) and byte by byte: every record decodes to
 * Decoded, Ignored or Malformed, and none throws.
 */
class ChangeRecordDecoderFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode REFERENCE = read(Reference.bytes("kinesis-dynamodb-change-record.json"));
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ChangeRecordDecoder decoder = new ChangeRecordDecoder("sportsfeeds");

    @Property(tries = 10_000)
    void answersDecodedIgnoredOrMalformed_neverThrowing(@ForAll("records") byte[] data) {
        ChangeRecordDecoder.Result result = decoder.decode("seq-1", data);

        assertThat(result).isNotNull();
        assertThat(result.sequenceNumber()).isEqualTo("seq-1");
        Statistics.collect(result.getClass().getSimpleName());
        Statistics.coverage(checker -> {
            checker.check("Decoded").percentage(p -> p >= 2);
            checker.check("Malformed").percentage(p -> p >= 2);
        });
    }

    /** A node of the record: {@code path} indexes into its objects' fields and its arrays' items, each modulo their count. */
    record Edit(List<Integer> path, JsonNode replacement) {}

    @Provide
    Arbitrary<byte[]> records() {
        Arbitrary<JsonNode> replacement = Arbitraries.oneOf(
                Arbitraries.of(
                        NODES.nullNode(),
                        NODES.booleanNode(true),
                        NODES.textNode(""),
                        NODES.textNode("x"),
                        NODES.textNode("1e400"),
                        NODES.textNode("-9223372036854775809"),
                        NODES.textNode("NaN"),
                        NODES.objectNode(),
                        NODES.arrayNode(),
                        NODES.numberNode(Long.MAX_VALUE),
                        NODES.numberNode(-1),
                        NODES.numberNode(1e300),
                        NODES.numberNode(new java.math.BigInteger("1" + "0".repeat(40)))),
                Arbitraries.strings().ofMaxLength(20).map(NODES::textNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.of("S", "N", "BOOL", "NULL", "M", "L", "B", "SS")
                        .map(type -> NODES.objectNode().put(type, "1")));
        Arbitrary<Edit> edit = Combinators.combine(
                        Arbitraries.integers()
                                .between(0, 30)
                                .list()
                                .ofMinSize(1)
                                .ofMaxSize(6),
                        replacement)
                .as(Edit::new);
        Arbitrary<byte[]> edited = edit.list().ofMinSize(1).ofMaxSize(3).map(edits -> {
            JsonNode root = REFERENCE.deepCopy();
            edits.forEach(e -> apply(root, e));
            return write(root);
        });
        Arbitrary<byte[]> cut = Arbitraries.integers()
                .between(0, write(REFERENCE).length)
                .map(length -> java.util.Arrays.copyOf(write(REFERENCE), length));
        Arbitrary<byte[]> flipped = Combinators.combine(
                        Arbitraries.integers().between(0, write(REFERENCE).length - 1), Arbitraries.bytes())
                .as((at, value) -> {
                    byte[] bytes = write(REFERENCE);
                    bytes[at] = value;
                    return bytes;
                });
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(write(REFERENCE))),
                Tuple.of(12, edited),
                Tuple.of(2, cut),
                Tuple.of(2, flipped),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(64)));
    }

    /** Walks {@code path} and replaces the node it ends on, or removes it when the replacement is JSON null half the time. */
    private static void apply(JsonNode root, Edit edit) {
        JsonNode parent = null;
        Object key = null;
        JsonNode node = root;
        for (int step : edit.path()) {
            if (node instanceof ObjectNode object && !object.isEmpty()) {
                List<String> names = new ArrayList<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                    names.add(it.next().getKey());
                }
                parent = node;
                key = names.get(step % names.size());
                node = object.get((String) key);
            } else if (node instanceof ArrayNode array && !array.isEmpty()) {
                parent = node;
                key = step % array.size();
                node = array.get((Integer) key);
            } else {
                break;
            }
        }
        if (parent instanceof ObjectNode object) {
            if (edit.replacement().isNull() && edit.path().size() % 2 == 0) {
                object.remove((String) key);
            } else {
                object.set((String) key, edit.replacement());
            }
        } else if (parent instanceof ArrayNode array) {
            array.set((Integer) key, edit.replacement());
        }
    }

    private static JsonNode read(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] write(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
