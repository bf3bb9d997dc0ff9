package io.sportsfeeds.adapters.aws;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;

/**
 * A Kinesis client in front of the emulator that can hold a shard's reads back and make them fail
 * as Kinesis does (throttling, expired iterators), and records which iterators were asked for. It
 * implements only what the reader calls; everything else fails as unsupported.
 */
final class FaultyKinesis implements KinesisClient {
    private final KinesisClient real;
    private final Map<String, String> shardOfIterator = new HashMap<>();
    private final Map<String, Deque<Fault>> faultsByShard = new HashMap<>();
    private final Set<String> heldShards = new HashSet<>();
    private final Set<String> lostIterators = new HashSet<>();
    private boolean holdAll;
    private final List<GetShardIteratorRequest> iteratorRequests = new CopyOnWriteArrayList<>();
    private int getRecordsCalls;
    private int readsWaiting;

    FaultyKinesis(KinesisClient real) {
        this.real = real;
    }

    /** What a read can fail with, as Kinesis answers it. */
    enum Fault {
        THROTTLED(() -> ProvisionedThroughputExceededException.builder()
                .statusCode(400)
                .message("Rate exceeded for shard")
                .build()),
        EXPIRED(() -> ExpiredIteratorException.builder()
                .statusCode(400)
                .message("Iterator expired")
                .build()),
        /** What kinesis-local answers an iterator whose record it lost in a restart. */
        POSITION_LOST(() -> software.amazon.awssdk.services.kinesis.model.InvalidArgumentException.builder()
                .statusCode(400)
                .message("Record for provided SequenceNumber not found")
                .build());

        private final Supplier<RuntimeException> exception;

        Fault(Supplier<RuntimeException> exception) {
            this.exception = exception;
        }
    }

    /** The next reads of {@code shardId} fail with these, one each, before reads work again. */
    synchronized void failNextReads(String shardId, Fault... faults) {
        faultsByShard.computeIfAbsent(shardId, id -> new ArrayDeque<>()).addAll(List.of(faults));
    }

    /**
     * Every iterator of the shard handed out so far fails each read from now on, as kinesis-local
     * answers an iterator whose record it lost in a restart; new iterators work.
     */
    synchronized void losePositionsOf(String shardId) {
        shardOfIterator.forEach((iterator, shard) -> {
            if (shard.equals(shardId)) {
                lostIterators.add(iterator);
            }
        });
    }

    /** Reads of the shard (or of every shard, for null) wait until released. */
    synchronized void hold(String shardId) {
        if (shardId == null) {
            holdAll = true;
        } else {
            heldShards.add(shardId);
        }
    }

    synchronized void release(String shardId) {
        if (shardId == null) {
            holdAll = false;
        } else {
            heldShards.remove(shardId);
        }
        notifyAll();
    }

    List<GetShardIteratorRequest> iteratorRequests() {
        return List.copyOf(iteratorRequests);
    }

    /** Reads waiting for a held shard to be released: none of them has reached the emulator yet. */
    synchronized int readsWaiting() {
        return readsWaiting;
    }

    synchronized int getRecordsCalls() {
        return getRecordsCalls;
    }

    @Override
    public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
        iteratorRequests.add(request);
        GetShardIteratorResponse response = real.getShardIterator(request);
        synchronized (this) {
            shardOfIterator.put(response.shardIterator(), request.shardId());
        }
        return response;
    }

    @Override
    public GetRecordsResponse getRecords(GetRecordsRequest request) {
        String shardId;
        Fault fault;
        synchronized (this) {
            shardId = shardOfIterator.getOrDefault(request.shardIterator(), "?");
            try {
                while (holdAll || heldShards.contains(shardId)) {
                    readsWaiting++;
                    try {
                        wait();
                    } finally {
                        readsWaiting--;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw software.amazon.awssdk.core.exception.AbortedException.builder()
                        .message("interrupted while held")
                        .build();
            }
            getRecordsCalls++;
            Deque<Fault> faults = faultsByShard.get(shardId);
            fault = lostIterators.contains(request.shardIterator())
                    ? Fault.POSITION_LOST
                    : faults == null ? null : faults.poll();
        }
        if (fault != null) {
            throw fault.exception.get();
        }
        GetRecordsResponse response = real.getRecords(request);
        if (response.nextShardIterator() != null) {
            synchronized (this) {
                shardOfIterator.put(response.nextShardIterator(), shardId);
            }
        }
        return response;
    }

    @Override
    public ListShardsResponse listShards(ListShardsRequest request) {
        return real.listShards(request);
    }

    @Override
    public String serviceName() {
        return real.serviceName();
    }

    @Override
    public void close() {}
}
