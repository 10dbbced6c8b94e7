package dev.sagastack.local.twin.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dev stage synthesized by infra's build and packaged with the twin, read and evaluated end to end. */
class DevAssemblyTest {

    private static CloudAssembly assembly;
    private static Deployment deployment;

    @BeforeAll
    static void deploy() {
        assembly = CloudAssembly.load(AssemblyFiles.classpath("cloud-assembly"));
        deployment = Deployment.deploy(assembly, Optional.empty(), SecretValues.inMemory());
    }

    @Test
    void theStatefulStackIsDeployedBeforeTheStatelessOne() {
        assertThat(assembly.stages()).containsExactly("dev");
        assertThat(deployment.stacks()).extracting(Deployment.Stack::name)
                .containsExactly("Sagastack-dev-Stateful", "Sagastack-dev-Stateless");
        assertThatThrownBy(() -> assembly.stage(Optional.of("prod"))).hasMessageContaining("stages: [dev]");
    }

    @Test
    void everyResourceIsEmulatedOrAcknowledgedAndTheAppsResourcesAreEmulated() {
        assertThat(deployment.resources()).hasSize(deployment.stacks().stream().mapToInt(s ->
                assembly.stacks().stream().filter(a -> a.stackName().equals(s.name())).findFirst().orElseThrow()
                        .template().path("Resources").size()).sum());
        assertThat(deployment.resources("AWS::DynamoDB::Table")).hasSize(2)
                .allMatch(r -> r.status() == ResourceStatus.EMULATED);
        assertThat(deployment.resources("AWS::EC2::VPC")).singleElement()
                .matches(r -> r.status() == ResourceStatus.ACKNOWLEDGED && r.physicalId().startsWith("vpc-"));
        assertThat(deployment.resources("AWS::Lambda::Function").stream().filter(r -> r.status() == ResourceStatus.EMULATED)
                .filter(r -> r.properties().path("Runtime").asText().startsWith("java"))).hasSize(12);
    }

    @Test
    void functionEnvironmentsResolveToTheStatefulStacksPhysicalNames() {
        String singleTable = logical("AWS::DynamoDB::Table", "TablesSingleTable").physicalId();
        String stateMachine = deployment.resources("AWS::StepFunctions::StateMachine").get(0).physicalId();
        JsonNode env = logical("AWS::Lambda::Function", "ApiHttpApiFunction").properties().path("Environment").path("Variables");

        assertThat(singleTable).matches("Sagastack-dev-Stateful-TablesSingleTable1CD65294-[A-Z0-9]{13}");
        assertThat(env.path("SINGLE_TABLE_NAME").asText()).isEqualTo(singleTable);
        assertThat(env.path("ORDER_SAGA_STATE_MACHINE_ARN").asText()).isEqualTo(stateMachine);
        assertThat(env.path("CURSOR_KEY_PARAMETER").asText()).matches("/aws/reference/secretsmanager/CursorSigningKey255C5A33-[A-Za-z0-9]{12}");
        assertThat(deployment.secretString(env.path("CURSOR_KEY_PARAMETER").asText()
                .substring("/aws/reference/secretsmanager/".length()))).get().asString().hasSize(64);
        assertThat(env.path("DAX_ENDPOINT").asText()).startsWith("daxs://").contains(".dax-clusters.us-east-1.amazonaws.com");
    }

    @Test
    void theMappingAndStateMachineReferToTheEmulatedStreamAndAliases() {
        Deployment.Resource mapping = deployment.resources("AWS::Lambda::EventSourceMapping").get(0);
        String eventStore = logical("AWS::DynamoDB::Table", "TablesEventStore").physicalId();
        assertThat(mapping.properties().path("EventSourceArn").asText())
                .startsWith("arn:aws:dynamodb:us-east-1:000000000000:table/" + eventStore + "/stream/");
        assertThat(mapping.properties().path("MaximumBatchingWindowInSeconds").asInt()).isEqualTo(1);

        Deployment.Resource machine = deployment.resources("AWS::StepFunctions::StateMachine").get(0);
        String reserveAlias = logical("AWS::Lambda::Alias", "OrderSagaReserveInventoryAlias").physicalId();
        assertThat(machine.properties().path("DefinitionSubstitutions").path("ReserveInventoryFunctionArn").asText())
                .isEqualTo(reserveAlias).endsWith(":live");
        String key = machine.properties().path("DefinitionS3Location").path("Key").asText();
        assertThat(assembly.assetContent(deployment.artifact(machine.stack()), key)).get()
                .satisfies(bytes -> assertThat(new String(bytes)).contains("${ReserveInventoryFunctionArn}"));
    }

    @Test
    void theClustersPasswordIsReadFromItsGeneratedSecret() {
        Deployment.Resource cluster = deployment.resources("AWS::RDS::DBCluster").get(0);
        assertThat(cluster.properties().path("MasterUserPassword").asText()).hasSize(30).doesNotContain("{{resolve");
    }

    private static Deployment.Resource logical(String type, String prefix) {
        return deployment.resources(type).stream().filter(r -> r.logicalId().startsWith(prefix)).findFirst().orElseThrow();
    }
}
