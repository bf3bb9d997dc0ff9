package io.sportsfeeds.adapters.aws;

import java.util.Objects;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeKinesisStreamingDestinationRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeKinesisStreamingDestinationResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveResponse;
import software.amazon.awssdk.services.dynamodb.model.EnableKinesisStreamingDestinationRequest;
import software.amazon.awssdk.services.dynamodb.model.EnableKinesisStreamingDestinationResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveResponse;

/**
 * A client of the real emulator that lets a test step in around each call the stores make: fail
 * it before it is sent (throttled, unreachable), fail it after it landed (an answer lost, a writer
 * dying), or change its answer (items left unprocessed). Calls nobody intercepts pass through.
 */
final class InterceptedDynamoDbClient implements DynamoDbClient {
    /** Steps in around one call. */
    interface Interceptor {
        /** Before the call is sent: throw to fail it unsent, or answer in its place (null sends it). */
        default SdkResponse before(SdkRequest request) {
            return null;
        }

        /** After it landed, with its answer; throw to lose the answer, or answer something else. */
        default SdkResponse after(SdkRequest request, SdkResponse response) {
            return response;
        }
    }

    private static final Interceptor NONE = new Interceptor() {};

    private final DynamoDbClient delegate;
    private volatile Interceptor interceptor = NONE;

    InterceptedDynamoDbClient(DynamoDbClient delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    void intercept(Interceptor interceptor) {
        this.interceptor = Objects.requireNonNull(interceptor, "interceptor");
    }

    void passThrough() {
        this.interceptor = NONE;
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        return call(request, delegate::getItem);
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        return call(request, delegate::putItem);
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        return call(request, delegate::updateItem);
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest request) {
        return call(request, delegate::deleteItem);
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        return call(request, delegate::query);
    }

    @Override
    public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
        return call(request, delegate::batchGetItem);
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
        return call(request, delegate::batchWriteItem);
    }

    @Override
    public DescribeTableResponse describeTable(DescribeTableRequest request) {
        return call(request, delegate::describeTable);
    }

    @Override
    public CreateTableResponse createTable(CreateTableRequest request) {
        return call(request, delegate::createTable);
    }

    @Override
    public DescribeTimeToLiveResponse describeTimeToLive(DescribeTimeToLiveRequest request) {
        return call(request, delegate::describeTimeToLive);
    }

    @Override
    public UpdateTimeToLiveResponse updateTimeToLive(UpdateTimeToLiveRequest request) {
        return call(request, delegate::updateTimeToLive);
    }

    @Override
    public DescribeKinesisStreamingDestinationResponse describeKinesisStreamingDestination(
            DescribeKinesisStreamingDestinationRequest request) {
        return call(request, delegate::describeKinesisStreamingDestination);
    }

    @Override
    public EnableKinesisStreamingDestinationResponse enableKinesisStreamingDestination(
            EnableKinesisStreamingDestinationRequest request) {
        return call(request, delegate::enableKinesisStreamingDestination);
    }

    @SuppressWarnings("unchecked")
    private <Q extends SdkRequest, R extends SdkResponse> R call(Q request, Function<Q, R> call) {
        Interceptor current = interceptor;
        SdkResponse instead = current.before(request);
        return (R) (instead != null ? instead : current.after(request, call.apply(request)));
    }

    @Override
    public String serviceName() {
        return delegate.serviceName();
    }

    @Override
    public void close() {
        // The delegate belongs to whoever made it.
    }
}
