package io.sportsfeeds.core.domain;

/**
 * A store could not do what was asked (disk full, I/O error, throttled, unreachable). Adapters
 * translate their own exceptions into this one; nothing that raised it was acknowledged.
 */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreUnavailableException(String message) {
        super(message);
    }
}
