package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The Choice state ("Choice workflow state" in the Developer Guide): rules, operators, Default. */
class ChoiceStateTest {
    private static final String DOC_EXAMPLE = """
            {"StartAt":"ChoiceStateX","States":{
              "ChoiceStateX":{"Type":"Choice","Choices":[
                {"Not":{"Variable":"$.type","StringEquals":"Private"},"Next":"Public"},
                {"Variable":"$.value","NumericEquals":0,"Next":"ValueIsZero"},
                {"And":[{"Variable":"$.value","NumericGreaterThanEquals":20},
                        {"Variable":"$.value","NumericLessThan":30}],"Next":"ValueInTwenties"}],
               "Default":"DefaultState"},
              "Public":{"Type":"Pass","Result":"Public","End":true},
              "ValueIsZero":{"Type":"Pass","Result":"ValueIsZero","End":true},
              "ValueInTwenties":{"Type":"Pass","Result":"ValueInTwenties","End":true},
              "DefaultState":{"Type":"Pass","Result":"DefaultState","End":true}}}""";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"type\":\"Public\"}|Public",
            "{\"type\":\"Private\",\"value\":0}|ValueIsZero",
            "{\"type\":\"Private\",\"value\":22}|ValueInTwenties",
            "{\"type\":\"Private\",\"value\":50}|DefaultState"})
    void developerGuideChoiceExample(String input, String expected) {
        try (TestEngine t = new TestEngine()) {
            assertThat(t.run(DOC_EXAMPLE, input).output()).isEqualTo(expected);
        }
    }

    private static boolean matches(TestEngine t, String rule, String input) {
        TestEngine.Result r = t.run("{\"StartAt\":\"C\",\"States\":{\"C\":{\"Type\":\"Choice\",\"Choices\":[" + rule
                + "],\"Default\":\"No\"},\"Yes\":{\"Type\":\"Pass\",\"Result\":true,\"End\":true},"
                + "\"No\":{\"Type\":\"Pass\",\"Result\":false,\"End\":true}}}", input);
        assertThat(r.status()).as(r.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        return (Boolean) r.output();
    }

    @ParameterizedTest(name = "{0} on {1} = {2}")
    @CsvSource(delimiter = '|', value = {
            "\"StringEquals\":\"abc\"|{\"v\":\"abc\"}|true",
            "\"StringEquals\":\"abc\"|{\"v\":1}|false",
            "\"StringLessThan\":\"b\"|{\"v\":\"a\"}|true",
            "\"StringGreaterThan\":\"b\"|{\"v\":\"a\"}|false",
            "\"StringLessThanEquals\":\"a\"|{\"v\":\"a\"}|true",
            "\"StringGreaterThanEquals\":\"a\"|{\"v\":\"b\"}|true",
            "\"StringMatches\":\"log-*.txt\"|{\"v\":\"log-2024.txt\"}|true",
            "\"StringMatches\":\"log-*.txt\"|{\"v\":\"log-2024.csv\"}|false",
            "\"StringMatches\":\"a\\\\*b\"|{\"v\":\"a*b\"}|true",
            "\"NumericEquals\":1|{\"v\":1.0}|true",
            "\"NumericLessThan\":1|{\"v\":0.5}|true",
            "\"NumericGreaterThan\":1|{\"v\":0.5}|false",
            "\"NumericLessThanEquals\":1|{\"v\":1}|true",
            "\"NumericGreaterThanEquals\":1|{\"v\":2}|true",
            "\"BooleanEquals\":true|{\"v\":true}|true",
            "\"BooleanEquals\":true|{\"v\":\"true\"}|false",
            "\"TimestampEquals\":\"2016-08-18T17:33:00Z\"|{\"v\":\"2016-08-18T17:33:00Z\"}|true",
            "\"TimestampLessThan\":\"2016-08-18T17:33:00Z\"|{\"v\":\"2016-08-18T17:32:00Z\"}|true",
            "\"TimestampGreaterThan\":\"2016-08-18T17:33:00Z\"|{\"v\":\"2016-08-18T18:33:00+01:00\"}|false",
            "\"TimestampLessThanEquals\":\"2016-08-18T17:33:00Z\"|{\"v\":\"2016-08-18T17:33:00Z\"}|true",
            "\"TimestampGreaterThanEquals\":\"2016-08-18T17:33:00Z\"|{\"v\":\"2016-08-19T00:00:00Z\"}|true",
            "\"IsNull\":true|{\"v\":null}|true",
            "\"IsNull\":false|{\"v\":1}|true",
            "\"IsPresent\":true|{\"w\":1}|false",
            "\"IsPresent\":false|{\"w\":1}|true",
            "\"IsNumeric\":true|{\"v\":\"1\"}|false",
            "\"IsString\":true|{\"v\":\"1\"}|true",
            "\"IsBoolean\":true|{\"v\":false}|true",
            "\"IsTimestamp\":true|{\"v\":\"2016-08-18T17:33:00Z\"}|true",
            "\"IsTimestamp\":true|{\"v\":\"2016-08-18 17:33:00Z\"}|false"})
    void comparisonOperators(String operator, String input, boolean expected) {
        try (TestEngine t = new TestEngine()) {
            assertThat(matches(t, "{\"Variable\":\"$.v\"," + operator + ",\"Next\":\"Yes\"}", input))
                    .isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "StringEqualsPath|{\"v\":\"a\",\"o\":\"a\"}|true",
            "StringLessThanPath|{\"v\":\"a\",\"o\":\"b\"}|true",
            "StringGreaterThanPath|{\"v\":\"a\",\"o\":\"b\"}|false",
            "StringLessThanEqualsPath|{\"v\":\"b\",\"o\":\"b\"}|true",
            "StringGreaterThanEqualsPath|{\"v\":\"c\",\"o\":\"b\"}|true",
            "NumericEqualsPath|{\"v\":2,\"o\":2}|true",
            "NumericLessThanPath|{\"v\":1,\"o\":2}|true",
            "NumericGreaterThanPath|{\"v\":1,\"o\":2}|false",
            "NumericLessThanEqualsPath|{\"v\":2,\"o\":2}|true",
            "NumericGreaterThanEqualsPath|{\"v\":3,\"o\":2}|true",
            "BooleanEqualsPath|{\"v\":true,\"o\":true}|true",
            "TimestampEqualsPath|{\"v\":\"2020-01-01T00:00:00Z\",\"o\":\"2020-01-01T00:00:00Z\"}|true",
            "TimestampLessThanPath|{\"v\":\"2019-01-01T00:00:00Z\",\"o\":\"2020-01-01T00:00:00Z\"}|true",
            "TimestampGreaterThanPath|{\"v\":\"2019-01-01T00:00:00Z\",\"o\":\"2020-01-01T00:00:00Z\"}|false",
            "TimestampLessThanEqualsPath|{\"v\":\"2020-01-01T00:00:00Z\",\"o\":\"2020-01-01T00:00:00Z\"}|true",
            "TimestampGreaterThanEqualsPath|{\"v\":\"2021-01-01T00:00:00Z\",\"o\":\"2020-01-01T00:00:00Z\"}|true"})
    void pathComparisonsReadTheOperandFromTheInput(String operator, String input, boolean expected) {
        try (TestEngine t = new TestEngine()) {
            assertThat(matches(t, "{\"Variable\":\"$.v\",\"" + operator + "\":\"$.o\",\"Next\":\"Yes\"}", input))
                    .isEqualTo(expected);
        }
    }

    @Test
    void orAndNotCombineRules() {
        try (TestEngine t = new TestEngine()) {
            String rule = "{\"Or\":[{\"Variable\":\"$.a\",\"NumericEquals\":1},{\"Not\":{\"Variable\":\"$.b\","
                    + "\"StringEquals\":\"x\"}}],\"Next\":\"Yes\"}";
            assertThat(matches(t, rule, "{\"a\":1,\"b\":\"x\"}")).isTrue();
            assertThat(matches(t, rule, "{\"a\":2,\"b\":\"x\"}")).isFalse();
            assertThat(matches(t, rule, "{\"a\":2,\"b\":\"y\"}")).isTrue();
        }
    }

    @Test
    void noMatchWithoutDefaultFailsWithStatesNoChoiceMatched() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("{\"StartAt\":\"C\",\"States\":{\"C\":{\"Type\":\"Choice\",\"Choices\":["
                    + "{\"Variable\":\"$.v\",\"NumericEquals\":1,\"Next\":\"D\"}]},\"D\":{\"Type\":\"Succeed\"}}}",
                    "{\"v\":2}");
            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(r.error()).isEqualTo("States.NoChoiceMatched");
            assertThat(r.types()).containsExactly("ExecutionStarted", "ChoiceStateEntered", "ExecutionFailed");
        }
    }

    @Test
    void jsonataConditionWithRuleAndDefaultAssignments() {
        // Developer Guide, "Choice workflow state", JSONata Condition; Assign on the rule or on the state for Default.
        String def = """
                {"QueryLanguage":"JSONata","StartAt":"ChoiceState","States":{
                  "ChoiceState":{"Type":"Choice","Choices":[
                     {"Condition":"{% $states.input.condition %}","Next":"ConditionTrue",
                      "Assign":{"Assignment":"Condition assignment"}}],
                   "Default":"DefaultState","Assign":{"Assignment":"Default Assignment"}},
                  "ConditionTrue":{"Type":"Pass","Output":"{% $Assignment %}","End":true},
                  "DefaultState":{"Type":"Fail","Cause":"{% $Assignment %}"}}}""";
        try (TestEngine t = new TestEngine()) {
            assertThat(t.run(def, "{\"condition\":true}").output()).isEqualTo("Condition assignment");
            TestEngine.Result r = t.run(def, "{\"condition\":false}");
            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(r.cause()).isEqualTo("Default Assignment");
            assertThat(r.error()).isNull();
        }
    }

    @Test
    void missingVariableInAComparisonIsAStatesRuntimeError() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("{\"StartAt\":\"C\",\"States\":{\"C\":{\"Type\":\"Choice\",\"Choices\":["
                    + "{\"Variable\":\"$.missing\",\"NumericEquals\":1,\"Next\":\"D\"}],\"Default\":\"D\"},"
                    + "\"D\":{\"Type\":\"Succeed\"}}}", "{}");
            assertThat(r.error()).isEqualTo("States.Runtime");
            assertThat(Json.write(r.cause())).contains("$.missing");
        }
    }
}
