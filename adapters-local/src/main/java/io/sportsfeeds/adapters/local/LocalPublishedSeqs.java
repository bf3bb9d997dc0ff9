package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.port.PublishedSeqs;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The published seqs of a process that serves its own connections, in memory: they only matter
 * for the connections it holds, which die with it, so nothing is worth keeping across a restart.
 */
final class LocalPublishedSeqs implements PublishedSeqs {
    private final Map<String, Long> seqs = new ConcurrentHashMap<>();

    @Override
    public OptionalLong lastPublished(String gameId) {
        Long seq = seqs.get(gameId);
        return seq == null ? OptionalLong.empty() : OptionalLong.of(seq);
    }

    @Override
    public void advance(String gameId, long seq) {
        seqs.merge(gameId, seq, Math::max);
    }
}
