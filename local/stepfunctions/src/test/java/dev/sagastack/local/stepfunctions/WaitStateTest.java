package dev.sagastack.local.stepfunctions;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The Wait state ("Wait workflow state"), on the virtual clock: no test sleeps. */
class WaitStateTest {
    private static Duration waited(TestEngine.Result r) {
        return Duration.between(r.first("WaitStateEntered").timestamp(), r.first("WaitStateExited").timestamp());
    }

    @Test
    void secondsWaitsThatLong() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":10,"
                    + "\"End\":true}}}", "{\"a\":1}");
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(waited(r)).isEqualTo(Duration.ofSeconds(10));
        }
    }

    @Test
    void timestampWaitsUntilThatTime() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Timestamp\":"
                    + "\"2025-01-02T00:00:00Z\",\"End\":true}}}", "{}");
            assertThat(r.first("WaitStateExited").timestamp()).isEqualTo(Instant.parse("2025-01-02T00:00:00Z"));
        }
    }

    @Test
    void secondsPathAndTimestampPathReadTheInput() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"SecondsPath\":"
                    + "\"$.expirydate\",\"End\":true}}}", "{\"expirydate\":3600}");
            assertThat(waited(r)).isEqualTo(Duration.ofHours(1));
            TestEngine.Result r2 = t.run("{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"TimestampPath\":"
                    + "\"$.expirydate\",\"End\":true}}}", "{\"expirydate\":\"2025-01-01T02:00:00Z\"}");
            assertThat(r2.first("WaitStateExited").timestamp()).isEqualTo(Instant.parse("2025-01-01T02:00:00Z"));
        }
    }

    @Test
    void secondsPathThatDoesNotReferenceANumberFailsWithAwsCause() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("{\"StartAt\":\"WaitState\",\"States\":{\"WaitState\":{\"Type\":\"Wait\","
                    + "\"SecondsPath\":\"$.input.waitSeconds\",\"End\":true}}}", "{\"input\":{\"waitSeconds\":\"x\"}}");
            assertThat(r.error()).isEqualTo("States.Runtime");
            assertThat(r.cause()).isEqualTo("An error occurred while executing the state 'WaitState' (entered at the "
                    + "event id #2). The SecondsPath parameter does not reference an input value: $.input.waitSeconds");
        }
    }

    @Test
    void jsonataTimestampThatIsNotIso8601FailsWithQueryEvaluationError() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"WaitState\",\"States\":{"
                    + "\"WaitState\":{\"Type\":\"Wait\",\"Timestamp\":\"{% $states.input.TimestampValue %}\","
                    + "\"End\":true}}}", "{\"TimestampValue\":\"2016-12-05 21:29:29Z\"}");
            assertThat(r.error()).isEqualTo("States.QueryEvaluationError");
            assertThat(r.cause()).isEqualTo("An error occurred while executing the state 'WaitState' (entered at the "
                    + "event id #2). The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time "
                    + "format string: 2016-12-05 21:29:29Z");
            assertThat(r.types()).containsExactly("ExecutionStarted", "WaitStateEntered", "EvaluationFailed",
                    "ExecutionFailed");
            assertThat(r.first("EvaluationFailed").details()).containsEntry("location", "Timestamp")
                    .containsEntry("state", "WaitState");
        }
    }

    @Test
    void jsonataSecondsExpression() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"W\",\"States\":{\"W\":{"
                    + "\"Type\":\"Wait\",\"Seconds\":\"{% $states.input.n * 2 %}\",\"End\":true}}}", "{\"n\":30}");
            assertThat(waited(r)).isEqualTo(Duration.ofMinutes(1));
        }
    }
}
