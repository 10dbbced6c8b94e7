package dev.sagastack.local.twin.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Filter rule syntax per the Lambda Developer Guide, "Control which events Lambda sends to your function". */
class FilterPatternTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode record(String eventName, String pk, String amount) throws Exception {
        return JSON.readTree("""
                {"eventName":"%s","dynamodb":{"Keys":{"PK":{"S":"%s"}},"NewImage":{"PK":{"S":"%s"},"amount":{"N":"%s"}}}}"""
                .formatted(eventName, pk, pk, amount));
    }

    @Test
    void matchesExactValuesInNestedFields() throws Exception {
        FilterPattern inserts = FilterPattern.parse("{\"eventName\":[\"INSERT\"]}");

        assertThat(inserts.matches(record("INSERT", "AGG#a", "1"))).isTrue();
        assertThat(inserts.matches(record("MODIFY", "AGG#a", "1"))).isFalse();
    }

    @Test
    void supportsPrefixAnythingButNumericAndExistsRules() throws Exception {
        JsonNode record = record("INSERT", "AGG#account#1", "250");

        assertThat(FilterPattern.parse("{\"dynamodb\":{\"Keys\":{\"PK\":{\"S\":[{\"prefix\":\"AGG#account#\"}]}}}}").matches(record)).isTrue();
        assertThat(FilterPattern.parse("{\"dynamodb\":{\"Keys\":{\"PK\":{\"S\":[{\"prefix\":\"USER#\"}]}}}}").matches(record)).isFalse();
        assertThat(FilterPattern.parse("{\"eventName\":[{\"anything-but\":[\"REMOVE\"]}]}").matches(record)).isTrue();
        assertThat(FilterPattern.parse("{\"dynamodb\":{\"NewImage\":{\"amount\":{\"N\":[{\"numeric\":[\">\",100,\"<=\",250]}]}}}}").matches(record)).isTrue();
        assertThat(FilterPattern.parse("{\"dynamodb\":{\"NewImage\":{\"amount\":{\"N\":[{\"numeric\":[\">\",250]}]}}}}").matches(record)).isFalse();
        assertThat(FilterPattern.parse("{\"dynamodb\":{\"OldImage\":[{\"exists\":false}]}}").matches(record)).isTrue();
        assertThat(FilterPattern.parse("{\"dynamodb\":{\"NewImage\":[{\"exists\":true}]}}").matches(record)).isTrue();
    }

    @Test
    void aRecordPassesWhenAnyFilterMatchesAndEverythingPassesWithoutFilters() throws Exception {
        List<FilterPattern> filters = List.of(FilterPattern.parse("{\"eventName\":[\"REMOVE\"]}"),
                FilterPattern.parse("{\"eventName\":[\"INSERT\"]}"));

        assertThat(FilterPattern.anyMatches(filters, record("INSERT", "x", "1"))).isTrue();
        assertThat(FilterPattern.anyMatches(filters, record("MODIFY", "x", "1"))).isFalse();
        assertThat(FilterPattern.anyMatches(List.of(), record("MODIFY", "x", "1"))).isTrue();
    }

    @Test
    void rejectsAPatternWhoseLeafIsNotAList() {
        assertThatThrownBy(() -> FilterPattern.parse("{\"eventName\":\"INSERT\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eventName");
    }
}
