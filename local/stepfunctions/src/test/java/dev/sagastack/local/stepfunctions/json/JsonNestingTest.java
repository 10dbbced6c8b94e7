package dev.sagastack.local.stepfunctions.json;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Deeply nested JSON is refused as malformed, never by a StackOverflowError in the thread that reads it. */
class JsonNestingTest {

    private static String nestedArrays(int depth) {
        return "[".repeat(depth) + "1" + "]".repeat(depth);
    }

    private static String nestedObjects(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    @Test
    void valuesNestedUpToTheLimitParseAndWriteBack() {
        String arrays = nestedArrays(Json.MAX_NESTING_DEPTH);
        assertThat(Json.write(Json.parse(arrays))).isEqualTo(arrays);
        String objects = nestedObjects(Json.MAX_NESTING_DEPTH);
        assertThat(Json.write(Json.parse(objects))).isEqualTo(objects);
    }

    @Test
    void deeperValuesAreMalformedInput() {
        for (int depth : new int[] {Json.MAX_NESTING_DEPTH + 1, 20_000, 200_000}) {
            assertThatThrownBy(() -> Json.parse(nestedArrays(depth))).isInstanceOf(JsonException.class)
                    .hasMessageContaining("nesting depth");
            assertThatThrownBy(() -> Json.parse(nestedObjects(depth))).isInstanceOf(JsonException.class)
                    .hasMessageContaining("nesting depth");
        }
    }
}
