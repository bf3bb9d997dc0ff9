package io.sportsfeeds.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.adapters.aws.DynamoDbTables;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.logs.RetentionDays;

/** The synthesized template's table, stream, functions, stream mapping and outputs, resource by resource. */
class SportsfeedsStackTest extends SportsfeedsStackFixture {
    @Test
    void createsTheTable_withTheKeysIndexesTtlRecoveryAndStreamTheAdaptersNeed() {
        Map<String, Object> gameIndexProjection = Map.of("ProjectionType", "ALL");
        TEMPLATE.resourceCountIs("AWS::DynamoDB::Table", 1);
        TEMPLATE.hasResource(
                "AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain"));
        TEMPLATE.hasResourceProperties(
                "AWS::DynamoDB::Table",
                Map.of(
                        "KeySchema", List.of(key("PK", "HASH"), key("SK", "RANGE")),
                        "BillingMode", "PAY_PER_REQUEST",
                        "TimeToLiveSpecification", Map.of("AttributeName", "EXPIRE", "Enabled", true),
                        "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                        "KinesisStreamSpecification",
                                Map.of(
                                        "StreamArn",
                                        Map.of("Fn::GetAtt", List.of(logicalId("AWS::Kinesis::Stream"), "Arn"))),
                        "GlobalSecondaryIndexes",
                                List.of(
                                        gsi(
                                                DynamoDbTables.SCHEDULED_GAMES_INDEX,
                                                "ISSCHEDULED",
                                                "GAMEDATE",
                                                gameIndexProjection),
                                        gsi(
                                                DynamoDbTables.UNSCHEDULED_GAMES_INDEX,
                                                "ISUNSCHEDULED",
                                                "GAMEDATE",
                                                gameIndexProjection),
                                        gsi(DynamoDbTables.CLIENTS_INDEX, "ACTIVE", "PK", gameIndexProjection),
                                        gsi(
                                                DynamoDbTables.CONNECTION_EXPIRY_INDEX,
                                                "EXPIRYSHARD",
                                                "EXPIRESAT",
                                                Map.of("ProjectionType", "KEYS_ONLY"))),
                        "LocalSecondaryIndexes",
                                List.of(Map.of(
                                        "IndexName", DynamoDbTables.IDENTITY_INDEX,
                                        "KeySchema", List.of(key("PK", "HASH"), key("IDENTITY", "RANGE")),
                                        "Projection", Map.of("ProjectionType", "KEYS_ONLY"))),
                        "AttributeDefinitions",
                                Match.arrayWith(List.of(
                                        attribute("GAMEDATE", "N"),
                                        attribute("ACTIVE", "S"),
                                        attribute("EXPIRESAT", "N"),
                                        attribute("IDENTITY", "S")))));
    }

    @Test
    void createsTheStream_onDemandByDefault_orWithTheShardsAsked() {
        TEMPLATE.hasResourceProperties(
                "AWS::Kinesis::Stream",
                Map.of("StreamModeDetails", Map.of("StreamMode", "ON_DEMAND"), "RetentionPeriodHours", 24));

        Template provisioned = synthesize(new StackSettings(
                4, 1024, 30, RetentionDays.ONE_MONTH, 30, 100, 200, 100, 5, 3600, 1, Optional.empty()));

        provisioned.hasResourceProperties(
                "AWS::Kinesis::Stream",
                Map.of("StreamModeDetails", Map.of("StreamMode", "PROVISIONED"), "ShardCount", 4));
        provisioned.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Handler",
                        "io.sportsfeeds.app.lambda.RestHandler::handleRequest",
                        "Environment",
                        Map.of(
                                "Variables",
                                Match.objectEquals(Map.of(
                                        "SPORTSFEEDS_TABLE",
                                        ref("AWS::DynamoDB::Table"),
                                        "SPORTSFEEDS_STREAM",
                                        ref("AWS::Kinesis::Stream"),
                                        "SPORTSFEEDS_RETENTION_DAYS",
                                        "30",
                                        "SPORTSFEEDS_METRICS_NAMESPACE",
                                        "Sportsfeeds")))));
    }

    @Test
    void createsTheThreeFunctions_java21WithSnapStartTheirSettingsAndTheEnvironmentTheWiringReads() {
        TEMPLATE.resourceCountIs("AWS::Lambda::Function", 3);
        Map<String, Object> managementApi = Map.of(
                "Fn::Join",
                List.of(
                        "",
                        List.of(
                                "https://",
                                ref("AWS::ApiGatewayV2::Api"),
                                ".execute-api.eu-west-1.",
                                Map.of("Ref", "AWS::URLSuffix"),
                                "/prod")));
        Map<String, Map<String, Object>> environments = Map.of(
                "RestHandler",
                Map.of(
                        "SPORTSFEEDS_TABLE",
                        ref("AWS::DynamoDB::Table"),
                        "SPORTSFEEDS_STREAM",
                        ref("AWS::Kinesis::Stream"),
                        "SPORTSFEEDS_RETENTION_DAYS",
                        "7",
                        "SPORTSFEEDS_METRICS_NAMESPACE",
                        "Sportsfeeds",
                        "SPORTSFEEDS_ADMIN_KEY_SHA256",
                        ADMIN_HASH),
                "WebSocketHandler",
                Map.of(
                        "SPORTSFEEDS_TABLE",
                        ref("AWS::DynamoDB::Table"),
                        "SPORTSFEEDS_STREAM",
                        ref("AWS::Kinesis::Stream"),
                        "SPORTSFEEDS_RETENTION_DAYS",
                        "7",
                        "SPORTSFEEDS_METRICS_NAMESPACE",
                        "Sportsfeeds",
                        "AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI",
                        managementApi),
                "StreamConsumerHandler",
                Map.of(
                        "SPORTSFEEDS_TABLE",
                        ref("AWS::DynamoDB::Table"),
                        "SPORTSFEEDS_STREAM",
                        ref("AWS::Kinesis::Stream"),
                        "SPORTSFEEDS_RETENTION_DAYS",
                        "7",
                        "SPORTSFEEDS_METRICS_NAMESPACE",
                        "Sportsfeeds",
                        "AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI",
                        managementApi));
        environments.forEach((handler, environment) -> TEMPLATE.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Handler",
                        "io.sportsfeeds.app.lambda." + handler + "::handleRequest",
                        "Runtime",
                        "java21",
                        "MemorySize",
                        1536,
                        "Timeout",
                        20,
                        "SnapStart",
                        Map.of("ApplyOn", "PublishedVersions"),
                        "LoggingConfig",
                        Map.of("LogGroup", Match.objectLike(Map.of("Ref", Match.anyValue())), "LogFormat", "Text"),
                        "Environment",
                        Map.of("Variables", Match.objectEquals(environment)))));
        TEMPLATE.resourceCountIs("AWS::Lambda::Version", 3);
        TEMPLATE.resourceCountIs("AWS::Lambda::Alias", 3);
        TEMPLATE.allResourcesProperties("AWS::Lambda::Alias", Map.of("Name", "live"));
        TEMPLATE.resourceCountIs("AWS::Logs::LogGroup", 3);
        TEMPLATE.allResourcesProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 14));
    }

    @Test
    void mapsTheStreamToTheConsumer_withBoundedRetriesAFailureQueueAndItemFailures() {
        TEMPLATE.hasResourceProperties(
                "AWS::Lambda::EventSourceMapping",
                Map.of(
                        "EventSourceArn",
                        Map.of("Fn::GetAtt", List.of(logicalId("AWS::Kinesis::Stream"), "Arn")),
                        "StartingPosition",
                        "TRIM_HORIZON",
                        "BatchSize",
                        250,
                        "BisectBatchOnFunctionError",
                        true,
                        "MaximumRetryAttempts",
                        4,
                        "MaximumRecordAgeInSeconds",
                        1800,
                        "ParallelizationFactor",
                        2,
                        "FunctionResponseTypes",
                        List.of("ReportBatchItemFailures"),
                        "DestinationConfig",
                        Map.of(
                                "OnFailure",
                                Map.of(
                                        "Destination",
                                        Map.of("Fn::GetAtt", List.of(logicalId("AWS::SQS::Queue"), "Arn")))),
                        "FilterCriteria",
                        Map.of(
                                "Filters",
                                List.of(
                                        Map.of(
                                                "Pattern",
                                                "{\"data\":{\"dynamodb\":{\"Keys\":{\"SK\":{\"S\":[{\"prefix\":\"odds#\"}]}}}}}"),
                                        Map.of(
                                                "Pattern",
                                                "{\"data\":{\"dynamodb\":{\"Keys\":{\"SK\":{\"S\":[{\"prefix\":\"cli-\"}]}}}}}")))));
        Capture function = new Capture();
        TEMPLATE.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of("FunctionName", function));
        assertThat(function.asObject().toString())
                .contains(logicalId("AWS::Lambda::Alias", "StreamConsumer"))
                .contains(":live");
        TEMPLATE.hasResourceProperties(
                "AWS::SQS::Queue", Map.of("MessageRetentionPeriod", 1_209_600, "SqsManagedSseEnabled", true));
    }

    @Test
    void outputsTheUrlsAndTheApiKeyId() {
        TEMPLATE.hasOutput("RestUrl", Map.of("Value", Match.objectLike(Map.of("Fn::Join", Match.anyValue()))));
        TEMPLATE.hasOutput(
                "WebSocketUrl",
                Map.of(
                        "Value",
                        Map.of(
                                "Fn::Join",
                                List.of(
                                        "",
                                        List.of(
                                                "wss://",
                                                ref("AWS::ApiGatewayV2::Api"),
                                                ".execute-api.eu-west-1.",
                                                Map.of("Ref", "AWS::URLSuffix"),
                                                "/prod")))));
        TEMPLATE.hasOutput("ProviderApiKeyId", Map.of("Value", ref("AWS::ApiGateway::ApiKey")));
    }

    private static Map<String, Object> key(String name, String type) {
        return Map.of("AttributeName", name, "KeyType", type);
    }

    private static Map<String, Object> attribute(String name, String type) {
        return Map.of("AttributeName", name, "AttributeType", type);
    }

    private static Map<String, Object> gsi(String name, String partition, String sort, Map<String, Object> projection) {
        return Map.of(
                "IndexName", name,
                "KeySchema", List.of(key(partition, "HASH"), key(sort, "RANGE")),
                "Projection", projection);
    }
}
