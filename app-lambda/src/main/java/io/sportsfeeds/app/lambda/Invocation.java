package io.sportsfeeds.app.lambda;

/**
 * The invocation a function's execution environment is running: Lambda gives an environment one
 * invocation at a time, so one value per process is right, and log lines written on other threads
 * (the Management API client's) carry its ids too.
 *
 * @param requestId the Lambda request id ({@code Context.getAwsRequestId()})
 * @param connectionId the WebSocket connection the event is about, or null
 */
record Invocation(String requestId, String connectionId) {
    private static volatile Invocation current;

    /** The running invocation, or null between invocations (and during the snapshot's initialisation). */
    static Invocation current() {
        return current;
    }

    static void set(Invocation invocation) {
        current = invocation;
    }
}
