package io.sportsfeeds.core.domain;

import java.util.Objects;

/**
 * One invalid field of an input, named by its path in the request ({@code odds[3].homeOdds}).
 *
 * @param field the path of the field, as the caller wrote it
 * @param problem what was expected and what was found ({@code must be a finite number, was NaN})
 */
public record FieldError(String field, String problem) {
    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(problem, "problem");
    }

    /** The whole sentence: {@code odds[3].homeOdds must be a finite number, was NaN}. */
    public String message() {
        return field + " " + problem;
    }
}
