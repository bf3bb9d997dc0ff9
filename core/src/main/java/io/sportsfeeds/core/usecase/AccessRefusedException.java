package io.sportsfeeds.core.usecase;

import io.sportsfeeds.core.domain.FieldError;
import java.util.Objects;
import java.util.Optional;

/**
 * A caller was not let in: it gave no credentials, wrong ones, or ones that do not allow what it
 * asked. {@link #reason()} says which in a stable code; the message and field never hold a key or
 * a secret.
 */
public final class AccessRefusedException extends RuntimeException {

    /** Why access was refused. */
    public enum Reason {
        /** No credentials, or only part of them (a client id without its secret). */
        MISSING_CREDENTIALS,
        /** The API key is none of the accepted keys. */
        INVALID_API_KEY,
        /** The client's secret is wrong, or the client has none set. */
        INVALID_SECRET,
        /** No client has that id. */
        UNKNOWN_CLIENT,
        /** The client is registered but not active. */
        INACTIVE_CLIENT,
        /** The caller is who it says, but its credentials do not allow this request. */
        FORBIDDEN
    }

    private final Reason reason;
    private final FieldError field;

    /** @param field the credential to blame, or null */
    public AccessRefusedException(Reason reason, String message, FieldError field) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.field = field;
    }

    public Reason reason() {
        return reason;
    }

    /** The credential to blame (the header or query parameter), when one is. */
    public Optional<FieldError> field() {
        return Optional.ofNullable(field);
    }
}
