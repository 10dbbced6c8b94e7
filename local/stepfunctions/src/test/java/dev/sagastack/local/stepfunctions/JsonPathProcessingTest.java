package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.json.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSONPath input and output processing, with the examples of the Developer Guide pages
 * "Specifying state output using ResultPath", "Manipulate parameters with InputPath, Parameters
 * and ResultSelector", "Filtering state output using OutputPath" and "Accessing execution data
 * from the Context object".
 */
class JsonPathProcessingTest {
    private static final String HELLO = "{\"comment\":\"This is a test\",\"details\":\"Default example\","
            + "\"who\":\"Step Functions\"}";

    private static TestEngine.Result hello(TestEngine t, String resultPath) {
        t.function("hello", (payload, ctx) -> InvocationResult.success(
                "\"Hello, " + Json.asObject(Json.parse(payload)).get("who") + "!\""));
        return t.run("{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\","
                + "\"Resource\":\"arn:aws:lambda:us-east-1:123456789012:function:hello\"" + resultPath
                + ",\"End\":true}}}", HELLO);
    }

    @Test
    void defaultResultPathReplacesTheInputWithTheResult() {
        try (TestEngine t = new TestEngine()) {
            assertThat(hello(t, "").output()).isEqualTo("Hello, Step Functions!");
        }
    }

    @Test
    void nullResultPathDiscardsTheResultAndKeepsTheInput() {
        try (TestEngine t = new TestEngine()) {
            assertThat(hello(t, ",\"ResultPath\":null").output()).isEqualTo(Json.parse(HELLO));
        }
    }

    @Test
    void resultPathIncludesTheResultWithTheInput() {
        try (TestEngine t = new TestEngine()) {
            assertThat(hello(t, ",\"ResultPath\":\"$.taskresult\"").output()).isEqualTo(Json.parse(
                    "{\"comment\":\"This is a test\",\"details\":\"Default example\",\"who\":\"Step Functions\","
                            + "\"taskresult\":\"Hello, Step Functions!\"}"));
        }
    }

    @Test
    void resultPathUpdatesANodeInTheInput() {
        try (TestEngine t = new TestEngine()) {
            t.function("hello", (payload, ctx) -> InvocationResult.success("\"Hello, AWS Step Functions!\""));
            TestEngine.Result r = t.run("""
                    {"StartAt":"T","States":{"T":{"Type":"Task",
                      "Resource":"arn:aws:lambda:us-east-1:123456789012:function:hello",
                      "InputPath":"$.lambda","ResultPath":"$.data.lambdaresult","OutputPath":"$.data","End":true}}}""",
                    "{\"comment\":\"An input comment.\",\"data\":{\"val1\":23,\"val2\":17},\"extra\":\"foo\","
                            + "\"lambda\":{\"who\":\"AWS Step Functions\"}}");
            assertThat(r.output()).isEqualTo(Json.parse(
                    "{\"val1\":23,\"val2\":17,\"lambdaresult\":\"Hello, AWS Step Functions!\"}"));
        }
    }

    @Test
    void catchResultPathAddsTheErrorOutputToTheInput() {
        try (TestEngine t = new TestEngine()) {
            t.function("boom", (payload, ctx) -> InvocationResult.functionError("Error", "Error here"));
            TestEngine.Result r = t.run("""
                    {"StartAt":"T","States":{"T":{"Type":"Task",
                      "Resource":"arn:aws:lambda:us-east-1:123456789012:function:boom",
                      "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"Handled"}],"End":true},
                      "Handled":{"Type":"Pass","End":true}}}""", HELLO);
            Map<String, Object> out = Json.asObject(r.output());
            assertThat(out).containsEntry("who", "Step Functions");
            assertThat(Json.asObject(out.get("error"))).containsEntry("Error", "Error");
            assertThat((String) Json.asObject(out.get("error")).get("Cause")).contains("\"errorMessage\":\"Error here\"");
        }
    }

