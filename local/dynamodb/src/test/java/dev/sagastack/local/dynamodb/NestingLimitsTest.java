package dev.sagastack.local.dynamodb;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nesting and length limits of documents, expressions and attribute names (Developer Guide,
 * "Constraints in Amazon DynamoDB": Attributes - nested attribute depth 32, attribute name
 * lengths; Expression parameters - 4 KB per expression). Hostile input gets a ValidationException
 * on a connection that stays usable, never a dropped connection.
 */
class NestingLimitsTest extends ServerFixture {

    /** A value {@code levels} deep: a string inside {@code levels - 1} alternating maps and lists. */
    private static AttributeValue nested(int levels) {
        AttributeValue v = s("x");
        for (int i = 1; i < levels; i++) {
            v = i % 2 == 0 ? AttributeValue.fromL(List.of(v)) : AttributeValue.fromM(Map.of("a", v));
        }
        return v;
    }

    @Test
    void documentOf32LevelsIsStoredAnd33LevelsIsRefused() {
        String t = createTable(null);
        ddb.putItem(b -> b.tableName(t).item(item("pk", "ok", "doc", nested(32))));
        assertThat(ddb.getItem(b -> b.tableName(t).key(item("pk", "ok"))).item()).containsKey("doc");

        DynamoDbException e = expect(DynamoDbException.class,
                () -> ddb.putItem(b -> b.tableName(t).item(item("pk", "deep", "doc", nested(33)))));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit");
        assertThat(ddb.getItem(b -> b.tableName(t).key(item("pk", "deep"))).hasItem()).isFalse();
    }

