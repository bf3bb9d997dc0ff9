package io.sportsfeeds.adapters.aws;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * What a failed call of the API Gateway Management API means for the connection it named, the same
 * for {@code PostToConnection} and {@code DeleteConnection} ({@link ApiGatewayConnectionGateway}).
 */
enum ManagementApiFailure {
    /** 410: the connection is gone. */
    GONE,
    /** 429, 5xx, or the API could not be reached: the call may pass if tried again. */
    RETRYABLE,
    /** Anything else (403, 413, 400): trying again now would change nothing. */
    REFUSED;

    static ManagementApiFailure of(Throwable failure) {
        if (failure instanceof GoneException) {
            return GONE;
        }
        if (failure instanceof AwsServiceException service) {
            int status = service.statusCode();
            if (status == 410) {
                return GONE;
            }
            return status == 429 || status >= 500 || service.isThrottlingException() ? RETRYABLE : REFUSED;
        }
        if (failure instanceof SdkClientException || failure instanceof IOException) {
            return RETRYABLE;
        }
        if (failure instanceof SdkException sdk && sdk.retryable()) {
            return RETRYABLE;
        }
        return REFUSED;
    }

    /** The failure an async call completed with, out of the {@link CompletionException} that may wrap it. */
    static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
