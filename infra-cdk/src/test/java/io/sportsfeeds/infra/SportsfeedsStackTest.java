package io.sportsfeeds.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.adapters.aws.DynamoDbTables;
import io.sportsfeeds.api.http.RestOperations;
import io.sportsfeeds.core.domain.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.logs.RetentionDays;

/** The synthesized template, resource by resource. One stack for the class: synthesis takes seconds. */
class SportsfeedsStackTest {
    static final String ADMIN_HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final StackSettings SETTINGS = new StackSettings(
            0, 1536, 20, RetentionDays.TWO_WEEKS, 7, 50, 100, 250, 4, 1800, 2, Optional.of(ADMIN_HASH));
    static final Template TEMPLATE = synthesize(SETTINGS);

    static Template synthesize(StackSettings settings) {
        App app = new App();
        SportsfeedsStack stack = new SportsfeedsStack(
                app,
                "Sportsfeeds",
                StackProps.builder()
                        .env(Environment.builder()
                                .account("123456789012")
                                .region("eu-west-1")
                                .build())
                        .build(),
                settings,
                Code.fromAsset(placeholder().toString()));
        return Template.fromStack(stack);
    }

    /** The functions' code in tests: app-lambda's jar need not exist. */
    private static Path placeholder() {
        try {
            Path dir = Files.createTempDirectory("sportsfeeds-placeholder");
            Files.writeString(dir.resolve("README"), "placeholder for app-lambda.jar in infra-cdk's tests");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

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
    void guardsTheProviderOperationsWithTheApiKey_andLeavesTheAdminRoutesToTheFunction() {
        Map<String, Boolean> keyRequired = new TreeMap<>();
        TEMPLATE.findResources("AWS::ApiGateway::Method").values().forEach(method -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> properties = (Map<String, Object>) ((Map<String, Object>) method).get("Properties");
            keyRequired.put(properties.get("HttpMethod") + " " + properties.get("ResourceId"), (Boolean)
                    properties.get("ApiKeyRequired"));
        });
        assertThat(keyRequired).hasSize(8);
        assertThat(keyRequired.values().stream().filter(required -> required).count())
                .isEqualTo(5);
        assertThat(SportsfeedsStack.KEY_CHECKED_BY_GATEWAY)
                .containsExactlyInAnyOrder(
                        "PUT /feeds", "POST /feeds", "GET /feeds", "GET /games/{id}/odds", "GET /games");
        TEMPLATE.hasResourceProperties(
                "AWS::ApiGateway::Method",
                Map.of(
                        "HttpMethod",
                        "PUT",
                        "ApiKeyRequired",
                        true,
                        "ResourceId",
                        ref("AWS::ApiGateway::Resource", "feeds"),
                        "Integration",
                        Map.of("Type", "AWS_PROXY", "IntegrationHttpMethod", "POST", "Uri", Match.anyValue()),
                        "AuthorizationType",
                        "NONE"));
        Capture uri = new Capture();
        TEMPLATE.allResourcesProperties(
                "AWS::ApiGateway::Method", Map.of("Integration", Match.objectLike(Map.of("Uri", uri))));
        do {
            assertThat(uri.asObject().toString()).contains(logicalId("AWS::Lambda::Alias", "Rest"));
        } while (uri.next());
        TEMPLATE.hasResourceProperties(
                "AWS::ApiGateway::Method",
                Map.of(
                        "HttpMethod",
                        "PUT",
                        "ApiKeyRequired",
                        false,
                        "ResourceId",
                        ref("AWS::ApiGateway::Resource", "clients")));
        TEMPLATE.hasResourceProperties(
                "AWS::ApiGateway::RestApi", Map.of("ApiKeySourceType", "HEADER", "Name", "Sportsfeeds-rest"));
        TEMPLATE.hasResourceProperties(
                "AWS::ApiGateway::UsagePlan",
                Map.of(
                        "Throttle", Map.of("RateLimit", 50, "BurstLimit", 100),
                        "ApiStages", List.of(Match.objectLike(Map.of("ApiId", ref("AWS::ApiGateway::RestApi"))))));
        TEMPLATE.resourceCountIs("AWS::ApiGateway::ApiKey", 1);
        TEMPLATE.hasResourceProperties(
                "AWS::ApiGateway::UsagePlanKey", Map.of("KeyId", ref("AWS::ApiGateway::ApiKey"), "KeyType", "API_KEY"));
        TEMPLATE.hasResourceProperties(
                "AWS::ApiGateway::Stage",
                Map.of(
                        "StageName",
                        "prod",
                        "MethodSettings",
                        List.of(Match.objectLike(Map.of("ThrottlingRateLimit", 50, "ThrottlingBurstLimit", 100)))));
        TEMPLATE.resourceCountIs("AWS::IAM::Role", 3); // no CloudWatch role for API Gateway
    }

    @Test
    void createsAMethodForEveryOperationOfTheRouteTable_keyCheckedExactlyWhereAProviderMayCallIt() {
        Map<String, String> paths = new TreeMap<>();
        Map<String, Map<String, Object>> resources = TEMPLATE.findResources("AWS::ApiGateway::Resource");
        resources.keySet().forEach(id -> paths.put(id, path(resources, id)));
        Map<String, Boolean> keyRequired = new TreeMap<>();
        TEMPLATE.findResources("AWS::ApiGateway::Method").values().forEach(method -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> properties = (Map<String, Object>) method.get("Properties");
            @SuppressWarnings("unchecked")
            String resource = ((Map<String, String>) properties.get("ResourceId")).get("Ref");
            keyRequired.put(properties.get("HttpMethod") + " " + paths.get(resource), (Boolean)
                    properties.get("ApiKeyRequired"));
        });

        Map<String, Boolean> expected = new TreeMap<>();
        RestOperations.ALL.forEach(operation -> expected.put(operation.key(), operation.allows(Role.PROVIDER)));
        assertThat(keyRequired).isEqualTo(expected);
        assertThat(SportsfeedsStack.KEY_CHECKED_BY_GATEWAY).isEqualTo(RestOperations.callableBy(Role.PROVIDER));
    }

