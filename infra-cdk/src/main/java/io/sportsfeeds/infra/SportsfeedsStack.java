package io.sportsfeeds.infra;

import io.sportsfeeds.api.http.RestOperations;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.WebSocketLambdaIntegration;
import software.amazon.awscdk.services.apigateway.ApiKeySourceType;
import software.amazon.awscdk.services.apigateway.IApiKey;
import software.amazon.awscdk.services.apigateway.IResource;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.apigateway.ThrottleSettings;
import software.amazon.awscdk.services.apigateway.UsagePlan;
import software.amazon.awscdk.services.apigateway.UsagePlanPerApiStage;
import software.amazon.awscdk.services.apigateway.UsagePlanProps;
import software.amazon.awscdk.services.apigatewayv2.WebSocketApi;
import software.amazon.awscdk.services.apigatewayv2.WebSocketRouteOptions;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.LocalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kinesis.Stream;
import software.amazon.awscdk.services.kinesis.StreamMode;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.FilterCriteria;
import software.amazon.awscdk.services.lambda.FilterRule;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.eventsources.KinesisEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * sportsfeeds on AWS, in one stack: the single DynamoDB table (its indexes as {@code
 * adapters-aws/DYNAMODB.md} lists them, TTL on {@code EXPIRE}, point-in-time recovery) streaming its
 * changes to a Kinesis stream; app-lambda's three functions (java21, SnapStart, invoked through a
 * {@code live} alias of the published version); the REST API (the provider's API key, a usage plan
 * that throttles); the WebSocket API; and the stream consumer's event source mapping, which sends
 * what it gives up on to a queue.
 *
 * <p>Each function has a role of its own with exactly what it uses: its log group, the table, the
 * WebSocket stage's connections (those that post frames), the stream (the consumer).
 */
public final class SportsfeedsStack extends Stack {
    static final String HANDLERS = "io.sportsfeeds.app.lambda.";
    static final String STAGE = "prod";
    static final String ALIAS = "live";

    /**
     * The operations on which API Gateway requires the provider's API key: those a provider may call,
     * from the api module's one route table ({@link RestOperations}); app-lambda's {@code
     * RestHandler.KEY_CHECKED_BY_GATEWAY} is the same set and answers them without checking the key
     * again. The other operations (the admin routes) carry the admin key to the function, which checks it.
     */
    static final Set<String> KEY_CHECKED_BY_GATEWAY =
            RestOperations.callableBy(io.sportsfeeds.core.domain.Role.PROVIDER);

    /**
     * What adapters-aws's stores call on the table (no Scan, no streams, no transactions); every
     * function uses the stores for odds, connections and clients, each of which needs most of these.
     */
    static final List<String> TABLE_ACTIONS = List.of(
            "dynamodb:GetItem",
            "dynamodb:BatchGetItem",
            "dynamodb:Query",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
            "dynamodb:BatchWriteItem");

