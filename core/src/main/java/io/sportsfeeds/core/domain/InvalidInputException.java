package io.sportsfeeds.core.domain;

import java.util.List;
import java.util.stream.Collectors;

/** An input broke one or more rules; nothing was stored. Carries every broken rule, not just the first. */
public final class InvalidInputException extends RuntimeException {
    private final List<FieldError> errors;

    public InvalidInputException(List<FieldError> errors) {
        super(errors.stream().map(FieldError::message).collect(Collectors.joining("; ")));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an InvalidInputException needs at least one field error");
        }
        this.errors = List.copyOf(errors);
    }

    public static InvalidInputException of(String field, String problem) {
        return new InvalidInputException(List.of(new FieldError(field, problem)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
