package io.sportsfeeds.api.ws;

import io.sportsfeeds.core.domain.FieldError;
import io.sportsfeeds.core.domain.InvalidInputException;
import io.sportsfeeds.core.domain.Rules;
import io.sportsfeeds.core.usecase.ManageSubscriptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Reads the client's {@code subscribe} and {@code unsubscribe} messages:
 *
 * <pre>
 * {"action":"subscribe","games":["g1","g2"],"markets":["spread"],"resume":{"epoch":"..","seqs":{"g1":17}}}
 * {"action":"unsubscribe","games":["g1"]}
 * </pre>
 *
 * {@code markets} and {@code resume} are optional. Every broken rule is named by its field.
 */
final class SubscriptionMessages {
    private SubscriptionMessages() {}

    static ManageSubscriptions.Request subscribe(Map<String, Object> message) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> games = strings(message, "games", true, Rules::requireId, errors);
        Set<String> markets = strings(message, "markets", false, Rules::requireMarket, errors);
        Map<String, Long> seqs = new LinkedHashMap<>();
        String epoch = null;
        Object resume = message.get("resume");
        if (resume != null) {
            if (!(resume instanceof Map<?, ?> fields)) {
                errors.add(new FieldError("resume", Rules.mustBe("an object", Rules.describe(resume))));
            } else {
                Object epochValue = fields.get("epoch");
                if (epochValue instanceof String text && !text.isBlank()) {
                    epoch = text;
                } else {
                    errors.add(new FieldError(
                            "resume.epoch",
                            epochValue == null
                                    ? "is required"
                                    : Rules.mustBe(
                                            "the epoch of an earlier subscribed frame, a non-empty string",
                                            Rules.describe(epochValue))));
                }
                Object seqsValue = fields.get("seqs");
                if (!(seqsValue instanceof Map<?, ?> bySeq)) {
                    errors.add(new FieldError(
                            "resume.seqs",
                            seqsValue == null ? "is required" : Rules.mustBe("an object", Rules.describe(seqsValue))));
                } else {
                    bySeq.forEach((game, seq) -> {
                        if (seq instanceof Integer || seq instanceof Long) {
                            seqs.put(String.valueOf(game), ((Number) seq).longValue());
                        } else {
                            errors.add(new FieldError(
                                    "resume.seqs." + game, Rules.mustBe("a whole number", Rules.describe(seq))));
                        }
                    });
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new ManageSubscriptions.Request(games, markets, seqs, epoch);
    }

    static Set<String> unsubscribe(Map<String, Object> message) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> games = strings(message, "games", true, Rules::requireId, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return games;
    }

    /**
     * The array of strings {@code field}, each checked by {@code rule} under its own name ({@code
     * games[2]}), which the use case, given a set, could not say.
     */
    private static Set<String> strings(
            Map<String, Object> message,
            String field,
            boolean required,
            BiConsumer<String, String> rule,
            List<FieldError> errors) {
        Object value = message.get(field);
        if (value == null) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return Set.of();
        }
        if (!(value instanceof List<?> list)) {
            errors.add(new FieldError(field, Rules.mustBe("an array of strings", Rules.describe(value))));
            return Set.of();
        }
        Set<String> strings = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof String text) {
                try {
                    rule.accept(field + "[" + i + "]", text);
                    strings.add(text);
                } catch (InvalidInputException broken) {
                    errors.addAll(broken.errors());
                }
            } else {
                errors.add(
                        new FieldError(field + "[" + i + "]", Rules.mustBe("a string", Rules.describe(list.get(i)))));
            }
        }
        return strings;
    }
}
