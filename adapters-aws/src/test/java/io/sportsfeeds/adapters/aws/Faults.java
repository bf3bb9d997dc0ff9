package io.sportsfeeds.adapters.aws;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** The failures DynamoDB and the network produce, as the SDK throws them, for {@link InterceptedDynamoDbClient}. */
final class Faults {
    private Faults() {}

    static ProvisionedThroughputExceededException throttled() {
        return ProvisionedThroughputExceededException.builder()
                .statusCode(400)
                .message("The level of configured provisioned throughput for the table was exceeded.")
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("ProvisionedThroughputExceededException")
                        .errorMessage("The level of configured provisioned throughput for the table was exceeded.")
                        .serviceName("DynamoDb")
                        .build())
                .build();
    }

    static SdkClientException unreachable() {
        return SdkClientException.create("Unable to execute HTTP request: Connection refused (injected)");
    }

    static boolean isWrite(SdkRequest request) {
        return request instanceof PutItemRequest
                || request instanceof UpdateItemRequest
                || request instanceof DeleteItemRequest
                || request instanceof BatchWriteItemRequest;
    }

    /** A put of a history item: the claim of a seq. */
    static boolean isClaim(SdkRequest request) {
        return request instanceof PutItemRequest put && put.item().get("SK").s().startsWith("odds#");
    }

    /** A put of a latest item. */
    static boolean isLatestPut(SdkRequest request) {
        return request instanceof PutItemRequest put && put.item().get("SK").s().startsWith("latest#");
    }
}
