package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every intrinsic function with the examples of "Intrinsic functions for JSONPath states in Step Functions". */
class IntrinsicFunctionsTest {
    private static Object eval(TestEngine t, String expression, String input) {
        TestEngine.Result r = t.run("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Parameters\":"
                + "{\"r.$\":" + Json.write(expression) + "},\"End\":true}}}", input);
        assertThat(r.status()).as(r.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        return Json.asObject(r.output()).get("r");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "States.Array($.Id)|{\"Id\":123456}|[123456]",
            "States.ArrayPartition($.inputArray,4)|{\"inputArray\":[1,2,3,4,5,6,7,8,9]}|[[1,2,3,4],[5,6,7,8],[9]]",
            "States.ArrayContains($.inputArray, $.lookingFor)|{\"inputArray\":[1,2,3,4,5,6,7,8,9],\"lookingFor\":5}|true",
            "States.ArrayRange(1, 9, 2)|{}|[1,3,5,7,9]",
            "States.ArrayGetItem($.inputArray, $.index)|{\"inputArray\":[1,2,3,4,5,6,7,8,9],\"index\":5}|6",
            "States.ArrayLength($.inputArray)|{\"inputArray\":[1,2,3,4,5,6,7,8,9]}|9",
            "States.ArrayUnique($.inputArray)|{\"inputArray\":[1,2,3,3,3,3,3,3,4]}|[1,2,3,4]",
            "States.Base64Encode($.input)|{\"input\":\"Data to encode\"}|\"RGF0YSB0byBlbmNvZGU=\"",
            "States.Base64Decode($.base64)|{\"base64\":\"RGF0YSB0byBlbmNvZGU=\"}|\"Data to encode\"",
            "States.Hash($.Data, $.Algorithm)|{\"Data\":\"input data\",\"Algorithm\":\"SHA-1\"}|\"aaff4a450a104cd177d28d18d74485e8cae074b7\"",
            "States.JsonMerge($.json1, $.json2, false)|{\"json1\":{\"a\":{\"a1\":1,\"a2\":2},\"b\":2},\"json2\":{\"a\":{\"a3\":1,\"a4\":2},\"c\":3}}|{\"a\":{\"a3\":1,\"a4\":2},\"b\":2,\"c\":3}",
            "States.StringToJson($.escapedJsonString)|{\"escapedJsonString\":\"{\\\"foo\\\": \\\"bar\\\"}\"}|{\"foo\":\"bar\"}",
            "States.JsonToString($.unescapedJson)|{\"unescapedJson\":{\"foo\":\"bar\"}}|\"{\\\"foo\\\":\\\"bar\\\"}\"",
            "States.MathAdd($.value1, $.step)|{\"value1\":111,\"step\":-1}|110",
            "States.StringSplit($.inputString, $.splitter)|{\"inputString\":\"1,2,3,4,5\",\"splitter\":\",\"}|[\"1\",\"2\",\"3\",\"4\",\"5\"]",
            "States.StringSplit($.inputString, $.splitter)|{\"inputString\":\"This.is+a,test=string\",\"splitter\":\".+,=\"}|[\"This\",\"is\",\"a\",\"test\",\"string\"]",
            "States.Format('Hello, my name is {}.', $.name)|{\"name\":\"Arnav\"}|\"Hello, my name is Arnav.\"",
            "States.Format('{} \\{literal\\}', $.n)|{\"n\":3}|\"3 {literal}\"",
            "States.Array(States.ArrayLength($.a), 'x', true, null)|{\"a\":[1,2]}|[2,\"x\",true,null]",
    })
    void documentedExamples(String expression, String input, String expected) {
        try (TestEngine t = new TestEngine()) {
            assertThat(eval(t, expression, input)).isEqualTo(Json.parse(expected));
        }
    }

    @Test
    void mathRandomStaysInRangeAndIsRepeatableWithASeed() {
        try (TestEngine t = new TestEngine()) {
            Object v = eval(t, "States.MathRandom($.start, $.end)", "{\"start\":1,\"end\":999}");
            assertThat(((Number) v).intValue()).isBetween(1, 998);
            Object a = eval(t, "States.MathRandom(1, 1000000, 42)", "{}");
            Object b = eval(t, "States.MathRandom(1, 1000000, 42)", "{}");
            assertThat(a).isEqualTo(b);
        }
    }

    @Test
    void uuidIsAVersion4Uuid() {
        try (TestEngine t = new TestEngine()) {
            Object v = eval(t, "States.UUID()", "{}");
            assertThat((String) v).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        }
    }

    @Test
    void formatRendersObjectsAndNullsAsAwsDoes() {
        try (TestEngine t = new TestEngine()) {
            assertThat(eval(t, "States.Format('fst={} and snd={}.', $.fst, $.snd)",
                    "{\"fst\":{\"Arg1\":1,\"Arg2\":[]},\"snd\":null}"))
                    .isEqualTo("fst={Arg1=1, Arg2=[]} and snd=null.");
        }
    }

    @Test
    void mathAddRoundsEachArgumentHalfUp() {
        try (TestEngine t = new TestEngine()) {
            assertThat(eval(t, "States.MathAdd($.a, $.b)", "{\"a\":1.49,\"b\":1.5}")).isEqualTo(3);
            assertThat(eval(t, "States.MathAdd($.a, $.b)", "{\"a\":-1.5,\"b\":0}")).isEqualTo(-1);
        }
    }

    @Test
    void intrinsicsWorkInResultSelectorAndFailStatePaths() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("""
                    {"StartAt":"F","States":{"F":{"Type":"Fail",
                      "ErrorPath":"States.Format('{}.Failed', $.kind)","CausePath":"$.why"}}}""",
                    "{\"kind\":\"Order\",\"why\":\"because\"}");
            assertThat(r.error()).isEqualTo("Order.Failed");
            assertThat(r.cause()).isEqualTo("because");
        }
    }

    @Test
    void badArgumentsFailWithStatesRuntime() {
        try (TestEngine t = new TestEngine()) {
            TestEngine.Result r = t.run("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Parameters\":"
                    + "{\"r.$\":\"States.ArrayGetItem($.a, 5)\"},\"End\":true}}}", "{\"a\":[1]}");
            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(r.error()).isEqualTo("States.Runtime");
            assertThat(r.cause()).contains("States.ArrayGetItem").contains("out of bounds");
        }
    }

    @Test
    void unknownIntrinsicIsRejectedWhenTheDefinitionIsCreated() {
        try (TestEngine t = new TestEngine()) {
            ValidationResult v = t.engine.validateDefinition("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\","
                    + "\"Parameters\":{\"parsed.$\":\"States.NoSuchFunction($.a)\"},\"End\":true}}}");
            assertThat(v.ok()).isFalse();
            assertThat(v.diagnostics()).singleElement().satisfies(d -> {
                assertThat(d.code()).isEqualTo("SCHEMA_VALIDATION_FAILED");
                assertThat(d.message()).isEqualTo("The value for the field 'parsed.$' must be a valid JSONPath or a "
                        + "valid intrinsic function call");
                assertThat(d.location()).isEqualTo("/States/P/Parameters");
            });
        }
    }
}