    /**
     * @param code app-lambda's shaded jar ({@code Code.fromAsset("../app-lambda/target/app-lambda.jar")});
     *     tests give a placeholder asset
     */
    public SportsfeedsStack(Construct scope, String id, StackProps props, StackSettings settings, Code code) {
        super(scope, id, props);
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(code, "code");

        Stream stream = Stream.Builder.create(this, "Changes")
                .streamMode(settings.streamShards() == 0 ? StreamMode.ON_DEMAND : StreamMode.PROVISIONED)
                .shardCount(settings.streamShards() == 0 ? null : settings.streamShards())
                .retentionPeriod(Duration.hours(24))
                .build();
        Table table = table(stream);

        Map<String, String> environment = new HashMap<>();
        environment.put("SPORTSFEEDS_TABLE", table.getTableName());
        environment.put("SPORTSFEEDS_STREAM", stream.getStreamName());
        environment.put("SPORTSFEEDS_RETENTION_DAYS", String.valueOf(settings.retentionDays()));
        // The functions' embedded-format metrics go to a namespace named after the stack (docs/AWS-DEPLOY.md).
        environment.put("SPORTSFEEDS_METRICS_NAMESPACE", id);

        // The REST API.
        Map<String, String> restEnvironment = new HashMap<>(environment);
        settings.adminKeySha256().ifPresent(hash -> restEnvironment.put("SPORTSFEEDS_ADMIN_KEY_SHA256", hash));
        Alias rest = function("Rest", "RestHandler", restEnvironment, settings, code);
        table.grant(rest, TABLE_ACTIONS.toArray(String[]::new));
        RestApi restApi = RestApi.Builder.create(this, "RestApi")
                .restApiName(id + "-rest")
                .description("sportsfeeds: ingest (provider key), reads, admin routes (admin key)")
                .cloudWatchRole(false)
                .apiKeySourceType(ApiKeySourceType.HEADER)
                .deployOptions(StageOptions.builder()
                        .stageName(STAGE)
                        .throttlingRateLimit(settings.rateLimit())
                        .throttlingBurstLimit(settings.burstLimit())
                        .build())
                .build();
        LambdaIntegration integration =
                LambdaIntegration.Builder.create(rest).allowTestInvoke(false).build();
        for (RestOperations.Operation operation : RestOperations.ALL) {
            method(restApi, operation, integration, KEY_CHECKED_BY_GATEWAY.contains(operation.key()));
        }
        UsagePlan plan = restApi.addUsagePlan(
                "Providers",
                UsagePlanProps.builder()
                        .name(id + "-providers")
                        .throttle(ThrottleSettings.builder()
                                .rateLimit(settings.rateLimit())
                                .burstLimit(settings.burstLimit())
                                .build())
                        .build());
        plan.addApiStage(UsagePlanPerApiStage.builder()
                .api(restApi)
                .stage(restApi.getDeploymentStage())
                .build());
        IApiKey providerKey = restApi.addApiKey("ProviderKey");
        plan.addApiKey(providerKey);

        // The WebSocket API: every route to one function.
        Map<String, String> pushEnvironment = new HashMap<>(environment);
        WebSocketApi webSocketApi = WebSocketApi.Builder.create(this, "WebSocketApi")
                .apiName(id + "-websocket")
                .routeSelectionExpression("$request.body.action")
                .build();
        WebSocketStage stage = WebSocketStage.Builder.create(this, "WebSocketStage")
                .webSocketApi(webSocketApi)
                .stageName(STAGE)
                .autoDeploy(true)
                .throttle(software.amazon.awscdk.services.apigatewayv2.ThrottleSettings.builder()
                        .rateLimit(settings.rateLimit())
                        .burstLimit(settings.burstLimit())
                        .build())
                .build();
        pushEnvironment.put("AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI", stage.getCallbackUrl());
        Alias webSocket = function("WebSocket", "WebSocketHandler", pushEnvironment, settings, code);
        table.grant(webSocket, TABLE_ACTIONS.toArray(String[]::new));
        stage.grantManagementApiAccess(webSocket);
        for (String route : List.of("$connect", "$disconnect", "$default")) {
            // An integration per route: one shared by three routes makes CloudFormation ids collide.
            String name = route.substring(1);
            webSocketApi.addRoute(
                    route,
                    WebSocketRouteOptions.builder()
                            .integration(new WebSocketLambdaIntegration(name + "Integration", webSocket))
                            .build());
        }

        // The stream consumer.
        Alias consumer = function("StreamConsumer", "StreamConsumerHandler", pushEnvironment, settings, code);
        table.grant(consumer, TABLE_ACTIONS.toArray(String[]::new));
        stage.grantManagementApiAccess(consumer);
        Queue failures = Queue.Builder.create(this, "StreamFailures")
                .retentionPeriod(Duration.days(14))
                .encryption(QueueEncryption.SQS_MANAGED)
                .build();
        consumer.addEventSource(new KinesisEventSource(
                stream,
                software.amazon.awscdk.services.lambda.eventsources.KinesisEventSourceProps.builder()
                        .startingPosition(StartingPosition.TRIM_HORIZON)
                        .batchSize(settings.batchSize())
                        .maxBatchingWindow(Duration.millis(0))
                        .bisectBatchOnError(true)
                        .retryAttempts(settings.maxRetries())
                        .maxRecordAge(Duration.seconds(settings.maxRecordAgeSeconds()))
                        .onFailure(new SqsDlq(failures))
                        .reportBatchItemFailures(true)
                        .parallelizationFactor(settings.parallelizationFactor())
                        // Only odds history and client items matter to the consumer (DYNAMODB.md, change
                        // records): the odds it publishes, the clients whose deactivation closes their
                        // connections. Filters in the list are OR'ed.
                        .filters(List.of(sortKeyBeginsWith("odds#"), sortKeyBeginsWith("cli-")))
                        .build()));

        CfnOutput.Builder.create(this, "RestUrl")
                .description("The REST API: PUT /feeds with the provider key in x-api-key")
                .value(restApi.getUrl())
                .build();
        CfnOutput.Builder.create(this, "WebSocketUrl")
                .description("The WebSocket API: wss://...?client=ID&secret=SECRET")
                .value(stage.getUrl())
                .build();
        CfnOutput.Builder.create(this, "ProviderApiKeyId")
                .description("aws apigateway get-api-key --include-value --api-key <this> prints the provider key")
                .value(providerKey.getKeyId())
                .build();
        CfnOutput.Builder.create(this, "StreamFailuresQueueUrl")
                .description("Records the stream consumer gave up on")
                .value(failures.getQueueUrl())
                .build();
    }

