package io.sportsfeeds.core.fakes;

import io.sportsfeeds.core.port.PublishedSeqs;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/** Published seqs in a map, for tests; can be told to fail. */
public final class InMemoryPublishedSeqs implements PublishedSeqs {
    private final Map<String, Long> seqs = new ConcurrentHashMap<>();
    private volatile RuntimeException failure;

    /** From now on every call throws this (or, with null, works again). */
    public void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    @Override
    public OptionalLong lastPublished(String gameId) {
        check();
        Long seq = seqs.get(gameId);
        return seq == null ? OptionalLong.empty() : OptionalLong.of(seq);
    }

    @Override
    public void advance(String gameId, long seq) {
        check();
        seqs.merge(gameId, seq, Math::max);
    }

    private void check() {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
    }
}
