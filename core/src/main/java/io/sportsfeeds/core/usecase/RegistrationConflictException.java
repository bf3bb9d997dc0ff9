package io.sportsfeeds.core.usecase;

import io.sportsfeeds.core.domain.FieldError;
import java.util.Objects;

/**
 * A client of a registration was changed by other writers each time it was read and merged again,
 * so it was not stored. The registration's other clients may have been stored.
 */
public final class RegistrationConflictException extends RuntimeException {
    private final FieldError field;
    private final String clientId;

    /**
     * @param field the client in the request ({@code clients[3]})
     * @param attempts how many times it was read, merged and written
     */
    public RegistrationConflictException(String field, String clientId, int attempts) {
        super(field + " (" + clientId + ") was not stored: another request changed it at the same time, " + attempts
                + " times in a row; the request's other clients were stored, send it again");
        this.field = new FieldError(
                Objects.requireNonNull(field, "field"),
                "was changed by another request at the same time, " + attempts + " times in a row");
        this.clientId = Objects.requireNonNull(clientId, "clientId");
    }

    /** The client in the request, as a field error: {@code clients[3] was changed by ...}. */
    public FieldError field() {
        return field;
    }

    public String clientId() {
        return clientId;
    }
}
