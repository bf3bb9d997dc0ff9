package io.sportsfeeds.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/** The functions' roles and policies: each function granted exactly what it uses, no wildcard. */
class SportsfeedsStackPermissionsTest extends SportsfeedsStackFixture {
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
                .map(SportsfeedsStackPermissionsTest::statements)
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
}
