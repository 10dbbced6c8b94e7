package dev.sagastack.infra.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.infra.RepositoryLayout;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Synthesis refuses an ASL file that CloudFormation would deploy wrongly: a placeholder nobody
 * substitutes stays literally in the definition (CloudFormation DefinitionSubstitutions only replace
 * the keys given), and an integration the role is not granted fails at run time.
 */
class OrderSagaDefinitionTest {

    @TempDir
    Path dir;

    private Path write(String json) throws IOException {
        Path file = dir.resolve("order-saga.asl.json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    @DisplayName("the repository's order saga definition passes the check")
    void repositoryDefinitionPasses() {
        Path asl = RepositoryLayout.locate(Path.of("")).orderSagaDefinition();
        assertThatCode(() -> OrderSaga.checkDefinition(asl, OrderSaga.substitutionKeys().keySet())).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("the CompensationFailed state the alarm counts is a Choice whose every target is a redrive point: a task with no Catch")
    void compensationFailedLeadsOnlyToRedrivePoints() throws IOException {
        Path asl = RepositoryLayout.locate(Path.of("")).orderSagaDefinition();
        JsonNode states = new ObjectMapper().readTree(asl.toFile()).get("States");
        JsonNode compensationFailed = states.get(OrderSaga.COMPENSATION_FAILED_STATE);

        assertThat(compensationFailed.get("Type").asText()).isEqualTo("Choice");
        assertThat(compensationFailed.get("Choices")).hasSize(5);
        for (JsonNode choice : compensationFailed.get("Choices")) {
            JsonNode target = states.get(choice.get("Next").asText());
            assertThat(target.get("Type").asText()).isEqualTo("Task");
            assertThat(target.has("Catch")).as(choice.get("Next").asText()).isFalse();
            assertThat(target.has("Next")).as("the compensations continue after a redrive").isTrue();
        }
    }

    @Test
    @DisplayName("an unknown placeholder is refused and named")
    void unknownPlaceholderIsRefused() throws IOException {
        Path asl = write("""
                {"StartAt":"A","TimeoutSeconds":60,"States":{"A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                 "Arguments":{"FunctionName":"${ShipItFunctionArn}"},"End":true}}}""");
        assertThatThrownBy(() -> OrderSaga.checkDefinition(asl, OrderSaga.substitutionKeys().keySet()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("[ShipItFunctionArn]");
    }

    @Test
    @DisplayName("a task integration other than lambda:invoke is refused, nested ones included")
    void otherIntegrationIsRefused() throws IOException {
        Path asl = write("""
                {"StartAt":"P","TimeoutSeconds":60,"States":{"P":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"D","States":{
                 "D":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:putItem","End":true}}}]}}}""");
        assertThatThrownBy(() -> OrderSaga.checkDefinition(asl, OrderSaga.substitutionKeys().keySet()))
                .hasMessageContaining("arn:aws:states:::dynamodb:putItem");
    }

    @Test
    @DisplayName("a definition without a positive execution TimeoutSeconds is refused (the timed-out alarm needs one)")
    void missingExecutionTimeoutIsRefused() throws IOException {
        String task = "\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
                + "\"Arguments\":{\"FunctionName\":\"${ReserveInventoryFunctionArn}\"},\"End\":true}}}";
        for (String head : new String[] {"{\"StartAt\":\"A\",", "{\"StartAt\":\"A\",\"TimeoutSeconds\":0,",
                "{\"StartAt\":\"A\",\"TimeoutSeconds\":\"7200\","}) {
            Path asl = write(head + task);
            assertThatThrownBy(() -> OrderSaga.checkDefinition(asl, OrderSaga.substitutionKeys().keySet()))
                    .as(head).isInstanceOf(IllegalStateException.class).hasMessageContaining("TimeoutSeconds");
        }
        Path bounded = write("{\"StartAt\":\"A\",\"TimeoutSeconds\":7200," + task);
        assertThatCode(() -> OrderSaga.checkDefinition(bounded, OrderSaga.substitutionKeys().keySet())).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("a missing definition file is refused with its path")
    void missingFileIsRefused() {
        Path missing = dir.resolve("nope.asl.json");
        assertThatThrownBy(() -> OrderSaga.checkDefinition(missing, OrderSaga.substitutionKeys().keySet()))
                .hasMessageContaining(missing.toString());
    }
}
