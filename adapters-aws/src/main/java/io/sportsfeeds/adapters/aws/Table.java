package io.sportsfeeds.adapters.aws;

import io.sportsfeeds.core.domain.StoreUnavailableException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The one table, as the stores call it: every call retried with {@link Backoff} while DynamoDB
 * says it may pass (throttling, a server error, unprocessed batch items, a broken connection) and
 * translated into {@link StoreUnavailableException} when it does not, so no SDK exception leaves
 * the adapter. A failed condition is an answer, not an error: the conditional calls return false.
 */
final class Table {
    /** Error codes worth another try besides those the SDK calls throttling. */
    private static final Set<String> RETRYABLE_CODES = Set.of(
            "ProvisionedThroughputExceededException",
            "RequestLimitExceeded",
            "ThrottlingException",
            "InternalServerError",
            "InternalFailure",
            "ServiceUnavailable",
            "TransactionConflictException");

    private static final int MAX_BATCH_WRITE = 25;
    private static final int MAX_BATCH_GET = 100;

    private final DynamoDbClient client;
    private final String name;
    private final Backoff backoff;

    Table(DynamoDbClient client, String name, Backoff backoff) {
        this.client = Objects.requireNonNull(client, "client");
        this.name = Objects.requireNonNull(name, "name");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    String name() {
        return name;
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(Layout.PK, AttributeValue.fromS(pk), Layout.SK, AttributeValue.fromS(sk));
    }

    /** A query of the items a key condition matches. */
    static QueryRequest.Builder query(Expression keyCondition) {
        return QueryRequest.builder()
                .keyConditionExpression(keyCondition.text())
                .expressionAttributeNames(keyCondition.namesOrNull())
                .expressionAttributeValues(keyCondition.valuesOrNull());
    }

    /** A query of the items a key condition matches that pass a filter (read, and paid for, before filtering). */
    static QueryRequest.Builder query(Expression keyCondition, Expression filter) {
        Expression both = keyCondition.and(filter);
        return QueryRequest.builder()
                .keyConditionExpression(keyCondition.text())
                .filterExpression(filter.text())
                .expressionAttributeNames(both.namesOrNull())
                .expressionAttributeValues(both.valuesOrNull());
    }

    /** A strongly consistent read of one item. */
    Optional<Map<String, AttributeValue>> get(String pk, String sk) {
        var response = call(
                "GetItem " + pk + " " + sk,
                () -> client.getItem(r -> r.tableName(name).key(key(pk, sk)).consistentRead(true)));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    }

    /**
     * Strongly consistent reads of many items with BatchGetItem, 100 keys a call (the calls at once
     * when there are more), asking again for the keys DynamoDB left unprocessed until all are read
     * or the backoff gives up. Answers the items found, in no particular order; the keys must be
     * distinct (DynamoDB refuses a call that names one twice).
     */
    List<Map<String, AttributeValue>> getAll(List<Map<String, AttributeValue>> keys) {
        List<List<Map<String, AttributeValue>>> chunks = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += MAX_BATCH_GET) {
            chunks.add(keys.subList(from, Math.min(keys.size(), from + MAX_BATCH_GET)));
        }
        return Concurrently.map(chunks, this::getChunk).stream()
                .flatMap(List::stream)
                .toList();
    }

