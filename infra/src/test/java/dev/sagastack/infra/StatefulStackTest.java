package dev.sagastack.infra;

import dev.sagastack.functions.FunctionSpec.Access;
import dev.sagastack.infra.stateful.DaxCache;
import dev.sagastack.infra.stateful.InventoryDatabase;
import dev.sagastack.infra.stateful.StatefulStack;
import dev.sagastack.infra.stateless.JavaFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.services.ec2.ISecurityGroup;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Template tests of the stateful stack (VPC, DAX, Aurora, RDS Proxy) and of who may reach DAX and the proxy. */
class StatefulStackTest {

    private static List<SynthesizedStage> stages;

    @BeforeAll
    static void synthesize() {
        stages = List.of(SynthesizedStage.dev(), SynthesizedStage.prod());
    }

    private static StatefulStack stack(SynthesizedStage s) {
        return s.deployment.stateful();
    }

    private static Map<String, Object> resource(SynthesizedStage s, String logicalId) {
        return Cfn.map(Cfn.map(s.statefulJson().get("Resources")).get(logicalId));
    }

    @Test
    @DisplayName("the VPC has only isolated subnets, no NAT or internet gateway, a DynamoDB gateway endpoint and flow logs")
    void vpcIsIsolated() {
        for (SynthesizedStage s : stages) {
            s.stateful.resourceCountIs("AWS::EC2::VPC", 1);
            s.stateful.resourceCountIs("AWS::EC2::NatGateway", 0);
            s.stateful.resourceCountIs("AWS::EC2::InternetGateway", 0);
            s.stateful.resourceCountIs("AWS::EC2::FlowLog", 1);
            Map<String, Map<String, Object>> subnets = Cfn.resources(s.statefulJson(), "AWS::EC2::Subnet");
            assertThat(subnets).hasSize(2);
            subnets.values().forEach(subnet -> assertThat(Cfn.properties(subnet)).containsEntry("MapPublicIpOnLaunch", false));
            assertThat(endpointServices(s, "Gateway")).containsExactly("dynamodb");
        }
    }

    @Test
    @DisplayName("interface endpoints exist only for the APIs in-VPC code calls: SSM, Step Functions, Secrets Manager")
    void interfaceEndpointsOnlyWhereNeeded() {
        for (SynthesizedStage s : stages) {
            assertThat(endpointServices(s, "Interface")).containsExactlyInAnyOrder("ssm", "states", "secretsmanager");
            int endpointSubnets = s.stage.sizing().endpointsInEveryAz() ? 2 : 1;
            Cfn.resources(s.statefulJson(), "AWS::EC2::VPCEndpoint").values().stream()
                    .map(Cfn::properties)
                    .filter(p -> "Interface".equals(p.get("VpcEndpointType")))
                    .forEach(p -> assertThat(Cfn.list(p.get("SubnetIds"))).hasSize(endpointSubnets));
        }
    }

    @Test
    @DisplayName("DAX: server-side encryption, TLS endpoint, isolated subnet group, parameter group, its own security group")
    void daxIsEncryptedWithTls() {
        for (SynthesizedStage s : stages) {
            String sgId = Cfn.logicalId(daxSecurityGroup(s));
            s.stateful.hasResourceProperties("AWS::DAX::Cluster", Match.objectLike(Map.of(
                    "SSESpecification", Map.of("SSEEnabled", true),
                    "ClusterEndpointEncryptionType", "TLS",
                    "NodeType", s.stage.sizing().daxNodeType(),
                    "ReplicationFactor", s.stage.sizing().daxReplicationFactor(),
                    "SecurityGroupIds", List.of(Cfn.getAtt(sgId, "GroupId")),
                    "SubnetGroupName", Match.anyValue(),
                    "ParameterGroupName", Match.anyValue())));
            s.stateful.resourceCountIs("AWS::DAX::SubnetGroup", 1);
            s.stateful.resourceCountIs("AWS::DAX::ParameterGroup", 1);
        }
    }

    @Test
    @DisplayName("DAX's TLS port is reachable only from the security groups of functions granted DAX reads")
    void daxReachableOnlyFromDaxReaders() {
        for (SynthesizedStage s : stages) {
            String daxSg = Cfn.logicalId(daxSecurityGroup(s));
            assertThat(Cfn.properties(resource(s, daxSg))).doesNotContainKey("SecurityGroupIngress");
            assertThat(ingressSources(s.statefulJson(), DaxCache.TLS_PORT)).isEmpty();
            assertThat(ingressSources(s.statelessJson(), DaxCache.TLS_PORT))
                    .isNotEmpty()
                    .isEqualTo(functionSecurityGroups(s, Access.DAX_READ));
        }
    }

