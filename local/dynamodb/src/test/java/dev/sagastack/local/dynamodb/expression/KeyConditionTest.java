package dev.sagastack.local.dynamodb.expression;

import static dev.sagastack.local.dynamodb.expression.Av.b;
import static dev.sagastack.local.dynamodb.expression.Av.ctx;
import static dev.sagastack.local.dynamodb.expression.Av.map;
import static dev.sagastack.local.dynamodb.expression.Av.n;
import static dev.sagastack.local.dynamodb.expression.Av.names;
import static dev.sagastack.local.dynamodb.expression.Av.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagastack.local.dynamodb.expression.SortKeyCondition.Operator;
import dev.sagastack.local.dynamodb.value.AttributeValue;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * KeyConditionExpression: "You must specify the partition key name and value as an equality
 * condition"; the sort key may use =, <, <=, >, >=, BETWEEN or begins_with (DynamoDB Developer
 * Guide, "Query operations in DynamoDB", Key condition expressions).
 */
class KeyConditionTest {

    private static final Object[] VALUES = {":pk", s("USER#1"), ":a", s("ORDER#1"), ":b", s("ORDER#9"), ":n", n(5)};

    private static KeyCondition parse(String expression) {
        return Expressions.parseKeyCondition(expression, Av.values(VALUES));
    }

    private static KeyCondition validated(String expression) {
        return KeyConditions.validate(parse(expression), "PK", Optional.of("SK"));
    }

