package io.sportsfeeds.adapters.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB's JSON form of attribute values ({@code {"N":"17"}}, {@code {"M":{...}}}), as change
 * records carry them, to and from the SDK's {@link AttributeValue}. Jackson reads and writes the
 * JSON; the SDK's own JSON internals are not used. Every type is handled: S, N, B, BOOL, NULL, M,
 * L, SS, NS, BS. Reading is strict: a value that is not what DynamoDB writes is refused with its
 * path, so a broken record is reported, never half read.
 */
final class AttributeJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AttributeJson() {}

    /** A value that is not DynamoDB JSON; the message names where. */
    static final class MalformedAttributeException extends Exception {
        MalformedAttributeException(String message) {
            super(message, null, false, false);
        }
    }

    /** Reads an item image ({@code Keys}, {@code NewImage}, {@code OldImage}); {@code path} names it in errors. */
    static Map<String, AttributeValue> readItem(JsonNode node, String path) throws MalformedAttributeException {
        if (node == null || !node.isObject()) {
            throw new MalformedAttributeException(path + " must be an object of attributes, was " + describe(node));
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> attribute : node.properties()) {
            item.put(attribute.getKey(), read(attribute.getValue(), path + "." + attribute.getKey()));
        }
        return item;
    }

    static AttributeValue read(JsonNode node, String path) throws MalformedAttributeException {
        if (node == null || !node.isObject() || node.size() != 1) {
            throw new MalformedAttributeException(
                    path + " must be an object with exactly one type (S, N, B, BOOL, NULL, M, L, SS, NS, BS), was "
                            + describe(node));
        }
        Map.Entry<String, JsonNode> typed = node.properties().iterator().next();
        String type = typed.getKey();
        JsonNode value = typed.getValue();
        String at = path + "." + type;
        return switch (type) {
            case "S" -> AttributeValue.fromS(text(value, at));
            case "N" -> AttributeValue.fromN(number(value, at));
            case "B" -> AttributeValue.fromB(binary(value, at));
            case "BOOL" -> {
                if (!value.isBoolean()) {
                    throw new MalformedAttributeException(at + " must be true or false, was " + describe(value));
                }
                yield AttributeValue.fromBool(value.booleanValue());
            }
            case "NULL" -> {
                if (!value.isBoolean() || !value.booleanValue()) {
                    throw new MalformedAttributeException(at + " must be true, was " + describe(value));
                }
                yield AttributeValue.fromNul(true);
            }
            case "M" -> AttributeValue.fromM(readItem(value, at));
            case "L" -> {
                List<AttributeValue> list = new ArrayList<>();
                for (int i = 0; i < array(value, at).size(); i++) {
                    list.add(read(value.get(i), at + "[" + i + "]"));
                }
                yield AttributeValue.fromL(list);
            }
            case "SS" -> {
                List<String> set = new ArrayList<>();
                for (int i = 0; i < array(value, at).size(); i++) {
                    set.add(text(value.get(i), at + "[" + i + "]"));
                }
                yield AttributeValue.fromSs(set);
            }
            case "NS" -> {
                List<String> set = new ArrayList<>();
                for (int i = 0; i < array(value, at).size(); i++) {
                    set.add(number(value.get(i), at + "[" + i + "]"));
                }
                yield AttributeValue.fromNs(set);
            }
            case "BS" -> {
                List<SdkBytes> set = new ArrayList<>();
                for (int i = 0; i < array(value, at).size(); i++) {
                    set.add(binary(value.get(i), at + "[" + i + "]"));
                }
                yield AttributeValue.fromBs(set);
            }
            default ->
                throw new MalformedAttributeException(path + " has the unknown type " + quote(type)
                        + " (expected S, N, B, BOOL, NULL, M, L, SS, NS or BS)");
        };
    }

    static ObjectNode writeItem(Map<String, AttributeValue> item) {
        ObjectNode node = NODES.objectNode();
        item.forEach((name, value) -> node.set(name, write(value)));
        return node;
    }

    static ObjectNode write(AttributeValue value) {
        ObjectNode node = NODES.objectNode();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case B -> node.put("B", Base64.getEncoder().encodeToString(value.b().asByteArrayUnsafe()));
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            case M -> node.set("M", writeItem(value.m()));
            case L -> {
                ArrayNode list = node.putArray("L");
                value.l().forEach(element -> list.add(write(element)));
            }
            case SS -> {
                ArrayNode set = node.putArray("SS");
                value.ss().forEach(set::add);
            }
            case NS -> {
                ArrayNode set = node.putArray("NS");
                value.ns().forEach(set::add);
            }
            case BS -> {
                ArrayNode set = node.putArray("BS");
                value.bs().forEach(bytes -> set.add(Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe())));
            }
            case UNKNOWN_TO_SDK_VERSION ->
                throw new IllegalArgumentException("an attribute value of a type this SDK does not know: " + value);
        }
        return node;
    }

    private static String text(JsonNode value, String at) throws MalformedAttributeException {
        if (!value.isTextual()) {
            throw new MalformedAttributeException(at + " must be a string, was " + describe(value));
        }
        return value.textValue();
    }

    /** DynamoDB JSON carries numbers as strings, so no precision is lost on the way. */
    private static String number(JsonNode value, String at) throws MalformedAttributeException {
        String text = text(value, at);
        try {
            new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new MalformedAttributeException(at + " must be a number in a string, was " + quote(text));
        }
        return text;
    }

    private static SdkBytes binary(JsonNode value, String at) throws MalformedAttributeException {
        String text = text(value, at);
        try {
            return SdkBytes.fromByteArrayUnsafe(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            throw new MalformedAttributeException(at + " must be base64, was " + quote(text));
        }
    }

    private static JsonNode array(JsonNode value, String at) throws MalformedAttributeException {
        if (!value.isArray()) {
            throw new MalformedAttributeException(at + " must be an array, was " + describe(value));
        }
        return value;
    }

    /** A short description of a JSON value for an error message: its type, and its text when short. */
    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        String text = node.toString();
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " "
                + (text.length() > 60 ? text.substring(0, 60) + "..." : text);
    }

    static String quote(String text) {
        return "\"" + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + "\"";
    }
}
