package io.sportsfeeds.adapters.aws;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every AWS setting the adapters use, in one place: nothing inside an adapter has a default of its
 * own. Built from the standard AWS environment variables ({@link #fromEnvironment}) and then
 * overridden by command-line flags or a Lambda's configuration. Credentials come from the SDK's
 * default chain (environment, profile, container or instance role).
 *
 * @param region the region ({@code AWS_REGION})
 * @param table the single DynamoDB table
 * @param stream the Kinesis stream that Kinesis Data Streams for DynamoDB writes the table's changes to
 * @param dynamoDbEndpoint DynamoDB's endpoint when not the region's ({@code AWS_ENDPOINT_URL_DYNAMODB},
 *     else {@code AWS_ENDPOINT_URL}): LocalStack, dynalite
 * @param kinesisEndpoint Kinesis's endpoint when not the region's ({@code AWS_ENDPOINT_URL_KINESIS},
 *     else {@code AWS_ENDPOINT_URL})
 * @param managementApiEndpoint the API Gateway Management API endpoint of the WebSocket API's stage,
 *     {@code https://{api-id}.execute-api.{region}.amazonaws.com/{stage}}
 *     ({@code AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI}, the SDKs' own variable for it; not taken from
 *     {@code AWS_ENDPOINT_URL}, since it names one API and stage). Needed only where frames are posted
 *     to API Gateway connections (the Lambda stream consumer).
 */
public record AwsSettings(
        String region,
        String table,
        String stream,
        Optional<URI> dynamoDbEndpoint,
        Optional<URI> kinesisEndpoint,
        Optional<URI> managementApiEndpoint) {

    public AwsSettings {
        requireText("region", region);
        requireText("table", table);
        requireText("stream", stream);
        Objects.requireNonNull(dynamoDbEndpoint, "dynamoDbEndpoint");
        Objects.requireNonNull(kinesisEndpoint, "kinesisEndpoint");
        Objects.requireNonNull(managementApiEndpoint, "managementApiEndpoint");
    }

    /** Settings without a Management API endpoint (where no frames go to API Gateway connections). */
    public AwsSettings(
            String region, String table, String stream, Optional<URI> dynamoDbEndpoint, Optional<URI> kinesisEndpoint) {
        this(region, table, stream, dynamoDbEndpoint, kinesisEndpoint, Optional.empty());
    }

    /**
     * Reads the standard AWS variables from {@code env}; the table and stream names are the caller's.
     *
     * @throws IllegalArgumentException naming the variable when the region is missing or an endpoint is not a URL
     */
    public static AwsSettings fromEnvironment(Map<String, String> env, String table, String stream) {
        String region = env.get("AWS_REGION");
        if (region == null || region.isBlank()) {
            region = env.get("AWS_DEFAULT_REGION");
        }
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("AWS_REGION must be set (the region of the table and stream)");
        }
        Optional<URI> shared = endpoint(env, "AWS_ENDPOINT_URL");
        return new AwsSettings(
                region,
                table,
                stream,
                endpoint(env, "AWS_ENDPOINT_URL_DYNAMODB").or(() -> shared),
                endpoint(env, "AWS_ENDPOINT_URL_KINESIS").or(() -> shared),
                endpoint(env, "AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI"));
    }

    public AwsSettings withDynamoDbEndpoint(URI endpoint) {
        return new AwsSettings(region, table, stream, Optional.of(endpoint), kinesisEndpoint, managementApiEndpoint);
    }

    public AwsSettings withKinesisEndpoint(URI endpoint) {
        return new AwsSettings(region, table, stream, dynamoDbEndpoint, Optional.of(endpoint), managementApiEndpoint);
    }

    public AwsSettings withManagementApiEndpoint(URI endpoint) {
        return new AwsSettings(region, table, stream, dynamoDbEndpoint, kinesisEndpoint, Optional.of(endpoint));
    }

    private static Optional<URI> endpoint(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException(name + " must be a URL such as http://localhost:4566, was " + value);
            }
            return Optional.of(uri);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(name + " must be a URL such as http://localhost:4566, was " + value, e);
        }
    }

    private static void requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }
}
