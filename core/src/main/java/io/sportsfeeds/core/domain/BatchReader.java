package io.sportsfeeds.core.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a batch ({@code {"odds": [...]}}, {@code {"games": [...]}}) out of a decoded document:
 * every item is checked before any is returned, so a batch with one bad item yields nothing.
 */
public final class BatchReader {

    /** Reads one item of a batch; see {@link OddsUpdate#read}. */
    @FunctionalInterface
    public interface ItemReader<T> {
        T read(Map<String, ?> fields, String prefix, List<FieldError> errors);
    }

    private BatchReader() {}

    /**
     * @throws InvalidInputException naming every bad field when the batch is missing, empty, not a
     *     list of objects, or any item breaks a rule
     * @throws LimitExceededException when the batch holds more than {@code maxItems}
     */
    public static <T> List<T> read(Map<String, ?> document, String key, int maxItems, ItemReader<T> reader) {
        Object batch = document.get(key);
        if (batch == null) {
            throw InvalidInputException.of(key, "is required");
        }
        if (!(batch instanceof List<?> items) || items.isEmpty()) {
            throw InvalidInputException.of(key, Rules.mustBe(Rules.NON_EMPTY_ARRAY, Rules.describe(batch)));
        }
        if (items.size() > maxItems) {
            throw new LimitExceededException(key, maxItems, items.size());
        }
        List<FieldError> errors = new ArrayList<>();
        List<T> read = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String path = key + "[" + i + "]";
            if (items.get(i) instanceof Map<?, ?> fields) {
                @SuppressWarnings("unchecked")
                Map<String, ?> typed = (Map<String, ?>) fields;
                read.add(reader.read(typed, path + ".", errors));
            } else {
                errors.add(new FieldError(path, Rules.mustBe(Rules.OBJECT, Rules.describe(items.get(i)))));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return read;
    }
}
