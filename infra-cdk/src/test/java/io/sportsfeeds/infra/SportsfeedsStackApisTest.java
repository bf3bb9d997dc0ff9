package io.sportsfeeds.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.sportsfeeds.api.http.RestOperations;
import io.sportsfeeds.core.domain.Role;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;

/** The stack's two APIs: the REST API's methods and where the API key is checked, the WebSocket API's routes. */
class SportsfeedsStackApisTest extends SportsfeedsStackFixture {
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
}
