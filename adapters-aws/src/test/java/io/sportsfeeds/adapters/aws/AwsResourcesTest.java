package io.sportsfeeds.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sportsfeeds.adapters.aws.AwsResources.Report;
import io.sportsfeeds.adapters.aws.AwsResources.Support;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeKinesisStreamingDestinationRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeKinesisStreamingDestinationResponse;
import software.amazon.awssdk.services.dynamodb.model.DestinationStatus;
import software.amazon.awssdk.services.dynamodb.model.EnableKinesisStreamingDestinationRequest;
import software.amazon.awssdk.services.dynamodb.model.EnableKinesisStreamingDestinationResponse;
import software.amazon.awssdk.services.dynamodb.model.KinesisDataStreamDestination;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** The resources of aws mode on dynalite and kinesis-local; DynamoDB's streaming-destination answers stood in for. */
@ExtendWith(KinesisLocal.Extension.class)
class AwsResourcesTest {
    @RegisterExtension
    static final DynaliteExtension dynalite = new DynaliteExtension();

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static KinesisLocal kinesis;

    @BeforeAll
    static void emulator(KinesisLocal emulator) {
        kinesis = emulator;
    }

    private static AwsSettings newSettings(String purpose) {
        String name = purpose + "-" + UUID.randomUUID();
        return new AwsSettings(
                DynaliteExtension.REGION,
                name,
                name + "-changes",
                Optional.of(dynalite.endpoint()),
                Optional.of(kinesis.endpoint()));
    }

    @Test
    void createsTheTableAndAnActiveStream_andReportsWhatTheEmulatorsLack() {
        AwsSettings settings = newSettings("resources");

        Report report = AwsResources.create(dynalite.client(), kinesis.client(), settings, true, TIMEOUT);

        assertThat(report.tableCreated()).isTrue();
        assertThat(report.streamCreated()).isTrue();
        assertThat(report.streamArn())
                .startsWith("arn:aws:kinesis:eu-west-2:")
                .endsWith(":stream/" + settings.stream());
        assertThat(report.streamingDestination()).isEqualTo(Support.UNSUPPORTED);
        assertThat(report.timeToLive()).isEqualTo(Support.UNSUPPORTED);
        assertThat(kinesis.client()
                        .describeStreamSummary(r -> r.streamName(settings.stream()))
                        .streamDescriptionSummary()
                        .streamStatus())
                .isEqualTo(StreamStatus.ACTIVE);
        assertThat(dynalite.client()
                        .describeTable(r -> r.tableName(settings.table()))
                        .table()
                        .tableName())
                .isEqualTo(settings.table());
    }

    @Test
    void leavesWhatExistsAsItIs_whenRunAgain() {
        AwsSettings settings = newSettings("again");
        Report first = AwsResources.create(dynalite.client(), kinesis.client(), settings, false, TIMEOUT);

        Report second = AwsResources.create(dynalite.client(), kinesis.client(), settings, false, TIMEOUT);

        assertThat(second)
                .isEqualTo(new Report(false, false, first.streamArn(), Support.NOT_ASKED, Support.UNSUPPORTED));
    }

    @Test
    void enablesTheStreamingDestinationAndWaitsUntilItIsActive_whereTheEndpointHasOne() {
        AwsSettings settings = newSettings("destination");
        List<EnableKinesisStreamingDestinationRequest> enabled = new CopyOnWriteArrayList<>();
        AtomicInteger describes = new AtomicInteger();
        InterceptedDynamoDbClient dynamo = new InterceptedDynamoDbClient(dynalite.client());
        dynamo.intercept(new InterceptedDynamoDbClient.Interceptor() {
            @Override
            public SdkResponse before(SdkRequest request) {
                if (request instanceof EnableKinesisStreamingDestinationRequest enable) {
                    enabled.add(enable);
                    return EnableKinesisStreamingDestinationResponse.builder()
                            .destinationStatus(DestinationStatus.ENABLING)
                            .build();
                }
                if (request instanceof DescribeKinesisStreamingDestinationRequest) {
                    // None before it is enabled; then ENABLING twice, then ACTIVE.
                    int n = describes.getAndIncrement();
                    return enabled.isEmpty()
                            ? destinations(List.of())
                            : destinations(List.of(destination(
                                    enabled.getFirst().streamArn(),
                                    n < 3 ? DestinationStatus.ENABLING : DestinationStatus.ACTIVE)));
                }
                return null;
            }
        });

        Report report = AwsResources.create(dynamo, kinesis.client(), settings, true, TIMEOUT);

        assertThat(report.streamingDestination()).isEqualTo(Support.ENABLED);
        assertThat(enabled).singleElement().satisfies(enable -> {
            assertThat(enable.tableName()).isEqualTo(settings.table());
            assertThat(enable.streamArn()).isEqualTo(report.streamArn());
        });
        assertThat(describes.get()).isEqualTo(4);
    }

