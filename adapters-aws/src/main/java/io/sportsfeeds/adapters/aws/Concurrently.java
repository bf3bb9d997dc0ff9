package io.sportsfeeds.adapters.aws;

import io.sportsfeeds.core.domain.StoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/** Independent calls to DynamoDB made at once, each on a virtual thread, a bounded number at a time. */
final class Concurrently {
    /** Calls of one operation in flight at once; more would only open more connections. */
    static final int MAX_AT_ONCE = 16;

    private Concurrently() {}

    /**
     * Applies {@code work} to every input and answers the results in input order. Waits for every
     * input before failing, so nothing runs on after the caller has its answer; the first failure
     * is thrown with the others suppressed in it. A single input runs on the caller's thread.
     */
    static <T, R> List<R> map(List<T> inputs, Function<T, R> work) {
        if (inputs.size() <= 1) {
            return inputs.stream().map(work).toList();
        }
        Semaphore permits = new Semaphore(MAX_AT_ONCE);
        List<Future<R>> futures = new ArrayList<>(inputs.size());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (T input : inputs) {
                futures.add(executor.submit(() -> {
                    permits.acquire();
                    try {
                        return work.apply(input);
                    } finally {
                        permits.release();
                    }
                }));
            }
        }
        List<R> results = new ArrayList<>(inputs.size());
        RuntimeException failure = null;
        for (Future<R> future : futures) {
            try {
                results.add(future.get());
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException runtime
                        ? runtime
                        : new StoreUnavailableException("a DynamoDB call failed: " + e.getCause(), e.getCause());
                if (failure == null) {
                    failure = cause;
                } else if (failure != cause) {
                    failure.addSuppressed(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreUnavailableException("interrupted while waiting for DynamoDB calls", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }
}
