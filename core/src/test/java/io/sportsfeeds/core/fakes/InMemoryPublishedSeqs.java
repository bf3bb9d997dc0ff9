package io.sportsfeeds.core.fakes;

import io.sportsfeeds.core.port.PublishedSeqs;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Published seqs in a map, for tests; can be told to fail, and counts the calls that read or advance. */
public final class InMemoryPublishedSeqs implements PublishedSeqs {
    private final Map<String, Long> seqs = new ConcurrentHashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger advances = new AtomicInteger();
    private volatile RuntimeException failure;

    /** From now on every call throws this (or, with null, works again). */
    public void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    /** Calls that read seqs so far, one per call whether it asked for one game or several. */
    public int reads() {
        return reads.get();
    }

    /** Calls that advanced seqs so far, one per call whether it advanced one game or several. */
    public int advances() {
        return advances.get();
    }

    @Override
    public OptionalLong lastPublished(String gameId) {
        reads.incrementAndGet();
        check();
        return seqOf(gameId);
    }

    @Override
    public Map<String, OptionalLong> lastPublished(Collection<String> gameIds) {
        reads.incrementAndGet();
        check();
        Map<String, OptionalLong> answer = new LinkedHashMap<>();
        gameIds.forEach(gameId -> answer.put(gameId, seqOf(gameId)));
        return answer;
    }

    @Override
    public void advance(String gameId, long seq) {
        advances.incrementAndGet();
        check();
        seqs.merge(gameId, seq, Math::max);
    }

    @Override
    public void advance(Map<String, Long> seqs) {
        advances.incrementAndGet();
        check();
        seqs.forEach((gameId, seq) -> this.seqs.merge(gameId, seq, Math::max));
    }

    private OptionalLong seqOf(String gameId) {
        Long seq = seqs.get(gameId);
        return seq == null ? OptionalLong.empty() : OptionalLong.of(seq);
    }

    private void check() {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
    }
}