    @Test
    void doesNotEnableItAgain_whenTheTableStreamsToTheStreamAlready() {
        AwsSettings settings = newSettings("enabled");
        String arn = AwsResources.create(dynalite.client(), kinesis.client(), settings, false, TIMEOUT)
                .streamArn();
        List<SdkRequest> enableCalls = new CopyOnWriteArrayList<>();
        InterceptedDynamoDbClient dynamo = new InterceptedDynamoDbClient(dynalite.client());
        dynamo.intercept(new InterceptedDynamoDbClient.Interceptor() {
            @Override
            public SdkResponse before(SdkRequest request) {
                if (request instanceof EnableKinesisStreamingDestinationRequest) {
                    enableCalls.add(request);
                    return EnableKinesisStreamingDestinationResponse.builder().build();
                }
                if (request instanceof DescribeKinesisStreamingDestinationRequest) {
                    return destinations(List.of(
                            destination(
                                    "arn:aws:kinesis:eu-west-2:000000000000:stream/another",
                                    DestinationStatus.DISABLED),
                            destination(arn, DestinationStatus.ACTIVE)));
                }
                return null;
            }
        });

        Report report = AwsResources.create(dynamo, kinesis.client(), settings, true, TIMEOUT);

        assertThat(report.streamingDestination()).isEqualTo(Support.ENABLED);
        assertThat(enableCalls).isEmpty();
    }

    @Test
    void saysWhy_whenEnablingTheStreamingDestinationFails() {
        AwsSettings settings = newSettings("failed");
        InterceptedDynamoDbClient dynamo = new InterceptedDynamoDbClient(dynalite.client());
        List<String> arns = new CopyOnWriteArrayList<>();
        dynamo.intercept(new InterceptedDynamoDbClient.Interceptor() {
            @Override
            public SdkResponse before(SdkRequest request) {
                if (request instanceof EnableKinesisStreamingDestinationRequest enable) {
                    arns.add(enable.streamArn());
                    return EnableKinesisStreamingDestinationResponse.builder().build();
                }
                if (request instanceof DescribeKinesisStreamingDestinationRequest) {
                    return destinations(
                            arns.isEmpty()
                                    ? List.of()
                                    : List.of(destination(arns.getFirst(), DestinationStatus.ENABLE_FAILED).toBuilder()
                                            .destinationStatusDescription("User does not have a permission")
                                            .build()));
                }
                return null;
            }
        });

        assertThatThrownBy(() -> AwsResources.create(dynamo, kinesis.client(), settings, true, TIMEOUT))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageEndingWith(
                        ":stream/" + settings.stream() + " is ENABLE_FAILED: User does not have a permission")
                .hasMessageStartingWith(
                        "the Kinesis streaming destination of table " + settings.table() + " to arn:aws:kinesis:");
    }

    @Test
    void findsTheTableAndStreamAndWhetherOneStreamsToTheOther_whenChecking() {
        AwsSettings settings = newSettings("check");
        String arn = AwsResources.create(dynalite.client(), kinesis.client(), settings, false, TIMEOUT)
                .streamArn();
        InterceptedDynamoDbClient dynamo = new InterceptedDynamoDbClient(dynalite.client());
        dynamo.intercept(new InterceptedDynamoDbClient.Interceptor() {
            @Override
            public SdkResponse before(SdkRequest request) {
                return request instanceof DescribeKinesisStreamingDestinationRequest
                        ? destinations(List.of(destination(arn, DestinationStatus.DISABLED)))
                        : null;
            }
        });

        Report onDynalite = AwsResources.check(dynalite.client(), kinesis.client(), settings);
        Report disabled = AwsResources.check(dynamo, kinesis.client(), settings);

        assertThat(onDynalite).isEqualTo(new Report(false, false, arn, Support.UNSUPPORTED, Support.NOT_ASKED));
        assertThat(disabled.streamingDestination()).isEqualTo(Support.DISABLED);
    }

    @Test
    void namesWhatIsMissing_whenCheckingBeforeTheResourcesWereCreated() {
        AwsSettings settings = newSettings("missing");

        assertThatThrownBy(() -> AwsResources.check(dynalite.client(), kinesis.client(), settings))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage("the DynamoDB table " + settings.table() + " does not exist");
        DynamoDbTables.createIfMissing(dynalite.client(), settings, TIMEOUT);
        assertThatThrownBy(() -> AwsResources.check(dynalite.client(), kinesis.client(), settings))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage("the Kinesis stream " + settings.stream() + " does not exist");
    }

    @Test
    void namesTheResource_whenTheEndpointCannotBeReached() {
        AwsSettings settings = newSettings("unreachable");
        try (var nowhere = DynaliteExtension.clientOf(URI.create("http://127.0.0.1:1"))) {
            assertThatThrownBy(() -> AwsResources.create(nowhere, kinesis.client(), settings, true, TIMEOUT))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageStartingWith("cannot create the DynamoDB table " + settings.table() + ": ");
        }
    }

    private static DescribeKinesisStreamingDestinationResponse destinations(
            List<KinesisDataStreamDestination> destinations) {
        return DescribeKinesisStreamingDestinationResponse.builder()
                .kinesisDataStreamDestinations(destinations)
                .build();
    }

    private static KinesisDataStreamDestination destination(String arn, DestinationStatus status) {
        return KinesisDataStreamDestination.builder()
                .streamArn(arn)
                .destinationStatus(status)
                .build();
    }
}
