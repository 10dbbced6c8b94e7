package dev.sagastack.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.infra.stateful.InventoryDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No resource carries a fixed physical name unless the name includes the stage and the resource is
 * never replaced (or, where CloudFormation requires a name, carries a generation bumped on replacement).
 * A second stage in the same account and region, or a stack deleted and created again, must not fail
 * with "already exists".
 */
class PhysicalNamesTest {

    /** Account-wide physical-name properties, by resource type. Names scoped to a parent (alias, API stage) are not listed. */
    private static final Map<String, String> NAME_PROPERTIES = new TreeMap<>(Map.ofEntries(
            Map.entry("AWS::RDS::DBProxy", "DBProxyName"),
            Map.entry("AWS::RDS::DBCluster", "DBClusterIdentifier"),
            Map.entry("AWS::RDS::DBInstance", "DBInstanceIdentifier"),
            Map.entry("AWS::RDS::DBSubnetGroup", "DBSubnetGroupName"),
            Map.entry("AWS::Logs::LogGroup", "LogGroupName"),
            Map.entry("AWS::CloudWatch::Dashboard", "DashboardName"),
            Map.entry("AWS::CloudWatch::Alarm", "AlarmName"),
            Map.entry("AWS::SSM::Parameter", "Name"),
            Map.entry("AWS::DynamoDB::Table", "TableName"),
            Map.entry("AWS::Lambda::Function", "FunctionName"),
            Map.entry("AWS::IAM::Role", "RoleName"),
            Map.entry("AWS::SQS::Queue", "QueueName"),
            Map.entry("AWS::SNS::Topic", "TopicName"),
            Map.entry("AWS::StepFunctions::StateMachine", "StateMachineName"),
            Map.entry("AWS::DAX::Cluster", "ClusterName"),
            Map.entry("AWS::DAX::SubnetGroup", "SubnetGroupName"),
            Map.entry("AWS::DAX::ParameterGroup", "ParameterGroupName"),
            Map.entry("AWS::SecretsManager::Secret", "Name"),
            Map.entry("AWS::KMS::Alias", "AliasName"),
            Map.entry("AWS::EC2::SecurityGroup", "GroupName"),
            Map.entry("AWS::ApiGatewayV2::Api", "Name")));

    /**
     * Every named resource, "stack type" -> why its name is safe. Each must contain the stage.
     */
    private static final Map<String, String> DOCUMENTED = Map.of(
            "Stateful AWS::RDS::DBProxy",
            "CloudFormation requires DBProxyName; sagastack-<stage>-inventory-<generation>, the generation is "
                    + "bumped by a change that replaces the proxy (runbook in docs/operations.md)",
            "Stateful AWS::SSM::Parameter",
            "/sagastack/<stage>/...: the names are the contract the stateless stack reads; a parameter is only "
                    + "replaced when its name changes, which would be a contract change",
            "Stateless AWS::Logs::LogGroup",
            "the saga's vended-log group (keeps CloudWatch Logs' resource policy small): the name ends in the "
                    + "stack's UUID, so a retained group of a deleted stack never collides with its successor",
            "Stateless AWS::CloudWatch::Dashboard",
            "sagastack-<stage>: deleted with its stack (never retained), and only a name change replaces it",
            "Stateless AWS::ApiGatewayV2::Api",
            "an API's Name is a label, not an identifier (API ids are generated; names need not be unique)");

    @Test
    @DisplayName("every fixed physical name is documented, includes the stage, and the proxy's carries its generation")
    void everyNamedResourceIsDocumented() {
        for (SynthesizedStage s : List.of(SynthesizedStage.dev(), SynthesizedStage.prod())) {
            Map<String, List<String>> named = new TreeMap<>();
            named.putAll(namedResources("Stateful", s.stateful));
            named.putAll(namedResources("Stateless", s.stateless));

            assertThat(named.keySet()).as(s.stage.name()).isSubsetOf(DOCUMENTED.keySet());
            named.forEach((what, names) -> assertThat(names).as(s.stage.name() + " " + what)
                    .allSatisfy(name -> assertThat(name).contains(s.stage.name())));
            s.stateful.hasResourceProperties("AWS::RDS::DBProxy", Map.of("DBProxyName",
                    "sagastack-" + s.stage.name() + "-inventory-" + InventoryDatabase.PROXY_GENERATION));
        }
    }

    @Test
    @DisplayName("the saga's log group name ends in the stack's UUID, so a recreated stack gets a new group")
    void sagaLogGroupNameIsPerStackInstance() {
        SynthesizedStage prod = SynthesizedStage.prod();
        Capture name = new Capture();
        prod.stateless.hasResourceProperties("AWS::Logs::LogGroup", Map.of("LogGroupName", name));
        assertThat(json(name.asObject())).contains("/aws/vendedlogs/states/sagastack-prod-order-saga-")
                .contains("AWS::StackId");
        // prod retains the group: only safe because the name differs per stack instance
        prod.stateless.hasResource("AWS::Logs::LogGroup", Match.objectLike(Map.of(
                "DeletionPolicy", "Retain", "Properties", Match.objectLike(Map.of("LogGroupName", Match.anyValue())))));
    }

    @Test
    @DisplayName("the rotation function's name (inside the rotation application) is derived from the stage's stack name")
    void rotationFunctionNameIncludesTheStage() {
        SynthesizedStage dev = SynthesizedStage.dev();
        Capture name = new Capture();
        dev.stateful.hasResourceProperties("AWS::Serverless::Application",
                Map.of("Parameters", Match.objectLike(Map.of("functionName", name))));
        assertThat(name.asString()).startsWith("Sagastackdev");
    }

    /** "stack type" -> the names (serialized, tokens included) of the resources of that type that set a name. */
    private static Map<String, List<String>> namedResources(String stack, Template template) {
        Map<String, List<String>> named = new LinkedHashMap<>();
        NAME_PROPERTIES.forEach((type, property) -> {
            Map<String, Map<String, Object>> found = template.findResources(type, Match.objectLike(
                    Map.of("Properties", Match.objectLike(Map.of(property, Match.anyValue())))));
            if (!found.isEmpty()) {
                named.put(stack + " " + type, found.values().stream()
                        .map(r -> json(((Map<?, ?>) r.get("Properties")).get(property))).toList());
            }
        });
        return named;
    }

    private static String json(Object value) {
        try {
            return value instanceof String s ? s : new ObjectMapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
