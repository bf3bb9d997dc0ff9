package io.sportsfeeds.api.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of JSON documents as a provider, an admin or a client might send them by mistake or
 * on purpose: valid objects whose fields are then replaced by wrong types, huge, negative or
 * NaN-like numbers, deep nesting, duplicated or unknown keys, and whose bytes are then cut, flipped
 * or made invalid UTF-8. Objects are kept as raw JSON text per field so that tokens a JSON library
 * would never write ({@code 1e400}, {@code NaN}, a key twice) can be sent.
 */
public final class HostileJson {
    private HostileJson() {}

    /** An object as its fields' names and raw JSON values, in order; a name may be repeated by a mutation. */
    public record RawObject(List<Map.Entry<String, String>> fields) {
        public String text() {
            StringBuilder out = new StringBuilder("{");
            for (int i = 0; i < fields.size(); i++) {
                out.append(i == 0 ? "" : ",")
                        .append(string(fields.get(i).getKey()))
                        .append(':')
                        .append(fields.get(i).getValue());
            }
            return out.append('}').toString();
        }
    }

    /** What may be done to one object: each applied in turn. */
    public sealed interface Mutation permits Replace, Remove, Duplicate, AddUnknown {}

    /** Replaces the value of the field at {@code index} (modulo the field count) by {@code value}. */
    public record Replace(int index, String value) implements Mutation {}

    public record Remove(int index) implements Mutation {}

    /** Repeats the field at {@code index} with another value, as a sloppy serializer might. */
    public record Duplicate(int index, String value) implements Mutation {}

    public record AddUnknown(String name, String value) implements Mutation {}

    /** What may be done to the bytes of a whole document. */
    public sealed interface ByteEdit permits Flip, Insert, Truncate {}

    public record Flip(int position, byte value) implements ByteEdit {}

    public record Insert(int position, byte[] bytes) implements ByteEdit {}

    public record Truncate(int length) implements ByteEdit {}

    public static RawObject apply(RawObject object, List<Mutation> mutations) {
        List<Map.Entry<String, String>> fields = new ArrayList<>(object.fields());
        for (Mutation mutation : mutations) {
            switch (mutation) {
                case Replace(int index, String value) -> {
                    if (!fields.isEmpty()) {
                        int at = index % fields.size();
                        fields.set(at, Map.entry(fields.get(at).getKey(), value));
                    }
                }
                case Remove(int index) -> {
                    if (!fields.isEmpty()) {
                        fields.remove(index % fields.size());
                    }
                }
                case Duplicate(int index, String value) -> {
                    if (!fields.isEmpty()) {
                        fields.add(Map.entry(fields.get(index % fields.size()).getKey(), value));
                    }
                }
                case AddUnknown(String name, String value) -> fields.add(Map.entry(name, value));
            }
        }
        return new RawObject(fields);
    }

    public static byte[] apply(byte[] document, List<ByteEdit> edits) {
        byte[] bytes = document;
        for (ByteEdit edit : edits) {
            switch (edit) {
                case Flip(int position, byte value) -> {
                    if (bytes.length > 0) {
                        bytes = bytes.clone();
                        bytes[position % bytes.length] = value;
                    }
                }
                case Insert(int position, byte[] inserted) -> {
                    int at = bytes.length == 0 ? 0 : position % (bytes.length + 1);
                    byte[] longer = new byte[bytes.length + inserted.length];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    System.arraycopy(inserted, 0, longer, at, inserted.length);
                    System.arraycopy(bytes, at, longer, at + inserted.length, bytes.length - at);
                    bytes = longer;
                }
                case Truncate(int length) -> {
                    byte[] shorter = new byte[Math.min(length, bytes.length)];
                    System.arraycopy(bytes, 0, shorter, 0, shorter.length);
                    bytes = shorter;
                }
            }
        }
        return bytes;
    }

