package io.sportsfeeds.core.usecase;

import io.sportsfeeds.core.domain.FieldError;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Clients of a registration that other writers changed each time they were read and merged again,
 * so they were not stored. The registration's other clients were stored, and the secrets made for
 * the new ones among them come with this failure: they are answered nowhere else, and sending the
 * request again would keep them stored without telling them.
 */
public final class RegistrationConflictException extends RuntimeException {
    private final List<FieldError> fields;
    private final Map<String, String> storedNewSecrets;

    /**
     * @param fields the clients not stored, as the request placed them ({@code clients[3]}), in
     *     request order
     * @param storedNewSecrets the secrets made for new clients that were stored, by client id
     * @param attempts how many times each was read, merged and written
     */
    public RegistrationConflictException(List<String> fields, Map<String, String> storedNewSecrets, int attempts) {
        super(String.join(", ", fields) + " not stored: other requests changed "
                + (fields.size() == 1 ? "it" : "them") + " at the same time, " + attempts
                + " times in a row; the request's other clients were stored"
                + (storedNewSecrets.isEmpty() ? "" : ", the secrets made for the new ones are in secrets")
                + "; send those named again");
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("a conflict names at least one client");
        }
        this.fields = fields.stream()
                .map(field -> new FieldError(
                        field, "was changed by another request at the same time, " + attempts + " times in a row"))
                .toList();
        this.storedNewSecrets = Collections.unmodifiableMap(new LinkedHashMap<>(storedNewSecrets));
    }

    /** The clients not stored, as field errors: {@code clients[3] was changed by ...}. */
    public List<FieldError> fields() {
        return fields;
    }

    /** The secrets made for the new clients that were stored, by client id: shown once, never stored. */
    public Map<String, String> storedNewSecrets() {
        return storedNewSecrets;
    }
}
