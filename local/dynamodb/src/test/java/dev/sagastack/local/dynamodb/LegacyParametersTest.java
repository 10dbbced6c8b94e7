package dev.sagastack.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalOperator;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The legacy (non-expression) parameters through the SDK's own builders: API Reference "Condition"
 * (ComparisonOperator), "ExpectedAttributeValue", "AttributeValueUpdate", and Developer Guide
 * "Legacy conditional parameters" (Expected, AttributeUpdates, AttributesToGet, KeyConditions,
 * QueryFilter, ScanFilter, ConditionalOperator).
 */
class LegacyParametersTest extends ServerFixture {

    private static final String INVALID = "One or more parameter values were invalid: ";

    /** The scan fixture: i4 has no name and its num is the string "5". */
    private String scanTable;

    @BeforeAll
    void fillScanTable() {
        scanTable = createTable(null);
        ddb.putItem(r -> r.tableName(scanTable).item(item("pk", "i1", "name", "apple", "num", n("1"),
                "tags", AttributeValue.fromSs(List.of("red", "green")),
                "list", AttributeValue.fromL(List.of(s("x"), n("1"))))));
        ddb.putItem(r -> r.tableName(scanTable).item(item("pk", "i2", "name", "banana", "num", n("5"),
                "tags", AttributeValue.fromSs(List.of("yellow")))));
        ddb.putItem(r -> r.tableName(scanTable).item(item("pk", "i3", "name", "apricot", "num", n("10"))));
        ddb.putItem(r -> r.tableName(scanTable).item(item("pk", "i4", "num", s("5"))));
    }

    private static Condition cond(ComparisonOperator op, AttributeValue... args) {
        return Condition.builder().comparisonOperator(op).attributeValueList(args).build();
    }

    private List<String> scanKeys(Map<String, Condition> filter, ConditionalOperator operator) {
        List<String> keys = new ArrayList<>();
        ddb.scan(ScanRequest.builder().tableName(scanTable).scanFilter(filter).conditionalOperator(operator).build())
                .items().forEach(i -> keys.add(i.get("pk").s()));
        keys.sort(null);
        return keys;
    }

    static Stream<Arguments> operators() {
        return Stream.of(
                Arguments.of("num", ComparisonOperator.EQ, new AttributeValue[] {n("5")}, List.of("i2")),
                // NE: a different type is not equal; a missing attribute is not equal either (as "<>").
                Arguments.of("num", ComparisonOperator.NE, new AttributeValue[] {n("5")}, List.of("i1", "i3", "i4")),
                Arguments.of("name", ComparisonOperator.NE, new AttributeValue[] {s("apple")}, List.of("i2", "i3", "i4")),
                Arguments.of("num", ComparisonOperator.LE, new AttributeValue[] {n("5")}, List.of("i1", "i2")),
                Arguments.of("num", ComparisonOperator.LT, new AttributeValue[] {n("5")}, List.of("i1")),
                Arguments.of("num", ComparisonOperator.GE, new AttributeValue[] {n("5")}, List.of("i2", "i3")),
                Arguments.of("num", ComparisonOperator.GT, new AttributeValue[] {n("5")}, List.of("i3")),
                Arguments.of("tags", ComparisonOperator.NOT_NULL, new AttributeValue[0], List.of("i1", "i2")),
                Arguments.of("tags", ComparisonOperator.NULL, new AttributeValue[0], List.of("i3", "i4")),
                Arguments.of("name", ComparisonOperator.CONTAINS, new AttributeValue[] {s("an")}, List.of("i2")),
                Arguments.of("tags", ComparisonOperator.CONTAINS, new AttributeValue[] {s("red")}, List.of("i1")),
                Arguments.of("list", ComparisonOperator.CONTAINS, new AttributeValue[] {n("1")}, List.of("i1")),
                Arguments.of("tags", ComparisonOperator.NOT_CONTAINS, new AttributeValue[] {s("red")},
                        List.of("i2", "i3", "i4")),
                Arguments.of("name", ComparisonOperator.BEGINS_WITH, new AttributeValue[] {s("ap")}, List.of("i1", "i3")),
                Arguments.of("num", ComparisonOperator.IN, new AttributeValue[] {n("1"), n("10")}, List.of("i1", "i3")),
                Arguments.of("num", ComparisonOperator.BETWEEN, new AttributeValue[] {n("2"), n("10")},
                        List.of("i2", "i3")));
    }

