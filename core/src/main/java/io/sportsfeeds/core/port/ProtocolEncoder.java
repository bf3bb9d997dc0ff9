package io.sportsfeeds.core.port;

import io.sportsfeeds.core.domain.CapturedChange;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Turns the streaming protocol's messages into the text frames analysts receive (the wire format
 * lives outside the core, with {@link FrameEncoder}, which encodes the updates themselves).
 */
public interface ProtocolEncoder {

    /** How a subscribed game starts. */
    enum Start {
        /** A snapshot of the latest odds: the client asked for none of the game's history. */
        SNAPSHOT,
        /** The changes the client missed were sent, replayed from the store. */
        RESUMED,
        /** The client asked to resume, but the store no longer holds what it missed (or never did): a snapshot replaced it. */
        NOT_RECOVERED
    }

    /** One game of a subscription and where it starts: the client holds it up to {@code seq}. */
    record GameStart(String gameId, long seq, Start start) {}

    /** The latest odds of a game (filtered by the subscription's markets), up to {@code seq}. */
    String snapshot(String gameId, long seq, boolean recovered, List<CapturedChange> latest);

    /** Acknowledges a subscription once its snapshots and replays were sent. */
    String subscribed(String epoch, List<GameStart> games);

    String unsubscribed(Collection<String> gameIds);

    /** Tells subscribers a game's feed has been quiet for a while. */
    String stale(String gameId, Instant lastStoredAt, Duration quietFor);

    /** Keeps an idle connection alive and tells the client the store's epoch. */
    String heartbeat(String epoch, Instant at);
}
