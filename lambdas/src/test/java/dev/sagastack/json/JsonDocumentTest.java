package dev.sagastack.json;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A stored JSON text embedded in a response as the value it is, compact; anything that is not one JSON value is not a document. */
class JsonDocumentTest {

    @Test
    void oneJsonValueIsWrittenAsThatValueCompact() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("data", JsonDocument.of("{ \"amount\" : 10, \"tags\" : [ \"a\", null, true ], \"nested\": {\"x\": -1.5} }").orElseThrow());
        view.put("scalar", JsonDocument.of("\"text\"").orElseThrow());

        assertThat(RecordJson.writeString(view)).isEqualTo(
                "{\"data\":{\"amount\":10,\"tags\":[\"a\",null,true],\"nested\":{\"x\":-1.5}},\"scalar\":\"text\"}");
    }

    @Test
    void textThatIsNotExactlyOneJsonValueIsNotADocument() {
        for (String text : new String[] {"", "   ", "{", "{\"a\":1} {\"b\":2}", "{\"a\":1,\"a\":2}", "not json", "[1,]"}) {
            assertThat(JsonDocument.of(text)).as(text).isEmpty();
        }
        assertThat(JsonDocument.of(null)).isEmpty();
    }
}
