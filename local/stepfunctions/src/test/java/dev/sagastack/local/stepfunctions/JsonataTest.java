package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSONata query language as "Transforming data with JSONata in Step Functions" and "Passing
 * data between states with variables" describe it.
 */
class JsonataTest {
    private static Object output(TestEngine t, String outputTemplate, String input) {
        TestEngine.Result r = t.run("{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"P\",\"States\":{\"P\":{"
                + "\"Type\":\"Pass\",\"Output\":" + outputTemplate + ",\"End\":true}}}", input);
        assertThat(r.status()).as(r.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        return r.output();
    }

    @Test
    void awsFunctionsPartitionRangeHashParse() {
        try (TestEngine t = new TestEngine()) {
            assertThat(output(t, "\"{% $partition([1,2,3,4,5,6,7,8,9], 3) %}\"", "{}"))
                    .isEqualTo(Json.parse("[[1,2,3],[4,5,6],[7,8,9]]"));
            assertThat(output(t, "\"{% $range(0, 10, 2) %}\"", "{}")).isEqualTo(Json.parse("[0,2,4,6,8,10]"));
            assertThat(output(t, "\"{% $hash('input data', 'SHA-1') %}\"", "{}"))
                    .isEqualTo("aaff4a450a104cd177d28d18d74485e8cae074b7");
            assertThat(output(t, "\"{% $parse($states.input.s) %}\"", "{\"s\":\"{\\\"a\\\":[1,true]}\"}"))
                    .isEqualTo(Json.parse("{\"a\":[1,true]}"));
        }
    }

    @Test
    void randomWithASeedRepeatsAndUuidIsVersion4() {
        try (TestEngine t = new TestEngine()) {
            Object a = output(t, "\"{% $random(7) %}\"", "{}");
            Object b = output(t, "\"{% $random(7) %}\"", "{}");
            assertThat(a).isEqualTo(b);
            assertThat(((Number) output(t, "\"{% $random() %}\"", "{}")).doubleValue()).isBetween(0.0, 1.0);
            assertThat((String) output(t, "\"{% $uuid() %}\"", "{}"))
                    .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        }
    }

    @Test
    void templatesEvaluateExpressionsAtAnyDepthAndKeepLiterals() {
        try (TestEngine t = new TestEngine()) {
            assertThat(output(t, "{\"sum\":\"{% $sum($states.input.values) %}\",\"list\":[\"{% $states.input.name %}\","
                    + "\"literal\",3],\"nested\":{\"up\":\"{% $uppercase($states.input.name) %}\"}}",
                    "{\"values\":[1,2,3.5],\"name\":\"ann\"}"))
                    .isEqualTo(Json.parse("{\"sum\":6.5,\"list\":[\"ann\",\"literal\",3],\"nested\":{\"up\":\"ANN\"}}"));
        }
    }

    @Test
    void contextIsAvailableAsStatesContext() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"P\",\"States\":{\"P\":{"
                    + "\"Type\":\"Pass\",\"Output\":{\"id\":\"{% $states.context.Execution.Id %}\",\"state\":"
                    + "\"{% $states.context.State.Name %}\"},\"End\":true}}}", "{}");
            assertThat(r.output()).isEqualTo(Json.obj("id", r.info().executionArn(), "state", "P"));
        }
    }

    @Test
    void assignAndOutputSeeTheVariablesAsTheyWereWhenTheStateStarted() {
        // "Passing data between states with variables": assignments take effect after the state.
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("""
                    {"QueryLanguage":"JSONata","StartAt":"Init","States":{
                      "Init":{"Type":"Pass","Assign":{"x":1},"Next":"Bump"},
                      "Bump":{"Type":"Pass","Assign":{"x":"{% $x + 1 %}","seen":"{% $x %}"},
                              "Output":{"during":"{% $x %}"},"Next":"After"},
                      "After":{"Type":"Pass","Output":{"x":"{% $x %}","seen":"{% $seen %}",
                               "before":"{% $states.input.during %}"},"End":true}}}""", "{}");
            assertThat(r.output()).isEqualTo(Json.parse("{\"x\":2,\"seen\":1,\"before\":1}"));
            List<HistoryEvent> exited = r.history().stream().filter(e -> e.type().equals("PassStateExited")).toList();
            assertThat(exited.get(1).details().get("assignedVariables")).isEqualTo(Map.of("x", "2", "seen", "1"));
        }
    }

    @Test
    void undefinedResultIsAQueryEvaluationErrorNamingTheField() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"State0\",\"States\":{\"State0\":"
                    + "{\"Type\":\"Pass\",\"Output\":{\"result\":\"{% $doesNotExist %}\"},\"End\":true}}}", "{}");
            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(r.error()).isEqualTo("States.QueryEvaluationError");
            assertThat(r.cause()).isEqualTo("An error occurred while executing the state 'State0' (entered at the "
                    + "event id #2). The JSONata expression '$doesNotExist' specified for the field 'Output/result' "
                    + "returned nothing (undefined).");
            assertThat(r.types()).containsExactly("ExecutionStarted", "PassStateEntered", "EvaluationFailed",
                    "ExecutionFailed");
            assertThat(r.first("EvaluationFailed").details()).containsEntry("location", "Output/result")
                    .containsEntry("error", "States.QueryEvaluationError");
        }
    }

    @Test
    void evaluationErrorCarriesTheJsonataErrorCode() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"State_0\",\"States\":{\"State_0\":"
                    + "{\"Type\":\"Pass\",\"Output\":{\"FunctionResult\":\"{% $randomSeeded($states.input.x) %}\"},"
                    + "\"End\":true}}}", "{\"x\":1}");
            assertThat(r.cause()).isEqualTo("An error occurred while executing the state 'State_0' (entered at the "
                    + "event id #2). The JSONata expression '$randomSeeded($states.input.x)' specified for the field "
                    + "'Output/FunctionResult' threw an error during evaluation. T1006: Attempted to invoke a non-function");
        }
    }

    @Test
    void queryEvaluationErrorsCanBeCaught() {
        try (TestEngine t = new TestEngine()) {
            t.function("f", (p, c) -> InvocationResult.success("{\"a\":1}"));
            TestEngine.Result r = t.run("""
                    {"QueryLanguage":"JSONata","StartAt":"T","States":{
                      "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Arguments":{"FunctionName":"f"},
                           "Output":"{% $states.result.Payload.missing %}",
                           "Catch":[{"ErrorEquals":["States.QueryEvaluationError"],"Next":"H"}],"End":true},
                      "H":{"Type":"Pass","Output":"{% $states.input.Error %}","End":true}}}""", "{}");
            assertThat(r.output()).isEqualTo("States.QueryEvaluationError");
        }
    }

    @Test
    void failStateTakesErrorAndCauseFromExpressions() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"F\",\"States\":{\"F\":{"
                    + "\"Type\":\"Fail\",\"Error\":\"{% $states.input.code %}\",\"Cause\":\"{% 'because ' & "
                    + "$states.input.why %}\"}}}", "{\"code\":\"PaymentDeclined\",\"why\":\"card expired\"}");
            assertThat(r.error()).isEqualTo("PaymentDeclined");
            assertThat(r.cause()).isEqualTo("because card expired");
        }
    }

    @Test
    void stateLevelQueryLanguageMixesWithJsonPathStates() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("""
                    {"StartAt":"A","States":{
                      "A":{"Type":"Pass","Parameters":{"v.$":"$.x"},"Next":"B"},
                      "B":{"Type":"Pass","QueryLanguage":"JSONata","Output":"{% $states.input.v * 10 %}","End":true}}}""",
                    "{\"x\":4}");
            assertThat(r.output()).isEqualTo(40);
        }
    }

    @Test
    void failingFieldsAreNamedByTheirPositionInTheState() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result inArray = t.run("{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"P\",\"States\":{\"P\":{"
                    + "\"Type\":\"Pass\",\"Output\":{\"values\":[\"{% $nothing %}\",1]},\"End\":true}}}", "{}");
            assertThat(inArray.first("EvaluationFailed").details()).containsEntry("location", "Output/values[0]");
            TestEngine.Result inRule = t.run("{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"C\",\"States\":{\"C\":{"
                    + "\"Type\":\"Choice\",\"Choices\":[{\"Condition\":\"{% false %}\",\"Next\":\"D\"},"
                    + "{\"Condition\":\"{% true %}\",\"Next\":\"D\",\"Output\":{\"v\":\"{% $nothing %}\"}}],"
                    + "\"Default\":\"D\"},\"D\":{\"Type\":\"Succeed\"}}}", "{}");
            assertThat(inRule.first("EvaluationFailed").details()).containsEntry("location", "Choices[1]/Output/v");
        }
    }
}