    /** The path of an API Gateway resource, from its parents' path parts. */
    @SuppressWarnings("unchecked")
    private static String path(Map<String, Map<String, Object>> resources, String id) {
        Map<String, Object> properties = (Map<String, Object>) resources.get(id).get("Properties");
        Object parent = ((Map<String, Object>) properties.get("ParentId")).get("Ref");
        String parentPath = parent == null ? "" : path(resources, parent.toString());
        return parentPath + "/" + properties.get("PathPart");
    }

    @Test
    void routesConnectDisconnectAndDefault_toTheWebSocketFunctionsAlias() {
        TEMPLATE.hasResourceProperties(
                "AWS::ApiGatewayV2::Api",
                Map.of("ProtocolType", "WEBSOCKET", "RouteSelectionExpression", "$request.body.action"));
        for (String route : List.of("$connect", "$disconnect", "$default")) {
            TEMPLATE.hasResourceProperties(
                    "AWS::ApiGatewayV2::Route", Map.of("RouteKey", route, "Target", Match.anyValue()));
        }
        TEMPLATE.resourceCountIs("AWS::ApiGatewayV2::Route", 3);
        TEMPLATE.resourceCountIs("AWS::ApiGatewayV2::Integration", 3);
        Capture uri = new Capture();
        TEMPLATE.allResourcesProperties(
                "AWS::ApiGatewayV2::Integration", Map.of("IntegrationType", "AWS_PROXY", "IntegrationUri", uri));
        do {
            assertThat(uri.asObject().toString()).contains(logicalId("AWS::Lambda::Alias", "WebSocket"));
        } while (uri.next());
        TEMPLATE.hasResourceProperties(
                "AWS::ApiGatewayV2::Stage",
                Map.of(
                        "StageName",
                        "prod",
                        "AutoDeploy",
                        true,
                        "DefaultRouteSettings",
                        Map.of("ThrottlingRateLimit", 50, "ThrottlingBurstLimit", 100)));
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

    @Test
    void grantsEachFunctionExactlyWhatItUses() {
        Map<String, Object> table = Map.of("Fn::GetAtt", List.of(logicalId("AWS::DynamoDB::Table"), "Arn"));
        Map<String, Object> tableStatement = Map.of(
                "Effect",
                "Allow",
                "Action",
                SportsfeedsStack.TABLE_ACTIONS,
                "Resource",
                List.of(table, Map.of("Fn::Join", List.of("", List.of(table, "/index/*")))));
        Map<String, Object> connections = Map.of(
                "Effect", "Allow",
                "Action", "execute-api:ManageConnections",
                "Resource",
                        Map.of(
                                "Fn::Join",
                                List.of(
                                        "",
                                        List.of(
                                                "arn:",
                                                Map.of("Ref", "AWS::Partition"),
                                                ":execute-api:eu-west-1:123456789012:",
                                                ref("AWS::ApiGatewayV2::Api"),
                                                "/prod/*/@connections/*"))));
        assertThat(statementsOf("Rest")).containsExactly(logs("Rest"), tableStatement);
        assertThat(statementsOf("WebSocket")).containsExactly(logs("WebSocket"), tableStatement, connections);
        assertThat(statementsOf("StreamConsumer"))
                .containsExactly(
                        logs("StreamConsumer"),
                        tableStatement,
                        connections,
                        Map.of(
                                "Effect", "Allow",
                                "Action", List.of("sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"),
                                "Resource", Map.of("Fn::GetAtt", List.of(logicalId("AWS::SQS::Queue"), "Arn"))),
                        Map.of(
                                "Effect", "Allow",
                                "Action",
                                        List.of(
                                                "kinesis:DescribeStreamSummary",
                                                "kinesis:GetRecords",
                                                "kinesis:GetShardIterator",
                                                "kinesis:ListShards",
                                                "kinesis:SubscribeToShard",
                                                "kinesis:DescribeStream",
                                                "kinesis:ListStreams",
                                                "kinesis:DescribeStreamConsumer"),
                                "Resource", Map.of("Fn::GetAtt", List.of(logicalId("AWS::Kinesis::Stream"), "Arn"))));
        TEMPLATE.resourceCountIs("AWS::IAM::Policy", 3);
        TEMPLATE.allResourcesProperties(
                "AWS::IAM::Role",
                Map.of(
                        "AssumeRolePolicyDocument",
                                Map.of(
                                        "Statement",
                                        List.of(Map.of(
                                                "Action", "sts:AssumeRole",
                                                "Effect", "Allow",
                                                "Principal", Map.of("Service", "lambda.amazonaws.com")))),
                        "ManagedPolicyArns", Match.absent()));
    }

    @Test
    void writesNoWildcardActionOrResource_inAnyPolicy() {
        List<String> wildcards = new ArrayList<>();
        TEMPLATE.findResources("AWS::IAM::Policy").forEach((id, policy) -> {
            for (Map<String, Object> statement : statements(policy)) {
                for (Object action : asList(statement.get("Action"))) {
                    if (action.toString().contains("*")) {
                        wildcards.add(id + " action " + action);
                    }
                }
                for (Object resource : asList(statement.get("Resource"))) {
                    if ("*".equals(resource)) {
                        wildcards.add(id + " resource *");
                    }
                }
            }
        });
        assertThat(wildcards).isEmpty();
    }

    private static List<Map<String, Object>> statementsOf(String function) {
        String role = logicalId("AWS::IAM::Role", function);
        return TEMPLATE.findResources("AWS::IAM::Policy").values().stream()
                .filter(policy -> policy.toString().contains(role))
                .findFirst()
                .map(SportsfeedsStackTest::statements)
                .orElseThrow(() -> new AssertionError("no policy for the role " + role));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(Object policy) {
        Map<String, Object> properties = (Map<String, Object>) ((Map<String, Object>) policy).get("Properties");
        return (List<Map<String, Object>>) ((Map<String, Object>) properties.get("PolicyDocument")).get("Statement");
    }

    private static List<?> asList(Object value) {
        return value instanceof List<?> list ? list : List.of(value);
    }

    private static Map<String, Object> logs(String function) {
        return Map.of(
                "Effect", "Allow",
                "Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                "Resource", Map.of("Fn::GetAtt", List.of(logicalId("AWS::Logs::LogGroup", function), "Arn")));
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

    private static Map<String, Object> ref(String type) {
        return Map.of("Ref", logicalId(type));
    }

    private static Map<String, Object> ref(String type, String prefix) {
        return Map.of("Ref", logicalId(type, prefix));
    }

    /** The logical id of the only resource of {@code type}. */
    private static String logicalId(String type) {
        Map<String, Map<String, Object>> found = TEMPLATE.findResources(type);
        assertThat(found).as("resources of type %s", type).hasSize(1);
        return found.keySet().iterator().next();
    }

    /** The logical id of the resource of {@code type} whose id starts with {@code prefix} (its construct's path). */
    private static String logicalId(String type, String prefix) {
        List<String> ids = TEMPLATE.findResources(type).keySet().stream()
                .filter(id -> id.matches("(RestApi)?" + prefix + "[A-Z0-9].*"))
                .toList();
        assertThat(ids).as("resources of type %s named %s", type, prefix).hasSize(1);
        return ids.getFirst();
    }
}
