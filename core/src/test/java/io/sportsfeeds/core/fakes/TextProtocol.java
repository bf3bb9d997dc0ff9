package io.sportsfeeds.core.fakes;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.port.FrameEncoder;
import io.sportsfeeds.core.port.ProtocolEncoder;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** Short, readable frames for tests: {@code update game-1#3}, {@code snapshot game-1@3 [spread#3]}. */
public final class TextProtocol implements ProtocolEncoder, FrameEncoder {

    @Override
    public String encode(CapturedChange change) {
        return "update " + change.gameId() + "#" + change.seq();
    }

    @Override
    public String snapshot(String gameId, long seq, boolean recovered, List<CapturedChange> latest) {
        return "snapshot " + gameId + "@" + seq + (recovered ? "" : " not-recovered") + " "
                + latest.stream().map(c -> c.market() + "#" + c.seq()).collect(Collectors.joining(",", "[", "]"));
    }

    @Override
    public String subscribed(String epoch, List<GameStart> games) {
        return "subscribed "
                + games.stream()
                        .map(g -> g.gameId() + "@" + g.seq() + ":" + g.start())
                        .collect(Collectors.joining(","));
    }

    @Override
    public String unsubscribed(Collection<String> gameIds) {
        return "unsubscribed " + String.join(",", gameIds.stream().sorted().toList());
    }

    @Override
    public String stale(String gameId, Instant lastStoredAt, Duration quietFor) {
        return "stale " + gameId + " " + quietFor.toSeconds() + "s";
    }

    @Override
    public String heartbeat(String epoch, Instant at) {
        return "heartbeat " + epoch;
    }
}
