package dev.sagastack.local.stepfunctions;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PassChainTest {
    @Test
    void passStatesHandTheirInputOnAndRecordEnteredAndExitedEvents() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("""
                    {"StartAt":"A","States":{
                      "A":{"Type":"Pass","Next":"B"},
                      "B":{"Type":"Pass","Result":{"x":1},"ResultPath":"$.b","End":true}}}""", "{\"in\":true}");
            assertThat(r.status()).as(r.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(r.output()).isEqualTo(TestEngine.json("{\"in\":true,\"b\":{\"x\":1}}"));
            assertThat(r.types()).containsExactly("ExecutionStarted", "PassStateEntered", "PassStateExited",
                    "PassStateEntered", "PassStateExited", "ExecutionSucceeded");
        }
    }
}
