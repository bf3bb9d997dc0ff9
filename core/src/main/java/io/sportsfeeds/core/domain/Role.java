package io.sportsfeeds.core.domain;

/** What a caller may do, by how it authenticated. */
public enum Role {
    /** A data provider's API key: posts odds, reads them. */
    PROVIDER("a provider key"),
    /** An admin key: registers and lists games and clients, reads odds. */
    ADMIN("an admin key"),
    /** An analysts' client, by its id and secret: connects to the stream, reads odds and games. */
    ANALYST("a client's id and secret");

    private final String credential;

    Role(String credential) {
        this.credential = credential;
    }

    /** The credential that gives this role, as messages name it ({@code an admin key}). */
    public String credential() {
        return credential;
    }
}
