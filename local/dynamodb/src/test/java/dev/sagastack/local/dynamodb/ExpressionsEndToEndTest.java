package dev.sagastack.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The expression language through the SDK (Developer Guide: "Condition and filter expressions,
 * operators, and functions", "Update expressions", "Projection expressions"): each condition is
 * used as a Scan filter over one known item, so a wrong evaluation shows as a wrong count.
 */
class ExpressionsEndToEndTest extends ServerFixture {

    private String table;

    @BeforeAll
    void createItem() {
        table = createTable(null);
        ddb.putItem(r -> r.tableName(table).item(item(
                "pk", "p1",
                "name", "Widget",
                "price", n("25"),
                "tags", AttributeValue.fromSs(List.of("red", "blue")),
                "nums", AttributeValue.fromNs(List.of("1", "2")),
                "lst", AttributeValue.fromL(List.of(s("a"), AttributeValue.fromM(Map.of("deep", n("7"))))),
                "mp", AttributeValue.fromM(Map.of("child", AttributeValue.fromM(Map.of("x", s("y"))), "n", n("3"))),
                "flag", AttributeValue.fromBool(true),
                "nothing", AttributeValue.fromNul(true))));
    }

    private int matches(String filter, Map<String, AttributeValue> values) {
        return ddb.scan(r -> {
            r.tableName(table).filterExpression(filter).expressionAttributeNames(Map.of("#n", "name"));
            if (!values.isEmpty()) {
                r.expressionAttributeValues(values);
            }
        }).count();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "price = :25 AND #n = :widget | 1",
        "price <> :25 OR #n < :widget | 0",
        "price BETWEEN :10 AND :25 | 1",
        "price BETWEEN :26 AND :30 | 0",
        "price IN (:10, :25) | 1",
        "NOT price IN (:10, :26) | 1",
        "(price > :10 AND price < :26) AND NOT (#n = :other) | 1",
        "attribute_exists(mp.child.x) AND attribute_not_exists(mp.absentkey) | 1",
        "attribute_type(tags, :ss) AND attribute_type(nothing, :null) | 1",
        "begins_with(#n, :wid) | 1",
        "contains(tags, :red) AND contains(#n, :dge) | 1",
        "contains(tags, :green) | 0",
        "size(tags) = :2 AND size(#n) = :6 AND size(lst) = :2 | 1",
        "lst[1].deep = :7 AND lst[0] = :a | 1",
        "mp.n >= :3 AND flag = :true | 1",
        "#n >= :widget AND #n <= :widget | 1",
    })
    void conditionsEvaluateAsDynamoDbDoes(String filter, int expected) {
        Map<String, AttributeValue> all = new HashMap<>();
        all.put(":25", n("25"));
        all.put(":10", n("10"));
        all.put(":26", n("26"));
        all.put(":30", n("30"));
        all.put(":widget", s("Widget"));
        all.put(":other", s("Other"));
        all.put(":ss", s("SS"));
        all.put(":null", s("NULL"));
        all.put(":wid", s("Wid"));
        all.put(":red", s("red"));
        all.put(":green", s("green"));
        all.put(":dge", s("dge"));
        all.put(":2", n("2"));
        all.put(":6", n("6"));
        all.put(":7", n("7"));
        all.put(":a", s("a"));
        all.put(":3", n("3"));
        all.put(":true", AttributeValue.fromBool(true));
        Map<String, AttributeValue> used = new HashMap<>();
        all.forEach((k, v) -> {
            if (java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(k) + "(?![0-9a-zA-Z_])").matcher(filter).find()) {
                used.put(k, v);
            }
        });
        String withName = filter.contains("#n") ? filter : filter + " AND attribute_exists(#n)";
        assertThat(matches(withName, used)).isEqualTo(expected);
    }

    @Test
    void updateActionsSetRemoveAddDeleteListAppendAndArithmetic() {
        String t = createTable(null);
        ddb.putItem(r -> r.tableName(t).item(item("pk", "u", "n", n("10"), "tags", AttributeValue.fromSs(List.of("a", "b")),
                "nums", AttributeValue.fromNs(List.of("1", "2")),
                "lst", AttributeValue.fromL(List.of(s("x"))), "gone", "bye", "m", AttributeValue.fromM(Map.of("k", n("1"))))));
        Map<String, AttributeValue> after = ddb.updateItem(r -> r.tableName(t).key(item("pk", "u"))
                .updateExpression("SET n = n - :three, lst = list_append(lst, :more), m.k = m.k + :three, "
                        + "fresh = if_not_exists(fresh, :init) REMOVE gone ADD tags :c, hits :three DELETE nums :one")
                .expressionAttributeValues(Map.of(":three", n("3"), ":more", AttributeValue.fromL(List.of(s("y"))),
                        ":init", s("new"), ":c", AttributeValue.fromSs(List.of("c")), ":one", AttributeValue.fromNs(List.of("1"))))
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        assertThat(after.get("n")).isEqualTo(n("7"));
        assertThat(after.get("lst").l()).containsExactly(s("x"), s("y"));
        assertThat(after.get("m").m()).containsEntry("k", n("4"));
        assertThat(after.get("fresh")).isEqualTo(s("new"));
        assertThat(after).doesNotContainKey("gone");
        assertThat(after.get("tags").ss()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(after.get("nums").ns()).containsExactly("2");
        assertThat(after.get("hits")).isEqualTo(n("3"));
    }

    @Test
    void expressionErrorsAreValidationExceptions() {
        DynamoDbException syntax = expect(DynamoDbException.class, () -> ddb.scan(r -> r.tableName(table)
                .filterExpression("price = = :v").expressionAttributeValues(Map.of(":v", n("1")))));
        assertThat(syntax.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(syntax.awsErrorDetails().errorMessage()).startsWith("Invalid FilterExpression");
        DynamoDbException undefinedValue = expect(DynamoDbException.class, () -> ddb.scan(r -> r.tableName(table)
                .filterExpression("price = :missing")));
        assertThat(undefinedValue.awsErrorDetails().errorMessage()).contains(":missing");
        DynamoDbException reserved = expect(DynamoDbException.class, () -> ddb.scan(r -> r.tableName(table)
                .filterExpression("name = :v").expressionAttributeValues(Map.of(":v", s("x")))));
        assertThat(reserved.awsErrorDetails().errorMessage()).contains("reserved keyword");
        DynamoDbException overlap = expect(DynamoDbException.class, () -> ddb.updateItem(r -> r.tableName(table)
                .key(item("pk", "p1")).updateExpression("SET mp.n = :v, mp = :m")
                .expressionAttributeValues(Map.of(":v", n("1"), ":m", AttributeValue.fromM(Map.of())))));
        assertThat(overlap.awsErrorDetails().errorMessage()).contains("overlap");
    }
}
