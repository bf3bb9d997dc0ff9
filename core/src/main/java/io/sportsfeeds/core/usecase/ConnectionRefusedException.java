package io.sportsfeeds.core.usecase;

/** A connection was refused at the handshake; {@link #reason()} says why in a stable code. */
public final class ConnectionRefusedException extends RuntimeException {

    /** Why a connection was refused. */
    public enum Reason {
        MISSING_CLIENT,
        UNKNOWN_CLIENT,
        INACTIVE_CLIENT,
        /** The client holds as many connections as it may. */
        TOO_MANY_CONNECTIONS
    }

    private final Reason reason;

    public ConnectionRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
