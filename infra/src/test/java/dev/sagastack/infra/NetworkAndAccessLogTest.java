package dev.sagastack.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.infra.stateless.DataApi;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** HTTP API access logs use HTTP API variables; the VPC's default security group and the proxy's egress are closed. */
class NetworkAndAccessLogTest {

    /** The variables of "Customize HTTP API access logs" (API Gateway developer guide) this format may use. */
    private static final Set<String> HTTP_API_VARIABLES = Set.of(
            "$context.requestId", "$context.identity.sourceIp", "$context.identity.userAgent",
            "$context.identity.userArn", "$context.requestTime", "$context.httpMethod", "$context.path",
            "$context.routeKey", "$context.status", "$context.protocol", "$context.responseLength",
            "$context.responseLatency", "$context.integration.status", "$context.integration.latency",
            "$context.integrationErrorMessage", "$context.authorizer.error");

    @Test
    @DisplayName("the access log is one JSON object of HTTP API variables, with the route key and no REST-only variable")
    void accessLogUsesHttpApiVariables() throws Exception {
        Capture format = new Capture();
        SynthesizedStage.dev().stateless.hasResourceProperties("AWS::ApiGatewayV2::Stage", Match.objectLike(Map.of(
                "AccessLogSettings", Match.objectLike(Map.of("Format", format)))));
        assertThat(format.asString()).isEqualTo(DataApi.ACCESS_LOG_FORMAT);
        JsonNode json = new ObjectMapper().readTree(format.asString()); // valid JSON
        assertThat(json.get("routeKey").asText()).isEqualTo("$context.routeKey");
        List<String> variables = new ArrayList<>();
        Matcher m = Pattern.compile("\\$context\\.[A-Za-z.]+").matcher(format.asString());
        while (m.find()) {
            variables.add(m.group());
        }
        assertThat(variables).isNotEmpty().allMatch(HTTP_API_VARIABLES::contains)
                .doesNotContain("$context.resourcePath");
    }

    @Test
    @DisplayName("the VPC's default security group is stripped of its rules")
    void defaultSecurityGroupIsRestricted() {
        for (SynthesizedStage s : List.of(SynthesizedStage.dev(), SynthesizedStage.prod())) {
            s.stateful.resourceCountIs("Custom::VpcRestrictDefaultSG", 1);
            s.stateful.hasResourceProperties("Custom::VpcRestrictDefaultSG", Match.objectLike(Map.of(
                    "DefaultSecurityGroupId", Match.objectLike(Map.of("Fn::GetAtt", Match.arrayWith(List.of("DefaultSecurityGroup")))))));
        }
    }

    @Test
    @DisplayName("the proxy's security group sends only to the cluster's database port, nothing else")
    void proxyEgressOnlyToTheCluster() {
        for (SynthesizedStage s : List.of(SynthesizedStage.dev(), SynthesizedStage.prod())) {
            Map<String, Object> proxyGroup = Map.of("GroupDescription", Match.stringLikeRegexp("^RDS Proxy.*"));
            // no inline egress on the proxy's group (CDK writes 0.0.0.0/0 there when all outbound is allowed)
            s.stateful.hasResourceProperties("AWS::EC2::SecurityGroup", Match.objectLike(Map.of(
                    "GroupDescription", Match.stringLikeRegexp("^RDS Proxy.*"),
                    "SecurityGroupEgress", Match.absent())));
            s.stateful.resourcePropertiesCountIs("AWS::EC2::SecurityGroup", Match.objectLike(proxyGroup), 1);
            Capture group = new Capture();
            s.stateful.resourcePropertiesCountIs("AWS::EC2::SecurityGroupEgress", Match.objectLike(Map.of(
                    "Description", "Allow connections to the database Cluster from the Proxy")), 1);
            s.stateful.hasResourceProperties("AWS::EC2::SecurityGroupEgress", Match.objectLike(Map.of(
                    "Description", "Allow connections to the database Cluster from the Proxy",
                    "IpProtocol", "tcp",
                    "GroupId", group,
                    "DestinationSecurityGroupId", Match.objectLike(Map.of("Fn::GetAtt", Match.anyValue())),
                    "FromPort", Match.objectLike(Map.of("Fn::GetAtt", Match.arrayWith(List.of("Endpoint.Port"))))
            )));
            assertThat(group.asObject().toString()).contains("ProxySecurityGroup");
        }
    }
}
