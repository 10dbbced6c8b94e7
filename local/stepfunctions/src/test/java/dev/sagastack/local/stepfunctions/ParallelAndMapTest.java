package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Parallel and Map states ("Parallel workflow state", "Map workflow state", ItemSelector, ItemBatcher, failure thresholds). */
class ParallelAndMapTest {
    @Test
    void parallelOutputIsTheArrayOfBranchOutputsInBranchOrder() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("""
                    {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
                      {"StartAt":"Slow","States":{"Slow":{"Type":"Wait","Seconds":5,"Next":"One"},
                                                  "One":{"Type":"Pass","Result":1,"End":true}}},
                      {"StartAt":"Two","States":{"Two":{"Type":"Pass","Parameters":{"in.$":"$.x"},"End":true}}}]}}}""",
                    "{\"x\":\"y\"}");
            assertThat(r.output()).isEqualTo(Json.parse("[1,{\"in\":\"y\"}]"));
            assertThat(r.types()).startsWith("ExecutionStarted", "ParallelStateEntered", "ParallelStateStarted")
                    .endsWith("ParallelStateSucceeded", "ParallelStateExited", "ExecutionSucceeded");
        }
    }

    @Test
    void aFailingBranchFailsTheParallelStateWithTheBranchError() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("""
                    {"StartAt":"ParallelState","States":{"ParallelState":{"Type":"Parallel","End":true,"Branches":[
                      {"StartAt":"Branch1","States":{"Branch1":{"Type":"Fail","Error":"FailureType","Cause":"x"}}},
                      {"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":100,"End":true}}}]}}}""", "{}");
            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(r.error()).isEqualTo("FailureType");
            assertThat(r.types()).contains("ParallelStateFailed").doesNotContain("WaitStateExited");
        }
    }

    @Test
    void parallelCatchHandlesABranchError() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("""
                    {"StartAt":"P","States":{"P":{"Type":"Parallel","Next":"Done","Branches":[
                      {"StartAt":"B","States":{"B":{"Type":"Fail","Error":"Boom","Cause":"c"}}}],
                      "Catch":[{"ErrorEquals":["Boom"],"ResultPath":"$.err","Next":"Done"}]},
                      "Done":{"Type":"Pass","End":true}}}""", "{\"a\":1}");
            assertThat(r.output()).isEqualTo(Json.parse("{\"a\":1,\"err\":{\"Error\":\"Boom\",\"Cause\":\"c\"}}"));
        }
    }

    @Test
    void mapItemSelectorUsesTheContextObjectsItemIndexAndValue() {
        // "ItemSelector (Map)": {"ContextIndex.$":"$$.Map.Item.Index","ContextValue.$":"$$.Map.Item.Value"}
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("""
                    {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.detail.shipped","End":true,
                      "ItemSelector":{"ContextIndex.$":"$$.Map.Item.Index","ContextValue.$":"$$.Map.Item.Value",
                                      "delivery.$":"$.detail.delivery-partner"},
                      "ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}}}}}""",
                    "{\"detail\":{\"delivery-partner\":\"UQS\",\"shipped\":[{\"prod\":\"R31\"},{\"prod\":\"S39\"}]}}");
            assertThat(r.output()).isEqualTo(Json.parse("[{\"ContextIndex\":0,\"ContextValue\":{\"prod\":\"R31\"},"
                    + "\"delivery\":\"UQS\"},{\"ContextIndex\":1,\"ContextValue\":{\"prod\":\"S39\"},\"delivery\":\"UQS\"}]"));
            assertThat(r.first("MapStateStarted").details()).containsEntry("length", 2);
        }
    }

    @Test
    void mapWithMaxConcurrencyOneRunsIterationsOneAfterAnother() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("""
                    {"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":1,"End":true,
                      "ItemProcessor":{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":10,"End":true}}}}}}""",
                    "[1,2,3]");
            assertThat(r.output()).isEqualTo(Json.parse("[1,2,3]"));
            assertThat(Duration.between(TestEngine.START, r.first("ExecutionSucceeded").timestamp()))
                    .isEqualTo(Duration.ofSeconds(30));
            List<String> mapEvents = r.types().stream().filter(s -> s.startsWith("MapIteration")).toList();
            assertThat(mapEvents).containsExactly("MapIterationStarted", "MapIterationSucceeded", "MapIterationStarted",
                    "MapIterationSucceeded", "MapIterationStarted", "MapIterationSucceeded");
        }
    }

    @Test
    void mapWithoutLimitRunsIterationsConcurrently() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("""
                    {"StartAt":"M","States":{"M":{"Type":"Map","End":true,
                      "ItemProcessor":{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":10,"End":true}}}}}}""",
                    "[1,2,3]");
            assertThat(Duration.between(TestEngine.START, r.first("ExecutionSucceeded").timestamp()))
                    .isEqualTo(Duration.ofSeconds(10));
        }
    }

    @Test
    void jsonataMapItemsAndItemSelector() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("""
                    {"QueryLanguage":"JSONata","StartAt":"M","States":{"M":{"Type":"Map","End":true,
                      "Items":"{% $states.input.orders %}",
                      "ItemSelector":{"id":"{% $states.context.Map.Item.Value %}",
                                      "i":"{% $states.context.Map.Item.Index %}"},
                      "ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass",
                         "Output":"{% $states.input.id & '#' & $states.input.i %}","End":true}}},
                      "Output":{"all":"{% $states.result %}"}}}}""", "{\"orders\":[\"a\",\"b\"]}");
            assertThat(r.output()).isEqualTo(Json.parse("{\"all\":[\"a#0\",\"b#1\"]}"));
        }
    }

    @Test
    void jsonataItemsThatAreNotAnArrayFailWithAwsCause() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("""
                    {"QueryLanguage":"JSONata","StartAt":"MapIterateState","States":{"MapIterateState":{"Type":"Map",
                      "End":true,"Items":"{% 1 %}",
                      "ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}}}}}""", "{}");
            assertThat(r.cause()).isEqualTo("An error occurred while executing the state 'MapIterateState' (entered at"
                    + " the event id #2). The JSONata expression '1' specified for the field 'Items' returned an "
                    + "unexpected result type. Expected 'array', but was 'number' for value: 1");
        }
    }

    @Test
    void toleratedFailuresLetTheMapSucceedUntilTheThresholdIsExceeded() {
        String def = """
                {"StartAt":"M","States":{"M":{"Type":"Map","End":true,"ToleratedFailureCount":1,
                  "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                    "StartAt":"C","States":{"C":{"Type":"Choice","Choices":[
                      {"Variable":"$","NumericGreaterThan":10,"Next":"Bad"}],"Default":"Ok"},
                    "Bad":{"Type":"Fail","Error":"TooBig","Cause":"over 10"},"Ok":{"Type":"Pass","End":true}}}}}}""";
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result ok = t.run(def, "[1,20,3]");
            assertThat(ok.status()).as(ok.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(ok.output()).isEqualTo(Json.parse("[1,{\"Error\":\"TooBig\",\"Cause\":\"over 10\"},3]"));
            TestEngine.Result bad = t.run(def, "[11,20,3]");
            assertThat(bad.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(bad.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
            assertThat(bad.cause()).isEqualTo("The specified tolerated failure threshold was exceeded");
        }
    }

    @Test
    void itemBatcherGroupsItemsIntoBatches() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("""
                    {"StartAt":"M","States":{"M":{"Type":"Map","End":true,
                      "ItemBatcher":{"MaxItemsPerBatch":2,"BatchInput":{"factor":10}},
                      "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},
                        "StartAt":"I","States":{"I":{"Type":"Pass","End":true}}}}}}""", "[1,2,3]");
            assertThat(r.output()).isEqualTo(Json.parse("[{\"BatchInput\":{\"factor\":10},\"Items\":[1,2]},"
                    + "{\"BatchInput\":{\"factor\":10},\"Items\":[3]}]"));
        }
    }

    @Test
    void iterationsReadOuterVariablesButTheirAssignmentsStayInside() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("""
                    {"QueryLanguage":"JSONata","StartAt":"Init","States":{
                      "Init":{"Type":"Pass","Assign":{"x":42,"inner":"outer"},"Next":"M"},
                      "M":{"Type":"Map","Items":[1,2],"Next":"After",
                        "ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","Assign":{"inner":"{% $x %}"},
                           "Output":"{% $x + $states.input %}","End":true}}}},
                      "After":{"Type":"Pass","Output":{"r":"{% $states.input %}","inner":"{% $inner %}"},"End":true}}}""",
                    "{}");
            assertThat(r.output()).isEqualTo(Json.parse("{\"r\":[43,44],\"inner\":\"outer\"}"));
        }
    }

    @Test
    void distributedMapIterationsCannotSeeOuterVariables() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("""
                    {"QueryLanguage":"JSONata","StartAt":"Init","States":{
                      "Init":{"Type":"Pass","Assign":{"x":42},"Next":"M"},
                      "M":{"Type":"Map","Items":[1],"End":true,
                        "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                          "StartAt":"I","States":{"I":{"Type":"Pass","Output":"{% $x %}","End":true}}}}}}""", "{}");
            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(r.error()).isEqualTo("States.QueryEvaluationError");
        }
    }

    @Test
    void mapCatchReceivesTheIterationError() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("""
                    {"StartAt":"MapState","States":{"MapState":{"Type":"Map","Next":"FinalCaught",
                      "ItemProcessor":{"StartAt":"HandleItemFail","States":{"HandleItemFail":{"Type":"Fail",
                        "Error":"HandleItemFailError","Cause":"HandleItemFailCause"}}},
                      "Catch":[{"ErrorEquals":["States.ALL"],"Next":"FinalCaught"}]},
                      "FinalCaught":{"Type":"Pass","End":true}}}""", "[1]");
            assertThat(r.output()).isEqualTo(Json.parse("{\"Error\":\"HandleItemFailError\",\"Cause\":\"HandleItemFailCause\"}"));
            assertThat(r.types()).containsSubsequence("MapStateStarted", "MapIterationStarted", "FailStateEntered",
                    "MapIterationFailed", "MapStateFailed", "MapStateExited", "PassStateEntered");
        }
    }
}
