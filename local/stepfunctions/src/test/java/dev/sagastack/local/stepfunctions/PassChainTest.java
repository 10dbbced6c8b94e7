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

    @Test
    void anEndlessLoopStopsAtTheHistoryQuotaOf25000Events() {
        // "Step Functions service quotas": an execution history holds at most 25,000 events.
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("""
                    {"StartAt":"Again","States":{
                      "Again":{"Type":"Pass","Next":"Loop"},
                      "Loop":{"Type":"Choice","Choices":[{"Variable":"$.stop","IsPresent":true,"Next":"Done"}],
                              "Default":"Again"},
                      "Done":{"Type":"Succeed"}}}""", "{}");
            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(r.error()).isEqualTo("States.Runtime");
            assertThat(r.history().size()).isBetween(25_000, 25_003);
        }
    }
}