    private Table table(Stream stream) {
        Table table = Table.Builder.create(this, "Table")
                .partitionKey(string("PK"))
                .sortKey(string("SK"))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute("EXPIRE")
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .kinesisStream(stream)
                // The odds history is the data: `cdk destroy` leaves the table (see docs/AWS-DEPLOY.md).
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName("GSI-1")
                .partitionKey(string("ISSCHEDULED"))
                .sortKey(number("GAMEDATE"))
                .projectionType(ProjectionType.ALL)
                .build());
        table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName("GSI-UNSCHEDULED")
                .partitionKey(string("ISUNSCHEDULED"))
                .sortKey(number("GAMEDATE"))
                .projectionType(ProjectionType.ALL)
                .build());
        table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName("GSI-CLIENTS")
                .partitionKey(string("ACTIVE"))
                .sortKey(string("PK"))
                .projectionType(ProjectionType.ALL)
                .build());
        table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName("GSI-EXPIRY")
                .partitionKey(string("EXPIRYSHARD"))
                .sortKey(number("EXPIRESAT"))
                .projectionType(ProjectionType.KEYS_ONLY)
                .build());
        table.addLocalSecondaryIndex(LocalSecondaryIndexProps.builder()
                .indexName("LSI-IDENTITY")
                .sortKey(string("IDENTITY"))
                .projectionType(ProjectionType.KEYS_ONLY)
                .build());
        return table;
    }

    /** A function of app-lambda with its own role and log group, invoked through the alias of its published version. */
    private Alias function(
            String name, String handler, Map<String, String> environment, StackSettings settings, Code code) {
        LogGroup logs = LogGroup.Builder.create(this, name + "Logs")
                .retention(settings.logRetention())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        // A role of its own rather than AWSLambdaBasicExecutionRole, whose logs actions are on every resource.
        Role role = Role.Builder.create(this, name + "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .build();
        logs.grantWrite(role);
        Function function = Function.Builder.create(this, name + "Function")
                .runtime(Runtime.JAVA_21)
                .handler(HANDLERS + handler + "::handleRequest")
                .code(code)
                .memorySize(settings.memoryMb())
                .timeout(Duration.seconds(settings.timeoutSeconds()))
                .role(role)
                .logGroup(logs)
                // The functions write their own JSON lines (logs, and metrics in embedded metric format, which
                // CloudWatch reads from a log event that is the JSON object itself): the text format passes
                // each line through as written.
                .loggingFormat(LoggingFormat.TEXT)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .environment(Map.copyOf(environment))
                .build();
        // The warning that SnapStart needs a published version: the alias below publishes one.
        Annotations.of(function)
                .acknowledgeWarning(
                        "@aws-cdk/aws-lambda:snapStartRequirePublish", "invoked through the live alias of its version");
        return Alias.Builder.create(this, name + "Alias")
                .aliasName(ALIAS)
                .version(function.getCurrentVersion())
                .build();
    }

    private static void method(
            RestApi api, RestOperations.Operation operation, LambdaIntegration integration, boolean apiKeyRequired) {
        IResource resource = api.getRoot();
        for (String part : operation.path().substring(1).split("/")) {
            IResource child = resource.getResource(part);
            resource = child == null ? resource.addResource(part) : child;
        }
        resource.addMethod(
                operation.method(),
                integration,
                MethodOptions.builder().apiKeyRequired(apiKeyRequired).build());
    }

    private static Attribute string(String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }

    private static Attribute number(String name) {
        return Attribute.builder().name(name).type(AttributeType.NUMBER).build();
    }

    /** An event filter that lets through the change records of items whose sort key begins with {@code prefix}. */
    private static Map<String, Object> sortKeyBeginsWith(String prefix) {
        return FilterCriteria.filter(Map.of(
                "data", Map.of("dynamodb", Map.of("Keys", Map.of("SK", Map.of("S", FilterRule.beginsWith(prefix)))))));
    }
}