    @ParameterizedTest(name = "ScanFilter {0} {1} -> {3}")
    @MethodSource("operators")
    @DisplayName("API Reference Condition: each ComparisonOperator in a ScanFilter selects DynamoDB's items")
    void scanFilterOperators(String attribute, ComparisonOperator op, AttributeValue[] args, List<String> expected) {
        assertThat(scanKeys(Map.of(attribute, cond(op, args)), null)).isEqualTo(expected);
    }

    @Test
    @DisplayName("Legacy conditional parameters, ConditionalOperator: AND by default, OR when asked")
    void conditionalOperatorCombinesConditions() {
        Map<String, Condition> filter = Map.of("name", cond(ComparisonOperator.BEGINS_WITH, s("ap")),
                "num", cond(ComparisonOperator.GT, n("5")));
        assertThat(scanKeys(filter, null)).containsExactly("i3");
        assertThat(scanKeys(filter, ConditionalOperator.AND)).containsExactly("i3");
        assertThat(scanKeys(filter, ConditionalOperator.OR)).containsExactly("i1", "i3");
    }

    static Stream<Arguments> wrongArgumentCounts() {
        return Stream.of(
                Arguments.of(ComparisonOperator.EQ, new AttributeValue[0]),
                Arguments.of(ComparisonOperator.NE, new AttributeValue[] {n("1"), n("2")}),
                Arguments.of(ComparisonOperator.LT, new AttributeValue[0]),
                Arguments.of(ComparisonOperator.LE, new AttributeValue[] {n("1"), n("2")}),
                Arguments.of(ComparisonOperator.GT, new AttributeValue[0]),
                Arguments.of(ComparisonOperator.GE, new AttributeValue[0]),
                Arguments.of(ComparisonOperator.NULL, new AttributeValue[] {n("1")}),
                Arguments.of(ComparisonOperator.NOT_NULL, new AttributeValue[] {n("1")}),
                Arguments.of(ComparisonOperator.CONTAINS, new AttributeValue[0]),
                Arguments.of(ComparisonOperator.NOT_CONTAINS, new AttributeValue[] {s("a"), s("b")}),
                Arguments.of(ComparisonOperator.BEGINS_WITH, new AttributeValue[0]),
                Arguments.of(ComparisonOperator.IN, new AttributeValue[0]),
                Arguments.of(ComparisonOperator.BETWEEN, new AttributeValue[] {n("1")}));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("wrongArgumentCounts")
    @DisplayName("API Reference Condition: a wrong number of AttributeValueList elements is refused")
    void wrongArgumentCountIsRefused(ComparisonOperator op, AttributeValue[] args) {
        assertValidation(() -> scanKeys(Map.of("num", cond(op, args)), null),
                INVALID + "Invalid number of argument(s) for the " + op + " ComparisonOperator");
    }

    @Test
    @DisplayName("API Reference Condition: argument types per operator, one type per list, BETWEEN bounds in order")
    void argumentTypesAreChecked() {
        assertValidation(() -> scanKeys(Map.of("num", cond(ComparisonOperator.LT,
                AttributeValue.fromSs(List.of("a")))), null),
                INVALID + "ComparisonOperator LT is not valid for SS AttributeValue type");
        assertValidation(() -> scanKeys(Map.of("num", cond(ComparisonOperator.BEGINS_WITH, n("1"))), null),
                INVALID + "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type");
        assertValidation(() -> scanKeys(Map.of("tags", cond(ComparisonOperator.CONTAINS,
                AttributeValue.fromSs(List.of("red")))), null),
                INVALID + "ComparisonOperator CONTAINS is not valid for SS AttributeValue type");
        assertValidation(() -> scanKeys(Map.of("num", cond(ComparisonOperator.IN, n("1"), s("1"))), null),
                INVALID + "AttributeValues inside AttributeValueList must be of same type");
        assertValidation(() -> scanKeys(Map.of("num", cond(ComparisonOperator.BETWEEN, n("10"), n("2"))), null),
                "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
        assertValidation(() -> ddb.scan(r -> r.tableName(scanTable).scanFilter(Map.of("num",
                Condition.builder().comparisonOperator("ALMOST").attributeValueList(n("1")).build()))),
                "1 validation error detected: Value 'ALMOST' at 'scanFilter.num.member.comparisonOperator' failed to "
                        + "satisfy constraint: Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, "
                        + "EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]");
        assertValidation(() -> ddb.scan(r -> r.tableName(scanTable).conditionalOperator("XOR")
                .scanFilter(Map.of("num", cond(ComparisonOperator.NOT_NULL)))),
                "1 validation error detected: Value 'XOR' at 'conditionalOperator' failed to satisfy constraint: "
                        + "Member must satisfy enum value set: [AND, OR]");
    }

    @Test
    @DisplayName("Legacy conditional parameters: mixing with expression parameters keeps DynamoDB's error")
    void mixingLegacyAndExpressionParametersIsRefused() {
        assertValidation(() -> ddb.scan(r -> r.tableName(scanTable).filterExpression("attribute_exists(num)")
                .scanFilter(Map.of("num", cond(ComparisonOperator.NOT_NULL)))),
                "Can not use both expression and non-expression parameters in the same request: "
                        + "Non-expression parameters: {ScanFilter} Expression parameters: {FilterExpression}");
        assertValidation(() -> ddb.getItem(r -> r.tableName(scanTable).key(item("pk", "i1"))
                .attributesToGet("name").projectionExpression("num")),
                "Can not use both expression and non-expression parameters in the same request: "
                        + "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}");
        assertValidation(() -> ddb.putItem(r -> r.tableName(scanTable).item(item("pk", "i1"))
                .expected(Map.of("pk", ExpectedAttributeValue.builder().exists(false).build()))
                .expressionAttributeValues(Map.of(":v", n("1")))),
                "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null");
        assertThat(ddb.getItem(r -> r.tableName(scanTable).key(item("pk", "i1"))).item()).containsKey("name");
    }

    @Test
    @DisplayName("API Reference GetItem/BatchGetItem/Scan AttributesToGet: only the named top-level attributes")
    void attributesToGetSelectsAttributes() {
        assertThat(ddb.getItem(r -> r.tableName(scanTable).key(item("pk", "i1")).attributesToGet("name", "list.x"))
                .item()).containsOnly(Map.entry("name", s("apple")));
        assertThat(ddb.batchGetItem(r -> r.requestItems(Map.of(scanTable, KeysAndAttributes.builder()
                .keys(item("pk", "i1"), item("pk", "i2")).attributesToGet("num").build())))
                .responses().get(scanTable)).containsExactlyInAnyOrder(item("num", n("1")), item("num", n("5")));
        assertThat(ddb.scan(r -> r.tableName(scanTable).attributesToGet("tags")
                .scanFilter(Map.of("pk", cond(ComparisonOperator.EQ, s("i2"))))).items())
                .containsExactly(item("tags", AttributeValue.fromSs(List.of("yellow"))));
        assertValidation(() -> ddb.getItem(r -> r.tableName(scanTable).key(item("pk", "i1"))
                .attributesToGet("name", "name")), INVALID + "Duplicate value in attribute name: name");
    }

    // ---- Expected ----

    @Test
    @DisplayName("Legacy conditional parameters, Expected: Exists false writes once; a refused put leaves the item")
    void expectedExistsFalseRefusesOverwrite() {
        String t = createTable(null);
        Map<String, ExpectedAttributeValue> absent = Map.of("pk", ExpectedAttributeValue.builder().exists(false).build());
        ddb.putItem(r -> r.tableName(t).item(item("pk", "a", "v", "first")).expected(absent));
        expect(ConditionalCheckFailedException.class, () -> ddb.putItem(r -> r.tableName(t)
                .item(item("pk", "a", "v", "second")).expected(absent)));
        assertThat(ddb.getItem(r -> r.tableName(t).key(item("pk", "a"))).item()).containsEntry("v", s("first"));
    }

    @Test
    @DisplayName("ExpectedAttributeValue Value (Exists true by default): delete only when the value matches")
    void expectedValueShortForm() {
        String t = createTable(null);
        ddb.putItem(r -> r.tableName(t).item(item("pk", "a", "v", "keep")));
        expect(ConditionalCheckFailedException.class, () -> ddb.deleteItem(r -> r.tableName(t).key(item("pk", "a"))
                .expected(Map.of("v", ExpectedAttributeValue.builder().value(s("other")).build()))));
        expect(ConditionalCheckFailedException.class, () -> ddb.deleteItem(r -> r.tableName(t).key(item("pk", "a"))
                .expected(Map.of("nope", ExpectedAttributeValue.builder().value(s("keep")).exists(true).build()))));
        assertThat(ddb.getItem(r -> r.tableName(t).key(item("pk", "a"))).hasItem()).isTrue();
        ddb.deleteItem(r -> r.tableName(t).key(item("pk", "a"))
                .expected(Map.of("v", ExpectedAttributeValue.builder().value(s("keep")).exists(true).build())));
        assertThat(ddb.getItem(r -> r.tableName(t).key(item("pk", "a"))).hasItem()).isFalse();
    }

    @Test
    @DisplayName("ExpectedAttributeValue ComparisonOperator with ConditionalOperator OR and the AND default")
    void expectedComparisonsAndConditionalOperator() {
        String t = createTable(null);
        ddb.putItem(r -> r.tableName(t).item(item("pk", "a", "n", n("3"), "s", "hello")));
        Map<String, ExpectedAttributeValue> oneTrue = Map.of(
                "n", ExpectedAttributeValue.builder().comparisonOperator(ComparisonOperator.GT)
                        .attributeValueList(n("5")).build(),
                "s", ExpectedAttributeValue.builder().comparisonOperator(ComparisonOperator.BEGINS_WITH)
                        .attributeValueList(s("he")).build());
        expect(ConditionalCheckFailedException.class, () -> ddb.putItem(r -> r.tableName(t)
                .item(item("pk", "a", "v", "and")).expected(oneTrue)));
        ddb.putItem(r -> r.tableName(t).item(item("pk", "a", "v", "or")).expected(oneTrue)
                .conditionalOperator(ConditionalOperator.OR));
        assertThat(ddb.getItem(r -> r.tableName(t).key(item("pk", "a"))).item()).containsOnly(
                Map.entry("pk", s("a")), Map.entry("v", s("or")));
    }

    @Test
    @DisplayName("ExpectedAttributeValue validation: DynamoDB's messages, nothing written")
    void expectedValidation() {
        String t = createTable(null);
        List<Object[]> cases = List.of(
                new Object[] {ExpectedAttributeValue.builder().exists(true).build(),
                    "Value must be provided when Exists is true for Attribute: x"},
                new Object[] {ExpectedAttributeValue.builder().build(),
                    "Value must be provided when Exists is null for Attribute: x"},
                new Object[] {ExpectedAttributeValue.builder().exists(false).value(s("v")).build(),
                    "Value cannot be used when Exists is false for Attribute: x"},
                new Object[] {ExpectedAttributeValue.builder().exists(false)
                        .comparisonOperator(ComparisonOperator.NULL).build(),
                    "Exists and ComparisonOperator cannot be used together for Attribute: x"},
                new Object[] {ExpectedAttributeValue.builder().attributeValueList(s("v")).build(),
                    "AttributeValueList can only be used with a ComparisonOperator for Attribute: x"},
                new Object[] {ExpectedAttributeValue.builder().value(s("v")).attributeValueList(s("v"))
                        .comparisonOperator(ComparisonOperator.EQ).build(),
                    "Value and AttributeValueList cannot be used together for Attribute: x"},
                new Object[] {ExpectedAttributeValue.builder().comparisonOperator(ComparisonOperator.EQ).build(),
                    "Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: x"},
                new Object[] {ExpectedAttributeValue.builder().comparisonOperator(ComparisonOperator.BETWEEN)
                        .value(n("1")).build(),
                    "Invalid number of argument(s) for the BETWEEN ComparisonOperator"});
        for (Object[] c : cases) {
            assertValidation(() -> ddb.putItem(r -> r.tableName(t).item(item("pk", "a"))
                    .expected(Map.of("x", (ExpectedAttributeValue) c[0]))), INVALID + c[1]);
        }
        assertThat(ddb.scan(r -> r.tableName(t)).count()).isZero();
    }

    // ---- AttributeUpdates ----

    @Test
    @DisplayName("AttributeValueUpdate: PUT sets, ADD adds to numbers and sets (creating them), DELETE removes")
    void attributeUpdatesActions() {
        String t = createTable(null);
        UpdateItemResponse created = ddb.updateItem(r -> r.tableName(t).key(item("pk", "a")).attributeUpdates(Map.of(
                "name", AttributeValueUpdate.builder().value(s("n1")).build(),
                "count", AttributeValueUpdate.builder().action(AttributeAction.ADD).value(n("2")).build(),
                "tags", AttributeValueUpdate.builder().action(AttributeAction.ADD)
                        .value(AttributeValue.fromSs(List.of("a", "b"))).build()))
                .returnValues(ReturnValue.ALL_NEW));
        assertThat(created.attributes()).containsEntry("name", s("n1")).containsEntry("count", n("2"))
                .containsEntry("tags", AttributeValue.fromSs(List.of("a", "b")));
        UpdateItemResponse second = ddb.updateItem(r -> r.tableName(t).key(item("pk", "a")).attributeUpdates(Map.of(
                "name", AttributeValueUpdate.builder().action(AttributeAction.DELETE).build(),
                "count", AttributeValueUpdate.builder().action(AttributeAction.ADD).value(n("-5")).build(),
                "tags", AttributeValueUpdate.builder().action(AttributeAction.DELETE)
                        .value(AttributeValue.fromSs(List.of("a", "zz"))).build(),
                "other", AttributeValueUpdate.builder().action(AttributeAction.PUT).value(n("7")).build()))
                .returnValues(ReturnValue.UPDATED_NEW));
        assertThat(second.attributes()).containsOnly(Map.entry("count", n("-3")),
                Map.entry("tags", AttributeValue.fromSs(List.of("b"))), Map.entry("other", n("7")));
        ddb.updateItem(r -> r.tableName(t).key(item("pk", "a")).attributeUpdates(Map.of(
                "tags", AttributeValueUpdate.builder().action(AttributeAction.DELETE)
                        .value(AttributeValue.fromSs(List.of("b"))).build())));
        assertThat(ddb.getItem(r -> r.tableName(t).key(item("pk", "a"))).item()).containsOnly(
                Map.entry("pk", s("a")), Map.entry("count", n("-3")), Map.entry("other", n("7")));
    }

    @Test
    @DisplayName("AttributeValueUpdate validation and an Expected that fails: the item is unchanged")
    void attributeUpdatesValidationAndRefusal() {
        String t = createTable(null);
        ddb.putItem(r -> r.tableName(t).item(item("pk", "a", "v", "orig")));
        assertValidation(() -> ddb.updateItem(r -> r.tableName(t).key(item("pk", "a")).attributeUpdates(Map.of(
                "v", AttributeValueUpdate.builder().action(AttributeAction.PUT).build()))),
                INVALID + "Only DELETE action is allowed when no attribute value is specified");
        assertValidation(() -> ddb.updateItem(r -> r.tableName(t).key(item("pk", "a")).attributeUpdates(Map.of(
                "v", AttributeValueUpdate.builder().action(AttributeAction.ADD).value(s("x")).build()))),
                INVALID + "ADD action is not supported for the type S");
        assertValidation(() -> ddb.updateItem(r -> r.tableName(t).key(item("pk", "a")).attributeUpdates(Map.of(
                "v", AttributeValueUpdate.builder().action(AttributeAction.DELETE).value(n("1")).build()))),
                INVALID + "DELETE action with value is not supported for the type N");
        assertValidation(() -> ddb.updateItem(r -> r.tableName(t).key(item("pk", "a")).attributeUpdates(Map.of(
                "pk", AttributeValueUpdate.builder().value(s("b")).build()))),
                INVALID + "Cannot update attribute pk. This attribute is part of the key");
        assertValidation(() -> ddb.updateItem(r -> r.tableName(t).key(item("pk", "a")).attributeUpdates(Map.of(
                "v", AttributeValueUpdate.builder().action(AttributeAction.ADD).value(n("1")).build()))),
                "Type mismatch for attribute to update");
        assertValidation(() -> ddb.updateItem(r -> r.tableName(t).key(item("pk", "a")).attributeUpdates(Map.of(
                "v", AttributeValueUpdate.builder().action(AttributeAction.DELETE)
                        .value(AttributeValue.fromNs(List.of("1"))).build()))),
                "Type mismatch for attribute to update");
        expect(ConditionalCheckFailedException.class, () -> ddb.updateItem(r -> r.tableName(t).key(item("pk", "a"))
                .attributeUpdates(Map.of("v", AttributeValueUpdate.builder().value(s("new")).build()))
                .expected(Map.of("v", ExpectedAttributeValue.builder().comparisonOperator(ComparisonOperator.NE)
                        .attributeValueList(s("orig")).build()))));
        assertThat(ddb.getItem(r -> r.tableName(t).key(item("pk", "a"))).item()).containsOnly(
                Map.entry("pk", s("a")), Map.entry("v", s("orig")));
        ddb.updateItem(r -> r.tableName(t).key(item("pk", "a"))
                .attributeUpdates(Map.of("v", AttributeValueUpdate.builder().value(s("new")).build()))
                .expected(Map.of("v", ExpectedAttributeValue.builder().value(s("orig")).build())));
        assertThat(ddb.getItem(r -> r.tableName(t).key(item("pk", "a"))).item()).containsEntry("v", s("new"));
    }

    @Test
    @DisplayName("UpdateItem with Expected and no AttributeUpdates: checks, then creates the key-only item")
    void updateWithoutAttributeUpdates() {
        String t = createTable(null);
        expect(ConditionalCheckFailedException.class, () -> ddb.updateItem(r -> r.tableName(t).key(item("pk", "a"))
                .expected(Map.of("pk", ExpectedAttributeValue.builder().exists(true).value(s("a")).build()))));
        assertThat(ddb.getItem(r -> r.tableName(t).key(item("pk", "a"))).hasItem()).isFalse();
        ddb.updateItem(r -> r.tableName(t).key(item("pk", "a")).attributeUpdates(Map.of())
                .expected(Map.of("pk", ExpectedAttributeValue.builder().comparisonOperator(ComparisonOperator.NULL)
                        .build())));
        assertThat(ddb.getItem(r -> r.tableName(t).key(item("pk", "a"))).item()).containsOnly(Map.entry("pk", s("a")));
    }

    @Test
    @DisplayName("ConditionalOperator without a condition map is refused")
    void conditionalOperatorAloneIsRefused() {
        assertValidation(() -> ddb.scan(r -> r.tableName(scanTable).conditionalOperator(ConditionalOperator.OR)),
                INVALID + "ConditionalOperator can only be used when Filter or Expected has two or more elements");
    }

    // ---- Query ----

    @Test
    @DisplayName("Query KeyConditions (EQ, BEGINS_WITH, BETWEEN, LT), QueryFilter and AttributesToGet")
    void queryWithKeyConditions() {
        String t = createTable(ScalarAttributeType.S.toString());
        List<String> sortKeys = List.of("a1", "a2", "b1", "b2");
        for (int i = 0; i < sortKeys.size(); i++) {
            String sk = sortKeys.get(i);
            String w = String.valueOf(i + 1);
            ddb.putItem(r -> r.tableName(t).item(item("pk", "p", "sk", sk, "odd", sk.endsWith("1") ? "yes" : "no",
                    "w", n(w))));
        }
        ddb.putItem(r -> r.tableName(t).item(item("pk", "q", "sk", "a1")));
        assertThat(querySortKeys(t, cond(ComparisonOperator.BEGINS_WITH, s("a")), null)).containsExactly("a1", "a2");
        assertThat(querySortKeys(t, cond(ComparisonOperator.BETWEEN, s("a2"), s("b1")), null))
                .containsExactly("a2", "b1");
        assertThat(querySortKeys(t, cond(ComparisonOperator.LT, s("b")), null)).containsExactly("a1", "a2");
        assertThat(querySortKeys(t, null, Map.of("odd", cond(ComparisonOperator.EQ, s("yes")))))
                .containsExactly("a1", "b1");
        assertThat(ddb.query(r -> r.tableName(t).keyConditions(Map.of("pk", cond(ComparisonOperator.EQ, s("p"))))
                .attributesToGet("odd").limit(1)).items()).containsExactly(item("odd", "yes"));
        assertThat(querySortKeys(t, cond(ComparisonOperator.GT, s("a2")), Map.of("w", cond(ComparisonOperator.LT, n("4")))))
                .containsExactly("b1");
        List<String> either = new ArrayList<>();
        ddb.query(r -> r.tableName(t).keyConditions(Map.of("pk", cond(ComparisonOperator.EQ, s("p"))))
                .queryFilter(Map.of("odd", cond(ComparisonOperator.EQ, s("yes")), "w", cond(ComparisonOperator.GE, n("4"))))
                .conditionalOperator(ConditionalOperator.OR)).items().forEach(i -> either.add(i.get("sk").s()));
        assertThat(either).containsExactly("a1", "b1", "b2");
    }

    @Test
    @DisplayName("Query KeyConditions and QueryFilter refusals: non-indexable operator, key attribute in QueryFilter")
    void queryRefusals() {
        String t = createTable(ScalarAttributeType.S.toString());
        assertValidation(() -> querySortKeys(t, cond(ComparisonOperator.NE, s("a")), null),
                "Attempted conditional constraint is not an indexable operation");
        assertValidation(() -> ddb.query(r -> r.tableName(t).keyConditions(Map.of("sk",
                cond(ComparisonOperator.EQ, s("a"))))), "Query condition missed key schema element: pk");
        assertValidation(() -> ddb.query(r -> r.tableName(t).keyConditions(Map.of("pk",
                cond(ComparisonOperator.EQ, n("1"))))),
                INVALID + "Condition parameter type does not match schema type");
        assertValidation(() -> querySortKeys(t, null, Map.of("sk", cond(ComparisonOperator.EQ, s("a")))),
                "QueryFilter can only contain non-key attributes: Primary key attribute: sk");
        assertValidation(() -> ddb.query(r -> r.tableName(t).keyConditions(Map.of("pk", cond(ComparisonOperator.EQ,
                s("p")))).keyConditionExpression("pk = :p").expressionAttributeValues(Map.of(":p", s("p")))),
                "Can not use both expression and non-expression parameters in the same request: "
                        + "Non-expression parameters: {KeyConditions} Expression parameters: {KeyConditionExpression}");
    }

    private List<String> querySortKeys(String t, Condition sortCondition, Map<String, Condition> filter) {
        Map<String, Condition> keys = sortCondition == null ? Map.of("pk", cond(ComparisonOperator.EQ, s("p")))
                : Map.of("pk", cond(ComparisonOperator.EQ, s("p")), "sk", sortCondition);
        List<String> out = new ArrayList<>();
        ddb.query(r -> r.tableName(t).keyConditions(keys).queryFilter(filter)).items()
                .forEach(i -> out.add(i.get("sk").s()));
        return out;
    }

    private static void assertValidation(Runnable call, String message) {
        DynamoDbException e = expect(DynamoDbException.class, call);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
    }
}