    /** A JSON string literal of any text, escaped as JSON requires (lone surrogates included, as {@code \\uD800}). */
    public static String string(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Numbers that overflow, underflow or are not numbers at all, as raw tokens. */
    public static Arbitrary<String> hostileNumbers() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "1e400",
                        "-1e400",
                        "1e-400",
                        "1000000000000000000000000000000",
                        "-1000000000000000000000000000000",
                        "9223372036854775807",
                        "9223372036854775808",
                        "-9223372036854775809",
                        "2147483648",
                        "1.7976931348623157E308",
                        "4.9E-324",
                        "-0",
                        "-0.0",
                        "0.1",
                        "NaN",
                        "Infinity",
                        "-Infinity",
                        "+1",
                        "01",
                        "1.",
                        ".5",
                        "0x10",
                        "1e",
                        "-"),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.integers().between(1, 1200).map(digits -> "9".repeat(digits)));
    }

    /** Any text: control characters, lone surrogates, emoji, the empty string, long strings. */
    public static Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().alpha().numeric().withChars("-_ .").ofMaxLength(20),
                Arbitraries.of("", " ", "game-1", "spread", "moneyline", "total", "\u0000", "\uD800", "😀", "ü"),
                Arbitraries.integers().between(100, 5000).map("x"::repeat));
    }

    /** Nesting of arrays and objects, from a few levels to far more than any payload has. */
    public static Arbitrary<String> deepNesting() {
        return Combinators.combine(Arbitraries.integers().between(2, 5000), Arbitraries.of("[", "{\"a\":"))
                .as((depth, open) -> open.repeat(depth) + "1" + (open.equals("[") ? "]" : "}").repeat(depth));
    }

    /** Any JSON value a field might wrongly hold, some of them not JSON at all. */
    public static Arbitrary<String> hostileValues() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, hostileNumbers()),
                net.jqwik.api.Tuple.of(3, texts().map(HostileJson::string)),
                net.jqwik.api.Tuple.of(
                        2,
                        Arbitraries.of(
                                "null", "true", "false", "[]", "{}", "[1,2]", "{\"a\":1}", "\"\"", "'x'", "undefined")),
                net.jqwik.api.Tuple.of(1, deepNesting()));
    }

    public static Arbitrary<Mutation> mutations() {
        Arbitrary<Integer> index = Arbitraries.integers().between(0, 40);
        return Arbitraries.oneOf(
                Combinators.combine(index, hostileValues()).as(Replace::new),
                index.map(Remove::new),
                Combinators.combine(index, hostileValues()).as(Duplicate::new),
                Combinators.combine(texts(), hostileValues()).as(AddUnknown::new));
    }

    public static Arbitrary<ByteEdit> byteEdits() {
        Arbitrary<Integer> position = Arbitraries.integers().between(0, 100_000);
        Arbitrary<byte[]> invalidUtf8 = Arbitraries.of(
                new byte[] {(byte) 0xFF},
                new byte[] {(byte) 0xC0, (byte) 0x80}, // an overlong NUL
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a surrogate encoded in UTF-8
                new byte[] {(byte) 0xE2, (byte) 0x82}, // cut short
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // beyond U+10FFFF
                new byte[] {(byte) 0x80},
                new byte[] {0},
                "\"".getBytes(StandardCharsets.UTF_8),
                ",".getBytes(StandardCharsets.UTF_8),
                "}".getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(
                Combinators.combine(position, Arbitraries.bytes()).as(Flip::new),
                Combinators.combine(
                                position,
                                Arbitraries.oneOf(
                                        invalidUtf8,
                                        Arbitraries.bytes().array(byte[].class).ofMaxSize(8)))
                        .as(Insert::new),
                Arbitraries.integers().between(0, 2000).map(Truncate::new));
    }

    /** An object of the given fields, each with a value from its arbitrary, in this order. */
    public static Arbitrary<RawObject> object(Map<String, Arbitrary<String>> fields) {
        List<String> names = new ArrayList<>(fields.keySet());
        List<Arbitrary<String>> values = new ArrayList<>(fields.values());
        return Combinators.combine(values).as(generated -> {
            List<Map.Entry<String, String>> entries = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                entries.add(Map.entry(names.get(i), generated.get(i)));
            }
            return new RawObject(entries);
        });
    }

    /**
     * A document {@code {"<listName>":[..]}} of valid items, each perhaps mutated, the whole perhaps
     * edited byte by byte: a mix where about a third of the documents stay valid.
     */
    public static Arbitrary<byte[]> batches(String listName, Arbitrary<RawObject> validItem) {
        Arbitrary<RawObject> item = Combinators.combine(
                        validItem,
                        Arbitraries.frequencyOf(
                                net.jqwik.api.Tuple.of(1, Arbitraries.just(List.<Mutation>of())),
                                net.jqwik.api.Tuple.of(
                                        2, mutations().list().ofMinSize(1).ofMaxSize(3))))
                .as(HostileJson::apply);
        Arbitrary<String> document = item.list().ofMinSize(0).ofMaxSize(5).map(items -> {
            StringBuilder out = new StringBuilder("{" + string(listName) + ":[");
            for (int i = 0; i < items.size(); i++) {
                out.append(i == 0 ? "" : ",").append(items.get(i).text());
            }
            return out.append("]}").toString();
        });
        Arbitrary<byte[]> edited = Combinators.combine(
                        document.map(text -> text.getBytes(StandardCharsets.UTF_8)),
                        Arbitraries.frequencyOf(
                                net.jqwik.api.Tuple.of(3, Arbitraries.just(List.<ByteEdit>of())),
                                net.jqwik.api.Tuple.of(
                                        1, byteEdits().list().ofMinSize(1).ofMaxSize(3))))
                .as(HostileJson::apply);
        Arbitrary<byte[]> other = Arbitraries.oneOf(
                hostileValues().map(value -> value.getBytes(StandardCharsets.UTF_8)),
                hostileValues()
                        .map(value -> ("{" + string(listName) + ":" + value + "}").getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, edited), net.jqwik.api.Tuple.of(1, other));
    }

    /** Fields in a fixed order, for {@link #object}. */
    public static Map<String, Arbitrary<String>> fields(Object... namesAndArbitraries) {
        Map<String, Arbitrary<String>> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndArbitraries.length; i += 2) {
            @SuppressWarnings("unchecked")
            Arbitrary<String> arbitrary = (Arbitrary<String>) namesAndArbitraries[i + 1];
            fields.put((String) namesAndArbitraries[i], arbitrary);
        }
        return fields;
    }
}
