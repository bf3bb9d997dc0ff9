package io.sportsfeeds.core.domain;

import java.util.Objects;

/** A connection that receives a game, and what of it: as the connection store answers it to the publisher. */
public record Receiver(String connectionId, Subscription subscription) {
    public Receiver {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(subscription, "subscription");
    }

    /** A receiver of every change of the game. */
    public static Receiver ofEverything(String connectionId) {
        return new Receiver(connectionId, Subscription.EVERYTHING);
    }
}