    @Test
    @DisplayName("Aurora: Serverless v2 PostgreSQL, storage encrypted with the data key, IAM auth, rotated generated secret")
    void auroraIsEncryptedWithIamAuth() {
        for (SynthesizedStage s : stages) {
            String keyId = Cfn.logicalId(stack(s).getNode().findChild("DataKey"));
            s.stateful.hasResourceProperties("AWS::RDS::DBCluster", Match.objectLike(Map.of(
                    "Engine", "aurora-postgresql",
                    "StorageEncrypted", true,
                    "KmsKeyId", Cfn.getAtt(keyId, "Arn"),
                    "EnableIAMDatabaseAuthentication", true,
                    "DatabaseName", InventoryDatabase.DATABASE_NAME,
                    "DeletionProtection", s.stage.retainData(),
                    "ServerlessV2ScalingConfiguration", Match.objectLike(Map.of(
                            "MinCapacity", s.stage.sizing().auroraMinCapacity() == 0 ? 0 : s.stage.sizing().auroraMinCapacity(),
                            "MaxCapacity", (int) s.stage.sizing().auroraMaxCapacity())))));
            s.stateful.resourcePropertiesCountIs("AWS::RDS::DBInstance",
                    Match.objectLike(Map.of("DBInstanceClass", "db.serverless")), s.stage.sizing().auroraReader() ? 2 : 1);
            s.stateful.resourceCountIs("AWS::SecretsManager::RotationSchedule", 1);
            s.stateful.hasResource("AWS::RDS::DBCluster", Match.objectLike(Map.of(
                    "DeletionPolicy", s.stage.retainData() ? "Retain" : "Delete")));
        }
    }

    @Test
    @DisplayName("RDS Proxy requires TLS and IAM authentication, and only functions with inventory access reach it")
    void proxyRequiresTlsAndIam() {
        for (SynthesizedStage s : stages) {
            s.stateful.hasResourceProperties("AWS::RDS::DBProxy", Match.objectLike(Map.of(
                    "EngineFamily", "POSTGRESQL",
                    "RequireTLS", true,
                    "Auth", List.of(Match.objectLike(Map.of("AuthScheme", "SECRETS", "IAMAuth", "REQUIRED"))))));
            assertThat(ingressSources(s.statelessJson(), InventoryDatabase.PROXY_PORT))
                    .isNotEmpty()
                    .isEqualTo(functionSecurityGroups(s, Access.INVENTORY_DATABASE));
            // The cluster admits only the proxy and the credential rotation function.
            InventoryDatabase db = stack(s).inventoryDatabase().orElseThrow();
            String proxySg = Cfn.logicalId(db.proxy().getConnections().getSecurityGroups().get(0));
            String clusterSg = Cfn.logicalId(db.cluster().getConnections().getSecurityGroups().get(0));
            Set<String> clusterSources = Cfn.resources(s.statefulJson(), "AWS::EC2::SecurityGroupIngress").values().stream()
                    .map(Cfn::properties)
                    .filter(p -> Cfn.getAtt(clusterSg, "GroupId").equals(p.get("GroupId")))
                    .map(p -> (String) Cfn.list(Cfn.map(p.get("SourceSecurityGroupId")).get("Fn::GetAtt")).get(0))
                    .collect(Collectors.toSet());
            assertThat(clusterSources).hasSize(2).contains(proxySg)
                    .allMatch(id -> id.equals(proxySg) || id.contains("Rotation"));
        }
    }

    @Test
    @DisplayName("the cursor signing key is a generated Secrets Manager secret")
    void cursorSigningKeyIsGenerated() {
        for (SynthesizedStage s : stages) {
            String secretId = Cfn.logicalId(stack(s).cursorSigningKey());
            assertThat(Cfn.properties(resource(s, secretId))).containsEntry("GenerateSecretString",
                    Map.of("ExcludePunctuation", true, "IncludeSpace", false, "PasswordLength", 64));
        }
    }

    private static ISecurityGroup daxSecurityGroup(SynthesizedStage s) {
        return stack(s).dax().orElseThrow().getConnections().getSecurityGroups().get(0);
    }

    /** The services of the VPC endpoints of a type, by the last segment of their service name. */
    private static List<String> endpointServices(SynthesizedStage s, String type) {
        return Cfn.resources(s.statefulJson(), "AWS::EC2::VPCEndpoint").values().stream()
                .map(Cfn::properties)
                .filter(p -> type.equals(p.get("VpcEndpointType")))
                .map(p -> {
                    String name = p.get("ServiceName").toString();
                    return name.substring(name.lastIndexOf('.') + 1).replaceAll("[^a-z]", "");
                })
                .toList();
    }

    /** Logical ids of the source security groups of every ingress rule on {@code port} in a template. */
    private static Set<String> ingressSources(Map<String, Object> template, int port) {
        return Cfn.resources(template, "AWS::EC2::SecurityGroupIngress").values().stream()
                .map(Cfn::properties)
                .filter(p -> Integer.valueOf(port).equals(p.get("FromPort")))
                .map(p -> (String) Cfn.list(Cfn.map(p.get("SourceSecurityGroupId")).get("Fn::GetAtt")).get(0))
                .collect(Collectors.toSet());
    }

    private static Set<String> functionSecurityGroups(SynthesizedStage s, Access access) {
        return s.deployment.stateless().functions().all().stream()
                .filter(f -> f.effectiveAccess().contains(access))
                .map(JavaFunction::securityGroup)
                .map(sg -> Cfn.logicalId(sg.orElseThrow()))
                .collect(Collectors.toSet());
    }
}