    /**
     * "Quotas in Amazon DynamoDB": nested attributes go 32 levels deep, so a document path of 32 elements
     * (names and list indexes alike) is accepted in every expression and one of 33 is refused - DynamoDB's
     * answer as the ScyllaDB Alternator suite, run against DynamoDB, records it: "Invalid ProjectionExpression:
     * The document path has too many nesting levels; nesting levels: 33". A path of thousands of levels gets
     * the same ValidationException on a connection that stays usable.
     */
    @Test
    void documentPathsOf33ElementsAreRefusedInEveryExpression() {
        String t = createTable(null);
        ddb.putItem(b -> b.tableName(t).item(item("pk", "p", "a", nested(32))));
        String ok = "a" + ".b".repeat(30) + "[0]";
        String tooDeep = "a" + ".b".repeat(31) + "[0]";
        assertThat(ddb.getItem(b -> b.tableName(t).key(item("pk", "p")).projectionExpression(ok)).item())
                .isEmpty();
        DynamoDbException e = expect(DynamoDbException.class,
                () -> ddb.getItem(b -> b.tableName(t).key(item("pk", "p")).projectionExpression(tooDeep)));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                "Invalid ProjectionExpression: The document path has too many nesting levels; nesting levels: 33");
        e = expect(DynamoDbException.class, () -> ddb.putItem(b -> b.tableName(t).item(item("pk", "p"))
                .conditionExpression("attribute_exists(" + tooDeep + ")")));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                "Invalid ConditionExpression: The document path has too many nesting levels; nesting levels: 33");
        e = expect(DynamoDbException.class, () -> ddb.updateItem(b -> b.tableName(t).key(item("pk", "p"))
                .updateExpression("REMOVE " + tooDeep)));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                "Invalid UpdateExpression: The document path has too many nesting levels; nesting levels: 33");
        e = expect(DynamoDbException.class, () -> ddb.scan(b -> b.tableName(t)
                .filterExpression("a" + ".b".repeat(1999) + " = :v").expressionAttributeValues(Map.of(":v", s("x")))));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                "Invalid FilterExpression: The document path has too many nesting levels; nesting levels: 2000");
        ddb.putItem(b -> b.tableName(t).item(item("pk", "p", "x", s("y"))).conditionExpression("attribute_not_exists(" + ok + ")"));
        assertThat(ddb.getItem(b -> b.tableName(t).key(item("pk", "p"))).item()).containsKey("x");
    }

    @Test
    void tooDeepValueInsideAnUpdateIsRefused() {
        String t = createTable(null);
        DynamoDbException e = expect(DynamoDbException.class, () -> ddb.updateItem(b -> b.tableName(t)
                .key(item("pk", "a")).updateExpression("SET doc = :d")
                .expressionAttributeValues(Map.of(":d", nested(40)))));
        assertThat(e.awsErrorDetails().errorMessage()).contains("Nesting Levels have exceeded supported limits");
        assertThat(ddb.getItem(b -> b.tableName(t).key(item("pk", "a"))).hasItem()).isFalse();
    }

    @Test
    void anUpdateThatDeepensADocumentBeyond32LevelsIsRefused() {
        String t = createTable(null);
        AttributeValue doc = s("leaf");
        for (int i = 1; i < 32; i++) {
            doc = AttributeValue.fromM(Map.of("a", doc));
        }
        AttributeValue full = doc;
        ddb.putItem(b -> b.tableName(t).item(Map.of("pk", s("k"), "doc", full)));
        String innermostMap = "doc" + ".a".repeat(30);
        ddb.updateItem(b -> b.tableName(t).key(item("pk", "k")).updateExpression("SET " + innermostMap + ".b = :s")
                .expressionAttributeValues(Map.of(":s", s("still 32 levels"))));
        DynamoDbException e = expect(DynamoDbException.class, () -> ddb.updateItem(b -> b.tableName(t)
                .key(item("pk", "k")).updateExpression("SET " + innermostMap + ".c = :m")
                .expressionAttributeValues(Map.of(":m", AttributeValue.fromM(Map.of("x", s("33 levels")))))));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit");
        assertThat(ddb.getItem(b -> b.tableName(t).key(item("pk", "k"))).item().toString()).doesNotContain("33 levels");
    }

    @Test
    void deeplyNestedExpressionsGetValidationErrorsAndTheConnectionStaysUsable() {
        String t = createTable(null);
        Map<String, AttributeValue> values = Map.of(":v", s("x"));
        // 2,000 nested parentheses fit in 4 KB; DynamoDB calls them redundant.
        String parens = "(".repeat(2000) + "a = :v" + ")".repeat(2000);
        DynamoDbException e = expect(DynamoDbException.class, () -> ddb.putItem(b -> b.tableName(t)
                .item(item("pk", "a")).conditionExpression(parens).expressionAttributeValues(values)));
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("Invalid ConditionExpression: The expression has redundant parentheses;");

        String nots = "NOT ".repeat(1000) + "a = :v";
        e = expect(DynamoDbException.class, () -> ddb.putItem(b -> b.tableName(t)
                .item(item("pk", "a")).conditionExpression(nots).expressionAttributeValues(values)));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(e.awsErrorDetails().errorMessage()).startsWith("Invalid ConditionExpression: ");

        String sizes = "size(".repeat(650) + "a" + ")".repeat(650) + " = :v";
        e = expect(DynamoDbException.class, () -> ddb.scan(b -> b.tableName(t)
                .filterExpression(sizes).expressionAttributeValues(values)));
        assertThat(e.awsErrorDetails().errorMessage()).startsWith("Invalid FilterExpression: ");

        String update = "SET a = " + "(".repeat(1900) + ":v" + ")".repeat(1900);
        e = expect(DynamoDbException.class, () -> ddb.updateItem(b -> b.tableName(t)
                .key(item("pk", "a")).updateExpression(update).expressionAttributeValues(values)));
        assertThat(e.awsErrorDetails().errorMessage()).startsWith("Invalid UpdateExpression: ");

        assertThat(ddb.getItem(b -> b.tableName(t).key(item("pk", "a"))).hasItem()).isFalse();
        ddb.putItem(b -> b.tableName(t).item(item("pk", "a")));
        assertThat(ddb.getItem(b -> b.tableName(t).key(item("pk", "a"))).hasItem()).isTrue();
    }

    /**
     * Developer Guide, "Constraints in Amazon DynamoDB", Expression parameters: at most 300 operators
     * or functions in any expression ({@code SET a = :val1 + :val2 + :val3} holds two).
     */
    @Test
    void expressionsHoldAtMost300OperatorsAndFunctions() {
        String t = createTable(null);
        ddb.putItem(b -> b.tableName(t).item(item("pk", "a", "a", "x")));
        Map<String, AttributeValue> values = Map.of(":v", s("x"));
        // n comparisons joined by n - 1 ORs: 2n - 1 operators
        String atLimit = String.join(" OR ", java.util.Collections.nCopies(150, "a = :v"));
        String overLimit = atLimit + " OR a = :v";
        assertThat(ddb.scan(b -> b.tableName(t).filterExpression(atLimit).expressionAttributeValues(values)).count())
                .isEqualTo(1);
        DynamoDbException e = expect(DynamoDbException.class, () -> ddb.scan(b -> b.tableName(t)
                .filterExpression(overLimit).expressionAttributeValues(values)));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                "Invalid FilterExpression: The expression contains too many operators; operator count: 301");

        // functions count too: 151 attribute_exists joined by 150 ANDs
        String functions = String.join(" AND ", java.util.Collections.nCopies(151, "attribute_exists(a)"));
        e = expect(DynamoDbException.class, () -> ddb.putItem(b -> b.tableName(t).item(item("pk", "a", "a", "y"))
                .conditionExpression(functions)));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                "Invalid ConditionExpression: The expression contains too many operators; operator count: 301");
        assertThat(ddb.getItem(b -> b.tableName(t).key(item("pk", "a"))).item()).containsEntry("a", s("x"));

        // in an update, '+' and functions count, the assignments themselves do not
        StringBuilder update = new StringBuilder("SET f=if_not_exists(f,:z)");
        for (int i = 0; i < 300; i++) {
            update.append(",n").append(i).append("=:z+:one");
        }
        Map<String, AttributeValue> numbers = Map.of(":z", n("0"), ":one", n("1"));
        e = expect(DynamoDbException.class, () -> ddb.updateItem(b -> b.tableName(t).key(item("pk", "a"))
                .updateExpression(update.toString()).expressionAttributeValues(numbers)));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                "Invalid UpdateExpression: The expression contains too many operators; operator count: 301");
        String assignments = String.join(", ", java.util.stream.IntStream.range(0, 301).mapToObj(i -> "n" + i + " = :z")
                .toList());
        ddb.updateItem(b -> b.tableName(t).key(item("pk", "a")).updateExpression("SET " + assignments)
                .expressionAttributeValues(Map.of(":z", n("0"))));
        assertThat(ddb.getItem(b -> b.tableName(t).key(item("pk", "a"))).item()).containsKey("n300");
    }

    @Test
    void expressionOver4KilobytesIsRefused() {
        String t = createTable(null);
        String expr = "attribute_not_exists(" + "a".repeat(4096) + ")";
        DynamoDbException e = expect(DynamoDbException.class, () -> ddb.putItem(b -> b.tableName(t)
                .item(item("pk", "a")).conditionExpression(expr)));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: "
                        + expr.length());
    }

    @Test
    void keyAttributeNamesAreLimitedTo255Characters() {
        String longName = "k".repeat(256);
        DynamoDbException e = expect(DynamoDbException.class, () -> ddb.createTable(b -> b
                .tableName(uniqueName("t")).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName(longName).keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName(longName)
                        .attributeType(ScalarAttributeType.S).build())));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("2 validation errors detected: Value '" + longName
                + "' at 'attributeDefinitions.1.member.attributeName' failed to satisfy constraint: Member must have "
                + "length less than or equal to 255; Value '" + longName + "' at 'keySchema.1.member.attributeName' "
                + "failed to satisfy constraint: Member must have length less than or equal to 255");

        String name255 = "k".repeat(255);
        String ok = uniqueName("t");
        ddb.createTable(b -> b.tableName(ok).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName(name255).keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName(name255)
                        .attributeType(ScalarAttributeType.S).build()));
        ddb.putItem(b -> b.tableName(ok).item(Map.of(name255, s("v"))));
    }

    @Test
    void projectedAttributeNamesAreLimitedTo255Characters() {
        String longName = "p".repeat(256);
        DynamoDbException e = expect(DynamoDbException.class, () -> createTable(null, b -> b
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("g").attributeType(ScalarAttributeType.S).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byG")
                        .keySchema(KeySchemaElement.builder().attributeName("g").keyType(KeyType.HASH).build())
                        .projection(p -> p.projectionType(ProjectionType.INCLUDE).nonKeyAttributes(longName))
                        .build())));
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value '" + longName
                + "' at 'globalSecondaryIndexes.1.member.projection.nonKeyAttributes.1.member' failed to satisfy "
                + "constraint: Member must have length less than or equal to 255");
    }

    @Test
    void nonKeyAttributeNamesMayHave64KilobytesButNoMore() {
        String t = createTable(null);
        String max = "n".repeat(65535);
        ddb.putItem(b -> b.tableName(t).item(Map.of("pk", s("a"), max, s("v"))));
        DynamoDbException e = expect(DynamoDbException.class,
                () -> ddb.putItem(b -> b.tableName(t).item(Map.of("pk", s("b"), max + "n", s("v")))));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(ddb.getItem(b -> b.tableName(t).key(item("pk", "b"))).hasItem()).isFalse();
    }
}
