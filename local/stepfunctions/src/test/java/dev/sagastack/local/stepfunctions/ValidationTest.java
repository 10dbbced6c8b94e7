package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.asl.Diagnostic;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Definitions AWS rejects, with the diagnostics of ValidateStateMachineDefinition and the
 * InvalidDefinition message of CreateStateMachine ("Invalid State Machine Definition: 'CODE: message at location'").
 */
class ValidationTest {
    private static List<Diagnostic> validate(String def) {
        try (TestEngine t = new TestEngine()) {
            return t.engine.validateDefinition(def).diagnostics();
        }
    }

    private static String summary(String def) {
        return String.join(", ", validate(def).stream().map(Diagnostic::summary).toList());
    }

    @Test
    void validDefinitionHasNoDiagnostics() {
        assertThat(validate("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}")).isEmpty();
    }

    @Test
    void notJsonAndMissingTopLevelFields() {
        assertThat(validate("not a definition")).singleElement()
                .satisfies(d -> assertThat(d.code()).isEqualTo("INVALID_JSON_DESCRIPTION"));
        assertThat(validate("")).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("SCHEMA_VALIDATION_FAILED");
            assertThat(d.message()).isEqualTo("Definition must be a valid JSON object");
        });
        assertThat(summary("{\"States\":{}}")).isEqualTo("SCHEMA_VALIDATION_FAILED: These fields are required: "
                + "[StartAt] at /");
    }

    @Test
    void unknownNextTargetAndUnreachableStateAreReportedTogether() {
        // AWS: "MISSING_TRANSITION_TARGET: Missing 'Next' target: pass3 at /States/pass1/Next,
        //       MISSING_TRANSITION_TARGET: State "pass2" is not reachable. at /States/pass2"
        assertThat(summary("{\"StartAt\":\"pass1\",\"States\":{\"pass1\":{\"Type\":\"Pass\",\"Next\":\"pass3\"},"
                + "\"pass2\":{\"Type\":\"Pass\",\"End\":true}}}"))
                .startsWith("MISSING_TRANSITION_TARGET: Missing 'Next' target: pass3 at /States/pass1/Next");
        assertThat(summary("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true},"
                + "\"Unreachable pass\":{\"Type\":\"Pass\",\"End\":true}}}"))
                .isEqualTo("MISSING_TRANSITION_TARGET: State \"Unreachable pass\" is not reachable. at "
                        + "/States/Unreachable pass");
        assertThat(summary("{\"StartAt\":\"Not sure\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}"))
                .startsWith("MISSING_TRANSITION_TARGET: Missing 'Next' target: Not sure at /StartAt");
    }

    @Test
    void aLoopWithoutTerminalStateIsMissingEndState() {
        assertThat(summary("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"B\"},"
                + "\"B\":{\"Type\":\"Pass\",\"Next\":\"A\"}}}"))
                .isEqualTo("MISSING_END_STATE: Workflow has no terminal state at null");
    }

    @Test
    void stateWithoutNextOrEndAndBadTypeNameTheStateAndField() {
        assertThat(summary("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\"},\"B\":{\"Type\":\"Wat\"}}}"))
                .contains("SCHEMA_VALIDATION_FAILED: One of these fields is required: [Next, End] at /States/A")
                .contains("SCHEMA_VALIDATION_FAILED: The field 'Type' should have one of these values: [Task, Wait,"
                        + " Pass, Succeed, Fail, Choice, Parallel, Map] at /States/B/Type");
    }

    @Test
    void fieldsOfTheOtherQueryLanguageAreRejected() {
        assertThat(summary("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Output\":{},\"End\":true}}}"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONPath', but field 'Output' is "
                        + "only supported for the 'JSONata' QueryLanguage at /States/P");
        assertThat(summary("{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\","
                + "\"InputPath\":\"$.a\",\"End\":true}}}"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONata', but field 'InputPath' is "
                        + "only supported for the 'JSONPath' QueryLanguage at /States/P");
        assertThat(summary("{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"Pass\",\"States\":{\"Pass\":{\"Type\":\"Pass\","
                + "\"QueryLanguage\":\"JSONPath\",\"End\":true}}}"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: 'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for "
                        + "whole state machine at /States/Pass");
    }

    @Test
    void unsupportedFieldsBadPathsAndBadExpressions() {
        assertThat(summary("{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Parallel\",\"TimeoutSeconds\":5,"
                + "\"Branches\":[{\"StartAt\":\"X\",\"States\":{\"X\":{\"Type\":\"Succeed\"}}}],\"End\":true}}}"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: Field 'TimeoutSeconds' is not supported at /States/M");
        assertThat(summary("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"InputPath\":\"a.b\",\"End\":true}}}"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: The value for the field 'InputPath' must be a valid JSONPath at "
                        + "/States/P/InputPath");
        assertThat(summary("{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\","
                + "\"Output\":\"{% $states.input.( %}\",\"End\":true}}}"))
                .startsWith("SCHEMA_VALIDATION_FAILED: The JSONata expression in the field 'Output' is not valid")
                .endsWith("at /States/P/Output");
        assertThat(summary("{\"StartAt\":\"WaitUntil\",\"States\":{\"WaitUntil\":{\"Type\":\"Wait\",\"Timestamp\":"
                + "\"2016-13-05T21:29:29Z\",\"End\":true}}}"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: String does not match RFC3339 timestamp at /States/WaitUntil/Timestamp");
        assertThat(summary("{\"StartAt\":\"Query\",\"States\":{\"Query\":{\"Type\":\"Task\",\"Resource\":"
                + "\"arn:aws:states:::dynamodb:query\",\"End\":true}}}"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: The resource provided arn:aws:states:::dynamodb:query is not "
                        + "recognized. The value is not a valid resource ARN, or the resource is not available in this "
                        + "region. at /States/Query/Resource");
        assertThat(summary("{\"StartAt\":\"StateName\",\"States\":{\"StateName\":{\"Type\":\"Parallel\",\"Branches\":[],"
                + "\"End\":true}}}"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: Value cannot be empty at /States/StateName/Branches");
    }

    @Test
    void s3ReadersAndWritersOfDistributedMapsAreRefusedClearly() {
        assertThat(summary("{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"End\":true,"
                + "\"ItemReader\":{\"Resource\":\"arn:aws:states:::s3:getObject\"},\"ResultWriter\":{},"
                + "\"ItemProcessor\":{\"StartAt\":\"I\",\"States\":{\"I\":{\"Type\":\"Succeed\"}}}}}}"))
                .contains("at /States/M/ItemReader").contains("at /States/M/ResultWriter");
    }

    @Test
    void problemsInsideBranchesAndItemProcessorsAreLocatedThere() {
        assertThat(summary("{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"End\":true,\"ItemProcessor\":{"
                + "\"StartAt\":\"I\",\"States\":{\"I\":{\"Type\":\"Pass\",\"Next\":\"Gone\"}}}}}}"))
                .startsWith("MISSING_TRANSITION_TARGET: Missing 'Next' target: Gone at /States/M/ItemProcessor/States/I/Next");
    }

    @Test
    void retryAndCatchAreCheckedToo() {
        assertThat(summary("{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":"
                + "\"arn:aws:states:::lambda:invoke\",\"Retry\":[{\"ErrorEquals\":[\"States.ALL\",\"X\"]}],"
                + "\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"Nowhere\"}],\"End\":true}}}"))
                .contains("States.ALL must appear alone")
                .contains("MISSING_TRANSITION_TARGET: Missing 'Next' target: Nowhere at /States/T/Catch[0]/Next");
    }

    @Test
    void aCatcherOrChoiceRuleWithoutNextIsReportedNotACrash() {
        assertThat(summary("{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":"
                + "\"arn:aws:states:::lambda:invoke\",\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"]}],\"End\":true}}}"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: These fields are required: [Next] at /States/T/Catch[0]");
        assertThat(summary("{\"StartAt\":\"C\",\"States\":{\"C\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":"
                + "\"$.a\",\"IsPresent\":true,\"Next\":2}],\"Default\":\"D\"},\"D\":{\"Type\":\"Succeed\"}}}"))
                .isEqualTo("SCHEMA_VALIDATION_FAILED: These fields are required: [Next] at /States/C/Choices[0]");
    }

    @Test
    void createStateMachineRejectsWithTheAwsMessageAndStoresNothing() {
        try (TestEngine t = new TestEngine()) {
            assertThatThrownBy(() -> t.engine.createStateMachine("x", "{\"StartAt\":\"A\",\"States\":{}}"))
                    .isInstanceOf(StepFunctionsException.class)
                    .satisfies(e -> assertThat(((StepFunctionsException) e).code()).isEqualTo("InvalidDefinition"))
                    .hasMessageStartingWith("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Value cannot "
                            + "be empty at /States");
            assertThat(t.engine.listStateMachines()).isEmpty();
        }
    }

    @Test
    void definitionSubstitutionsReplacePlaceholders() {
        try (TestEngine t = new TestEngine()) {
            t.function("reserve", (p, c) -> InvocationResult.success("\"reserved\""));
            StateMachineInfo sm = t.engine.createStateMachine("subs", """
                    {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                      "Parameters":{"FunctionName":"${ReserveInventoryFunctionArn}"},"OutputPath":"$.Payload","End":true}}}""",
                    java.util.Map.of("ReserveInventoryFunctionArn", "arn:aws:lambda:us-east-1:123456789012:function:reserve"));
            assertThat(sm.definition()).contains("function:reserve\"");
            ExecutionInfo e = t.engine.startExecution(sm.stateMachineArn(), "{}");
            assertThat(t.engine.awaitExecution(e.executionArn(), java.time.Duration.ofSeconds(10)).output())
                    .contains("\"reserved\"");
        }
    }
}