    @Test
    void inputPathSelectsPartOfTheInput() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"InputPath\":"
                    + "\"$.dataset2\",\"End\":true}}}", "{\"comment\":\"Example for InputPath.\",\"dataset1\":"
                    + "{\"val1\":1,\"val2\":2,\"val3\":3},\"dataset2\":{\"val1\":\"a\",\"val2\":\"b\",\"val3\":\"c\"}}");
            assertThat(r.output()).isEqualTo(Json.parse("{\"val1\":\"a\",\"val2\":\"b\",\"val3\":\"c\"}"));
        }
    }

    @Test
    void parametersBuildANewInputFromStaticValuesAndPaths() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("""
                    {"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{
                      "comment":"Selecting what I care about.",
                      "MyDetails":{"size.$":"$.product.details.size","exists.$":"$.product.availability",
                                   "StaticValue":"foo"}},"End":true}}}""",
                    "{\"comment\":\"Example for Parameters.\",\"product\":{\"details\":{\"color\":\"blue\","
                            + "\"size\":\"small\",\"material\":\"cotton\"},\"availability\":\"in stock\","
                            + "\"sku\":\"2317\",\"cost\":\"$23\"}}");
            assertThat(r.output()).isEqualTo(Json.parse("{\"comment\":\"Selecting what I care about.\","
                    + "\"MyDetails\":{\"size\":\"small\",\"exists\":\"in stock\",\"StaticValue\":\"foo\"}}"));
        }
    }

    @Test
    void resultSelectorPicksFromTheResultBeforeResultPath() {
        try (TestEngine t = new TestEngine()) {
            t.function("emr", (payload, ctx) -> InvocationResult.success("{\"resourceType\":\"elasticmapreduce\","
                    + "\"resource\":\"createCluster.sync\",\"output\":{\"SdkHttpMetadata\":{\"HttpStatusCode\":200},"
                    + "\"SdkResponseMetadata\":{\"RequestId\":\"1234-5678-9012\"},\"ClusterId\":\"AKIAIOSFODNN7EXAMPLE\"}}"));
            TestEngine.Result r = t.run("""
                    {"StartAt":"T","States":{"T":{"Type":"Task",
                      "Resource":"arn:aws:lambda:us-east-1:123456789012:function:emr",
                      "ResultSelector":{"ClusterId.$":"$.output.ClusterId","ResourceType.$":"$.resourceType"},
                      "ResultPath":"$.EMROutput","End":true}}}""", "{\"Name\":\"MyCluster\"}");
            assertThat(r.output()).isEqualTo(Json.parse("{\"Name\":\"MyCluster\",\"EMROutput\":{\"ClusterId\":"
                    + "\"AKIAIOSFODNN7EXAMPLE\",\"ResourceType\":\"elasticmapreduce\"}}"));
        }
    }

    @Test
    void outputPathNullGivesAnEmptyObjectAndInputPathNullAnEmptyInput() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"OutputPath\":null,"
                    + "\"Next\":\"Q\"},\"Q\":{\"Type\":\"Pass\",\"InputPath\":null,\"ResultPath\":\"$.r\",\"End\":true}}}",
                    "{\"a\":1}");
            assertThat(r.output()).isEqualTo(Json.parse("{\"r\":{}}"));
        }
    }

    @Test
    void contextObjectGivesExecutionStateAndStateMachineData() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("""
                    {"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{
                      "execId.$":"$$.Execution.Id","execName.$":"$$.Execution.Name","input.$":"$$.Execution.Input",
                      "state.$":"$$.State.Name","entered.$":"$$.State.EnteredTime","stateObject.$":"$$.State",
                      "machine.$":"$$.StateMachine.Name","start.$":"$$.Execution.StartTime"},"End":true}}}""",
                    "{\"x\":1}");
            Map<String, Object> out = Json.asObject(r.output());
            assertThat(out.get("execId")).isEqualTo(r.info().executionArn());
            assertThat(out.get("execName")).isEqualTo(r.info().name());
            assertThat(out.get("input")).isEqualTo(Json.parse("{\"x\":1}"));
            assertThat(out.get("state")).isEqualTo("P");
            assertThat(out.get("entered")).isEqualTo("2025-01-01T00:00:00.000Z");
            assertThat(out.get("start")).isEqualTo("2025-01-01T00:00:00.000Z");
            assertThat(out.get("stateObject")).as("RetryCount only appears in states that can retry")
                    .isEqualTo(Json.obj("Name", "P", "EnteredTime", "2025-01-01T00:00:00.000Z"));
            assertThat(out.get("machine")).isEqualTo(r.info().stateMachineArn().substring(
                    r.info().stateMachineArn().lastIndexOf(':') + 1));
        }
    }

    @Test
    void missingInputPathIsAStatesRuntimeErrorWithJaywaysMessage() {
        // Error text as AWS reports it: "Invalid path '$.x' : No results for path: $['x']"
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("{\"StartAt\":\"pass\",\"States\":{\"pass\":{\"Type\":\"Pass\","
                    + "\"InputPath\":\"$.NoSuchInputPath\",\"End\":true}}}", "{}");
            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(r.error()).isEqualTo("States.Runtime");
            assertThat(r.cause()).isEqualTo("An error occurred while executing the state 'pass' (entered at the event "
                    + "id #2). Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']");
        }
    }

    @Test
    void missingParameterPathNamesTheFieldAndTheInput() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("{\"StartAt\":\"pass\",\"States\":{\"pass\":{\"Type\":\"Pass\","
                    + "\"Parameters\":{\"value.$\":\"$.no_such_jsonpath\"},\"End\":true}}}", "{\"a\":1}");
            assertThat(r.error()).isEqualTo("States.Runtime");
            assertThat(r.cause()).isEqualTo("An error occurred while executing the state 'pass' (entered at the event "
                    + "id #2). The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found "
                    + "in the input '{\"a\":1}'");
        }
    }

    @Test
    void statesRuntimeErrorsAreNotCaught() {
        try (TestEngine t = new TestEngine()) {
            t.function("f", (payload, ctx) -> InvocationResult.success("{}"));
            TestEngine.Result r = t.run("""
                    {"StartAt":"T","States":{"T":{"Type":"Task",
                      "Resource":"arn:aws:lambda:us-east-1:123456789012:function:f",
                      "OutputPath":"$.no.such.result.path",
                      "Catch":[{"ErrorEquals":["States.Runtime"],"Next":"Caught"}],"Next":"Final"},
                      "Caught":{"Type":"Pass","End":true},"Final":{"Type":"Pass","End":true}}}""", "{}");
            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(r.error()).isEqualTo("States.Runtime");
            assertThat(r.cause()).endsWith("Invalid path '$.no.such.result.path' : Missing property in path $['no']");
        }
    }

    @Test
    void jsonPathAssignUsesTheResultAndVariablesAreReadableLater() {
        // "Passing data between states with variables": Assign in a JSONPath state reads the result with $.
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("""
                    {"StartAt":"State0","States":{
                      "State0":{"Type":"Pass","Result":{"theQuestion":"What is the answer?"},
                        "Assign":{"question.$":"$.theQuestion","answer":42},"Next":"State1"},
                      "State1":{"Type":"Pass","Parameters":{"q.$":"$question","a.$":"$answer",
                        "f.$":"States.Format('{} {}', $question, $answer)"},"End":true}}}""", "{}");
            assertThat(r.output()).isEqualTo(Json.parse(
                    "{\"q\":\"What is the answer?\",\"a\":42,\"f\":\"What is the answer? 42\"}"));
            HistoryEvent exited = r.first("PassStateExited");
            assertThat(exited.details().get("assignedVariables")).isEqualTo(Map.of(
                    "question", "\"What is the answer?\"", "answer", "42"));
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"$[*]", "$.items[*]", "$.items[1:]", "$.items[:1]",
            "$.item.items[*]", "$.item.items[1:5]", "$.items[*].itemValue"})
    void indefinitePathsWithoutMatchesGiveAnEmptyArray(String path) {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("{\"StartAt\":\"EntryState\",\"States\":{\"EntryState\":{\"Type\":\"Pass\","
                    + "\"Parameters\":{\"item.$\":\"" + path + "\"},\"End\":true}}}", "{}");
            assertThat(r.output()).isEqualTo(Json.parse("{\"item\":[]}"));
        }
    }

    @Test
    void filtersAndSlicesSelectArrayElements() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Parameters\":{"
                    + "\"cheap.$\":\"$.items[?(@.price < 10)].name\",\"firstTwo.$\":\"$.items[0:2].name\","
                    + "\"last.$\":\"$.items[-1:].name\"},\"End\":true}}}",
                    "{\"items\":[{\"name\":\"a\",\"price\":5},{\"name\":\"b\",\"price\":15},{\"name\":\"c\",\"price\":1}]}");
            assertThat(r.output()).isEqualTo(Json.parse(
                    "{\"cheap\":[\"a\",\"c\"],\"firstTwo\":[\"a\",\"b\"],\"last\":[\"c\"]}"));
        }
    }
}