    private static String error(String expression, Object... values) {
        try {
            Expressions.parseKeyCondition(expression, Av.values(values.length == 0 ? VALUES : values));
        } catch (ExpressionException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a ValidationException for " + expression);
    }

    private static String schemaError(String expression, Optional<String> range) {
        try {
            KeyConditions.validate(parse(expression), "PK", range);
        } catch (ExpressionException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a ValidationException for " + expression);
    }

    @Test
    void partitionKeyEqualityAlone() {
        KeyCondition kc = validated("PK = :pk");
        assertThat(kc.partitionKeyName()).isEqualTo("PK");
        assertThat(kc.partitionValue()).isEqualTo(s("USER#1"));
        assertThat(kc.sortKeyCondition()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "PK = :pk AND SK = :a|EQ", "PK = :pk AND SK < :a|LT", "PK = :pk AND SK <= :a|LE", "PK = :pk AND SK > :a|GT",
        "PK = :pk AND SK >= :a|GE", "PK = :pk AND begins_with(SK, :a)|BEGINS_WITH",
        "SK > :a AND PK = :pk|GT", "PK = :pk and SK = :a|EQ",
    })
    void sortKeyConditionsCarryTheirOperator(String expression, String operator) {
        KeyCondition kc = validated(expression);
        assertThat(kc.partitionKeyName()).isEqualTo("PK");
        assertThat(kc.sortKeyCondition()).contains(new SortKeyCondition("SK", Operator.valueOf(operator), List.of(s("ORDER#1"))));
    }

    @Test
    void betweenCarriesBothBounds() {
        assertThat(validated("PK = :pk AND SK BETWEEN :a AND :b").sortKeyCondition())
                .contains(new SortKeyCondition("SK", Operator.BETWEEN, List.of(s("ORDER#1"), s("ORDER#9"))));
    }

    @Test
    void aValueOnTheLeftFlipsTheComparison() {
        assertThat(validated(":pk = PK AND :a < SK").sortKeyCondition())
                .contains(new SortKeyCondition("SK", Operator.GT, List.of(s("ORDER#1"))));
        assertThat(validated("PK = :pk AND :a >= SK").sortKeyCondition().orElseThrow().operator()).isEqualTo(Operator.LE);
    }

    @Test
    void placeholdersAndParenthesesAreAccepted() {
        ExpressionContext c = ctx(names("#pk", "PK", "#sk", "SK"), map(VALUES));
        KeyCondition kc = Expressions.parseKeyCondition("(#pk = :pk AND (#sk BETWEEN :a AND :b))", c);
        assertThat(KeyConditions.validate(kc, "PK", Optional.of("SK")).sortKeyCondition().orElseThrow().attributeName())
                .isEqualTo("SK");
    }

    @Test
    void theSchemaDecidesWhichEqualityIsThePartitionKey() {
        KeyCondition kc = parse("SK = :a AND PK = :pk");
        KeyCondition valid = KeyConditions.validate(kc, "PK", Optional.of("SK"));
        assertThat(valid.partitionKeyName()).isEqualTo("PK");
        assertThat(valid.sortKeyCondition().orElseThrow().attributeName()).isEqualTo("SK");
        assertThat(valid.conditions()).hasSize(2);
        assertThat(kc.partitionKeyName()).as("the parsed instance follows the schema once validated").isEqualTo("PK");
        assertThat(kc.sortKeyCondition().orElseThrow().attributeName()).isEqualTo("SK");
    }

    @Test
    void withoutASchemaTheOnlyEqualityIsThePartitionKey() {
        KeyCondition kc = parse("SK > :a AND PK = :pk");
        assertThat(kc.partitionKeyName()).isEqualTo("PK");
        assertThat(kc.sortKeyCondition().orElseThrow().attributeName()).isEqualTo("SK");
    }

    @Test
    void keyConditionsAllowOnlyIndexableOperators() {
        assertThat(error("PK = :pk OR SK = :a")).isEqualTo("Invalid operator used in KeyConditionExpression: OR");
        assertThat(error("NOT PK = :pk")).isEqualTo("Invalid operator used in KeyConditionExpression: NOT");
        assertThat(error("PK IN (:pk, :a)")).isEqualTo("Invalid operator used in KeyConditionExpression: IN");
        assertThat(error("PK <> :pk")).isEqualTo("Invalid operator used in KeyConditionExpression: <>");
        assertThat(error("PK = :pk AND attribute_exists(SK)")).isEqualTo("Invalid operator used in KeyConditionExpression: attribute_exists");
        assertThat(error("PK = :pk AND contains(SK, :a)")).isEqualTo("Invalid operator used in KeyConditionExpression: contains");
        assertThat(error("attribute_type(PK, :t)", ":t", s("S"))).isEqualTo("Invalid operator used in KeyConditionExpression: attribute_type");
    }

    @Test
    void keyConditionsNameOneTopLevelKeyAttributeEach() {
        assertThat(error("PK = :pk AND SK > size(a)")).isEqualTo("KeyConditionExpressions cannot contain nested operations");
        assertThat(error("PK.x = :pk")).isEqualTo("KeyConditionExpressions cannot have conditions on nested attributes");
        assertThat(error("PK[0] = :pk")).isEqualTo("KeyConditionExpressions cannot have conditions on nested attributes");
        assertThat(error("PK = SK")).isEqualTo("Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
        assertThat(error("begins_with(PK, SK)")).isEqualTo("Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
        assertThat(error(":pk = :a")).isEqualTo("Invalid condition in KeyConditionExpression: No key attribute specified");
        assertThat(error("PK = :pk AND PK = :a")).isEqualTo("KeyConditionExpressions must only contain one condition per key");
        assertThat(error("PK = :pk AND SK = :a AND X = :b")).isEqualTo("Conditions can be of length 1 or 2 only");
    }

    @Test
    void betweenAndBeginsWithNeedTheKeyFirst() {
        assertThat(error(":a BETWEEN SK AND :b")).isEqualTo(
                "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand");
        assertThat(error("begins_with(:a, SK)")).isEqualTo(
                "Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand");
    }

    @Test
    void expressionProblemsUseTheParameterPrefix() {
        assertThat(error("")).isEqualTo("Invalid KeyConditionExpression: The expression can not be empty;");
        assertThat(error("PK = ")).isEqualTo("Invalid KeyConditionExpression: Syntax error; token: \"<EOF>\", near: \"=\"");
        assertThat(error("PK = :pk AND SK BETWEEN :b AND :a")).isEqualTo("Invalid KeyConditionExpression: The BETWEEN operator requires "
                + "upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {S:ORDER#9}, "
                + "upper bound operand: AttributeValue: {S:ORDER#1}");
        assertThat(error("PK = :pk AND begins_with(SK, :n)"))
                .isEqualTo("Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N");
        assertThat(error("PK = :x")).isEqualTo(
                "Invalid KeyConditionExpression: An expression attribute value used in expression is not defined; attribute value: :x");
    }

    @Test
    void theSchemaRequiresThePartitionKeyByEquality() {
        assertThat(schemaError("SK = :a", Optional.of("SK"))).isEqualTo("Query condition missed key schema element: PK");
        assertThat(schemaError("X1 = :a", Optional.empty())).isEqualTo("Query condition missed key schema element: PK");
        assertThat(schemaError("PK > :pk", Optional.of("SK"))).isEqualTo("Query key condition not supported");
        assertThat(schemaError("PK = :pk AND SK = :a", Optional.empty())).isEqualTo("Query key condition not supported");
        assertThat(schemaError("PK = :pk AND X1 = :a", Optional.of("SK"))).isEqualTo("Query condition missed key schema element: SK");
    }

    @Test
    void theSchemaChecksOperandTypesWhenGiven() {
        KeyCondition kc = parse("PK = :pk AND SK > :n");
        assertThatThrownBy(() -> KeyConditions.validate(kc, "PK", AttributeValue.Type.S, Optional.of("SK"), AttributeValue.Type.S))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("One or more parameter values were invalid: Condition parameter type does not match schema type");
        assertThat(KeyConditions.validate(kc, "PK", AttributeValue.Type.S, Optional.of("SK"), AttributeValue.Type.N)
                .sortKeyCondition()).isPresent();
        assertThatThrownBy(() -> KeyConditions.validate(parse("PK = :n"), "PK", AttributeValue.Type.S, Optional.empty(), null))
                .hasMessage("One or more parameter values were invalid: Condition parameter type does not match schema type");
    }

    // Sort key matching uses key ordering: S by UTF-8 bytes, N numerically, B unsigned bytewise.
    @Test
    void matchesComparesStringsByUtf8Bytes() {
        SortKeyCondition lt = new SortKeyCondition("SK", Operator.LT, List.of(s("a")));
        assertThat(lt.matches(s("Z"))).isTrue();
        assertThat(lt.matches(s("a"))).isFalse();
        assertThat(lt.matches(n(1))).isFalse();
        assertThat(new SortKeyCondition("SK", Operator.GT, List.of(s("\uFFFF"))).matches(s("\uD83D\uDE00"))).isTrue();
    }

    @Test
    void matchesComparesNumbersNumerically() {
        SortKeyCondition ge = new SortKeyCondition("SK", Operator.GE, List.of(n(9)));
        assertThat(ge.matches(n(10))).isTrue();
        assertThat(ge.matches(n("9.0"))).isTrue();
        assertThat(ge.matches(n("8.99"))).isFalse();
        assertThat(new SortKeyCondition("SK", Operator.EQ, List.of(n("1.50"))).matches(n("1.5"))).isTrue();
        assertThat(new SortKeyCondition("SK", Operator.LE, List.of(n(-1))).matches(n(-2))).isTrue();
    }

    @Test
    void matchesComparesBinariesUnsigned() {
        SortKeyCondition gt = new SortKeyCondition("SK", Operator.GT, List.of(b(0x7f)));
        assertThat(gt.matches(b(0x80))).isTrue();
        assertThat(gt.matches(b(0x7f))).isFalse();
        assertThat(gt.matches(b(0x7f, 0x00))).isTrue();
    }

    @Test
    void betweenIncludesBothBoundsAndBeginsWithMatchesPrefixes() {
        SortKeyCondition between = new SortKeyCondition("SK", Operator.BETWEEN, List.of(s("b"), s("d")));
        assertThat(between.matches(s("b"))).isTrue();
        assertThat(between.matches(s("d"))).isTrue();
        assertThat(between.matches(s("c#1"))).isTrue();
        assertThat(between.matches(s("d#1"))).isFalse();
        assertThat(between.matches(s("a"))).isFalse();
        SortKeyCondition prefix = new SortKeyCondition("SK", Operator.BEGINS_WITH, List.of(s("ORDER#")));
        assertThat(prefix.matches(s("ORDER#2024"))).isTrue();
        assertThat(prefix.matches(s("ORDER"))).isFalse();
        assertThat(new SortKeyCondition("SK", Operator.BEGINS_WITH, List.of(b(1, 2))).matches(b(1, 2, 3))).isTrue();
        assertThat(new SortKeyCondition("SK", Operator.BEGINS_WITH, List.of(b(1, 2))).matches(b(1))).isFalse();
    }

    @Test
    void keyConditionValuesCountAsUsed() {
        ExpressionContext c = ctx(names("#p", "PK"), map(":pk", s("x"), ":a", s("y")));
        Expressions.parseKeyCondition("#p = :pk AND SK > :a", c);
        c.verifyAllUsed();
    }
}
