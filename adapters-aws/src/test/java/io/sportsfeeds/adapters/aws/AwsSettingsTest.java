package io.sportsfeeds.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AwsSettingsTest {

    @Test
    void takesPerServiceEndpointsBeforeTheSharedOne() {
        AwsSettings settings = AwsSettings.fromEnvironment(
                Map.of(
                        "AWS_REGION", "eu-west-2",
                        "AWS_ENDPOINT_URL", "http://localhost:4566",
                        "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000"),
                "sportsfeeds",
                "sportsfeeds-changes");

        assertThat(settings)
                .isEqualTo(new AwsSettings(
                        "eu-west-2",
                        "sportsfeeds",
                        "sportsfeeds-changes",
                        Optional.of(URI.create("http://127.0.0.1:8000")),
                        Optional.of(URI.create("http://localhost:4566"))));
    }

    @Test
    void takesTheManagementApiEndpointFromItsOwnVariableOnly() {
        AwsSettings settings = AwsSettings.fromEnvironment(
                Map.of(
                        "AWS_REGION", "eu-west-2",
                        "AWS_ENDPOINT_URL", "http://localhost:4566",
                        "AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI",
                                "https://abc123.execute-api.eu-west-2.amazonaws.com/prod"),
                "t",
                "s");
        AwsSettings withoutIt = AwsSettings.fromEnvironment(
                Map.of("AWS_REGION", "eu-west-2", "AWS_ENDPOINT_URL", "http://localhost:4566"), "t", "s");

        assertThat(settings.managementApiEndpoint())
                .contains(URI.create("https://abc123.execute-api.eu-west-2.amazonaws.com/prod"));
        assertThat(withoutIt.managementApiEndpoint()).isEmpty();
        assertThat(withoutIt
                        .withManagementApiEndpoint(URI.create("http://127.0.0.1:9/stage"))
                        .managementApiEndpoint())
                .contains(URI.create("http://127.0.0.1:9/stage"));
    }

    @Test
    void usesTheRegionsEndpoints_whenNoneIsSet() {
        AwsSettings settings = AwsSettings.fromEnvironment(Map.of("AWS_DEFAULT_REGION", "us-east-1"), "t", "s");

        assertThat(settings.region()).isEqualTo("us-east-1");
        assertThat(settings.dynamoDbEndpoint()).isEmpty();
        assertThat(settings.kinesisEndpoint()).isEmpty();
    }

    @Test
    void namesTheVariable_whenTheRegionIsMissingOrAnEndpointIsNoUrl() {
        assertThatThrownBy(() -> AwsSettings.fromEnvironment(Map.of(), "t", "s"))
                .hasMessage("AWS_REGION must be set (the region of the table and stream)");
        assertThatThrownBy(() -> AwsSettings.fromEnvironment(
                        Map.of("AWS_REGION", "eu-west-2", "AWS_ENDPOINT_URL_KINESIS", "localhost"), "t", "s"))
                .hasMessage("AWS_ENDPOINT_URL_KINESIS must be a URL such as http://localhost:4566, was localhost");
    }
}