    private List<Map<String, AttributeValue>> getChunk(List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> items = new ArrayList<>(keys.size());
        List<Map<String, AttributeValue>> pending = keys;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (attempt > 1) {
                if (attempt > backoff.attempts()) {
                    throw new StoreUnavailableException("DynamoDB did not process " + pending.size()
                            + " of the keys of a batch read of table " + name + " after " + backoff.attempts()
                            + " tries (throttled)");
                }
                pause(attempt, "BatchGetItem");
            }
            KeysAndAttributes request = KeysAndAttributes.builder()
                    .keys(pending)
                    .consistentRead(true)
                    .build();
            BatchGetItemResponse response = call(
                    "BatchGetItem of " + pending.size(),
                    () -> client.batchGetItem(r -> r.requestItems(Map.of(name, request))));
            if (response.hasResponses()) {
                items.addAll(response.responses().getOrDefault(name, List.of()));
            }
            KeysAndAttributes unprocessed =
                    response.hasUnprocessedKeys() ? response.unprocessedKeys().get(name) : null;
            pending = unprocessed == null || !unprocessed.hasKeys() ? List.of() : unprocessed.keys();
        }
        return items;
    }

    void put(Map<String, AttributeValue> item) {
        call(
                "PutItem " + describe(item),
                () -> client.putItem(r -> r.tableName(name).item(item)));
    }

    /** Puts the item if the condition holds; false when it did not (nothing written). */
    boolean putIf(Map<String, AttributeValue> item, Expression condition) {
        try {
            call(
                    "PutItem " + describe(item),
                    () -> client.putItem(r -> r.tableName(name)
                            .item(item)
                            .conditionExpression(condition.text())
                            .expressionAttributeNames(condition.namesOrNull())
                            .expressionAttributeValues(condition.valuesOrNull())));
            return true;
        } catch (ConditionalCheckFailedException failed) {
            return false;
        }
    }

    /**
     * Updates an item if the condition holds.
     *
     * @return the item as it is after the update, or empty when the condition did not hold
     */
    Optional<Map<String, AttributeValue>> updateIf(String pk, String sk, Expression update, Expression condition) {
        Expression both = update.and(condition);
        try {
            var response = call(
                    "UpdateItem " + pk + " " + sk,
                    () -> client.updateItem(r -> r.tableName(name)
                            .key(key(pk, sk))
                            .updateExpression(update.text())
                            .conditionExpression(condition.text())
                            .expressionAttributeNames(both.namesOrNull())
                            .expressionAttributeValues(both.valuesOrNull())
                            .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_NEW)));
            return Optional.of(response.attributes());
        } catch (ConditionalCheckFailedException failed) {
            return Optional.empty();
        }
    }

    void delete(String pk, String sk) {
        call(
                "DeleteItem " + pk + " " + sk,
                () -> client.deleteItem(r -> r.tableName(name).key(key(pk, sk))));
    }

    /** Deletes the item if the condition holds; false when it did not. */
    boolean deleteIf(String pk, String sk, Expression condition) {
        try {
            call(
                    "DeleteItem " + pk + " " + sk,
                    () -> client.deleteItem(r -> r.tableName(name)
                            .key(key(pk, sk))
                            .conditionExpression(condition.text())
                            .expressionAttributeNames(condition.namesOrNull())
                            .expressionAttributeValues(condition.valuesOrNull())));
            return true;
        } catch (ConditionalCheckFailedException failed) {
            return false;
        }
    }

    /**
     * Every item a query matches, page after page, until {@code limit} items were collected (or all,
     * when fewer match). The request's own {@code Limit} is the page size.
     */
    List<Map<String, AttributeValue>> query(QueryRequest request, int limit) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest page =
                    request.toBuilder().tableName(name).exclusiveStartKey(start).build();
            QueryResponse response = call("Query " + describe(request), () -> client.query(page));
            for (Map<String, AttributeValue> item : response.items()) {
                if (items.size() == limit) {
                    return items;
                }
                items.add(item);
            }
            start = response.hasLastEvaluatedKey()
                            && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey()
                    : null;
        } while (start != null && items.size() < limit);
        return items;
    }

    List<Map<String, AttributeValue>> queryAll(QueryRequest request) {
        return query(request, Integer.MAX_VALUE);
    }

    void putAll(List<Map<String, AttributeValue>> items) {
        writeAll(items.stream()
                .map(item -> WriteRequest.builder()
                        .putRequest(PutRequest.builder().item(item).build())
                        .build())
                .toList());
    }

    void deleteAll(List<Map<String, AttributeValue>> keys) {
        writeAll(keys.stream()
                .map(key -> WriteRequest.builder()
                        .deleteRequest(DeleteRequest.builder().key(key).build())
                        .build())
                .toList());
    }

    /**
     * Writes with BatchWriteItem, 25 at a time, putting the items DynamoDB left unprocessed back
     * until all are written or the backoff gives up. Every request must be idempotent (a put of a
     * whole item, a delete), since a retried batch may repeat what already landed.
     */
    private void writeAll(List<WriteRequest> requests) {
        for (int from = 0; from < requests.size(); from += MAX_BATCH_WRITE) {
            List<WriteRequest> pending = requests.subList(from, Math.min(requests.size(), from + MAX_BATCH_WRITE));
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > 1) {
                    if (attempt > backoff.attempts()) {
                        throw new StoreUnavailableException("DynamoDB did not process " + pending.size()
                                + " of the items of a batch write to table " + name + " after " + backoff.attempts()
                                + " tries (throttled)");
                    }
                    pause(attempt, "BatchWriteItem");
                }
                List<WriteRequest> batch = pending;
                BatchWriteItemResponse response = call(
                        "BatchWriteItem of " + batch.size(),
                        () -> client.batchWriteItem(r -> r.requestItems(Map.of(name, batch))));
                pending = response.hasUnprocessedItems()
                        ? response.unprocessedItems().getOrDefault(name, List.of())
                        : List.of();
            }
        }
    }

    /**
     * Runs one call, retrying while DynamoDB says it may pass. A failed condition is thrown as is,
     * for the conditional calls to answer.
     */
    <T> T call(String what, Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (ConditionalCheckFailedException failed) {
                throw failed;
            } catch (SdkException e) {
                if (!retryable(e)) {
                    throw new StoreUnavailableException(
                            "DynamoDB " + what + " on table " + name + " failed: " + e.getMessage(), e);
                }
                if (attempt >= backoff.attempts()) {
                    throw new StoreUnavailableException(
                            "DynamoDB " + what + " on table " + name + " failed " + attempt + " times, last: "
                                    + e.getMessage(),
                            e);
                }
                pause(attempt + 1, what);
            }
        }
    }

    static boolean retryable(SdkException e) {
        if (e instanceof SdkClientException) {
            return true; // no answer (a reset connection, a timeout): the call may or may not have landed
        }
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null
                    ? null
                    : service.awsErrorDetails().errorCode();
            return service.isThrottlingException() || service.statusCode() >= 500 || RETRYABLE_CODES.contains(code);
        }
        return false;
    }

    private void pause(int attempt, String what) {
        try {
            backoff.pause(attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while retrying DynamoDB " + what + " on table " + name, e);
        }
    }

    private static String describe(Map<String, AttributeValue> item) {
        AttributeValue pk = item.get(Layout.PK);
        AttributeValue sk = item.get(Layout.SK);
        return (pk == null ? "?" : pk.s()) + " " + (sk == null ? "?" : sk.s());
    }

    private static String describe(QueryRequest request) {
        return (request.indexName() == null ? "" : request.indexName() + " ") + request.keyConditionExpression();
    }

    /** An expression with its placeholders: names ({@code #x}) and values ({@code :x}). */
    record Expression(String text, Map<String, String> names, Map<String, AttributeValue> values) {
        Expression {
            Objects.requireNonNull(text, "text");
            names = Map.copyOf(names);
            values = Map.copyOf(values);
        }

        static Expression of(String text) {
            return new Expression(text, Map.of(), Map.of());
        }

        Expression name(String placeholder, String attribute) {
            Map<String, String> more = new HashMap<>(names);
            more.put(placeholder, attribute);
            return new Expression(text, more, values);
        }

        Expression value(String placeholder, AttributeValue value) {
            Map<String, AttributeValue> more = new HashMap<>(values);
            more.put(placeholder, value);
            return new Expression(text, names, more);
        }

        /** This expression's placeholders with another's (the text stays this one's). */
        Expression and(Expression other) {
            Map<String, String> allNames = new HashMap<>(names);
            allNames.putAll(other.names);
            Map<String, AttributeValue> allValues = new HashMap<>(values);
            allValues.putAll(other.values);
            return new Expression(text, allNames, allValues);
        }

        Map<String, String> namesOrNull() {
            return names.isEmpty() ? null : names;
        }

        Map<String, AttributeValue> valuesOrNull() {
            return values.isEmpty() ? null : values;
        }
    }
}
