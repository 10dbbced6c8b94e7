package dev.sagastack.local.dynamodb.expression;

import static dev.sagastack.local.dynamodb.expression.Av.b;
import static dev.sagastack.local.dynamodb.expression.Av.ctx;
import static dev.sagastack.local.dynamodb.expression.Av.map;
import static dev.sagastack.local.dynamodb.expression.Av.n;
import static dev.sagastack.local.dynamodb.expression.Av.names;
import static dev.sagastack.local.dynamodb.expression.Av.s;
import static dev.sagastack.local.dynamodb.expression.Av.ss;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ValidationException texts for invalid condition and filter expressions, as DynamoDB returns
 * them. Rules: DynamoDB Developer Guide, "Comparison operator and function reference",
 * "Expression attribute names (aliases)", "Expression attribute values", "Reserved words in
 * DynamoDB" and "Service, account, and table quotas" (expression length 4 KB).
 */
class ConditionValidationTest {

    private static String error(String expression, Object... values) {
        return error(expression, Map.of(), values);
    }

    private static String error(String expression, Map<String, String> names, Object... values) {
        ExpressionContext c = ctx(names, map(values));
        try {
            Expressions.parseCondition(expression, "ConditionExpression", c);
        } catch (ExpressionException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a ValidationException for " + expression);
    }

    @Test
    void syntaxErrorNamesTheTokenAndItsNeighbours() {
        assertThat(error("a x b")).isEqualTo("Invalid ConditionExpression: Syntax error; token: \"x\", near: \"a x b\"");
        assertThat(error("a-b")).isEqualTo("Invalid ConditionExpression: Syntax error; token: \"-\", near: \"a-b\"");
        assertThat(error("!!")).isEqualTo("Invalid ConditionExpression: Syntax error; token: \"!\", near: \"!!\"");
        assertThat(error("a = :v AND", ":v", n(1)))
                .isEqualTo("Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\"");
        assertThat(error("a == :v", ":v", n(1)))
                .isEqualTo("Invalid ConditionExpression: Syntax error; token: \"=\", near: \"== :v\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "a =", "= a", "a = :v :v", "(a = :v", "a = :v)", "a BETWEEN :v", "a IN :v",
        "a IN ()", "attribute_exists()", "a.", "a[", "a[x]", "a[-1] = :v", "a = \"b\"", "a AND b", "NOT", "a = 1",
        "#", "a = :", "a ! = :v", "a BETWEEN :v OR :v", "between = :v", "size(a) + 1 = :v"})
    void malformedConditionsAreSyntaxErrors(String expression) {
        assertThat(error(expression, ":v", n(1))).startsWith("Invalid ConditionExpression: Syntax error; token: ");
    }

    @Test
    void theParameterNameLeadsTheMessage() {
        assertThatThrownBy(() -> Expressions.parseCondition("a x", "FilterExpression", Av.none()))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("Invalid FilterExpression: Syntax error; token: \"x\", near: \"a x\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\t"})
    void emptyExpressionsAreRejected(String expression) {
        assertThat(error(expression)).isEqualTo("Invalid ConditionExpression: The expression can not be empty;");
    }

    @Test
    void expressionsLongerThanFourKilobytesAreRejected() {
        String ok = "a = :v" + " ".repeat(4096 - 6);
        Expressions.parseCondition(ok, "ConditionExpression", Av.values(":v", n(1)));
        assertThat(error(ok + " ", ":v", n(1))).isEqualTo(
                "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 4097");
        // Measured in UTF-8 bytes: 2,000 two-byte characters exceed the limit.
        String wide = "a = :v OR b = :w" + " ".repeat(100) + "\u00e9".repeat(2000);
        assertThat(error(wide, ":v", n(1), ":w", n(2))).endsWith("expression size: 4116");
    }

    @Test
    void bareReservedWordsAreRejectedWithTheirOriginalCase() {
        assertThat(error("Status = :v", ":v", n(1)))
                .isEqualTo("Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Status");
        assertThat(error("a.size.b = :v", ":v", n(1)))
                .isEqualTo("Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: size");
        assertThat(error("attribute_exists(ttl)"))
                .isEqualTo("Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: ttl");
    }

    @Test
    void reservedWordsAreFineBehindAnAttributeNamePlaceholder() {
        ExpressionContext c = ctx(names("#s", "Status"), map(":v", n(1)));
        Condition cond = Expressions.parseCondition("#s = :v", "ConditionExpression", c);
        assertThat(cond.test(Av.item("Status", n(1)))).isTrue();
        c.verifyAllUsed();
    }

    @Test
    void functionNamesAreNotReservedWordChecks() {
        // SIZE is a reserved word, yet size(...) is the function.
        Expressions.parseCondition("size(a) > :v", "ConditionExpression", Av.values(":v", n(1)));
    }

    @Test
    void undefinedPlaceholdersAreNamed() {
        assertThat(error("#n = :v", ":v", n(1))).isEqualTo(
                "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #n");
        assertThat(error("a = :v")).isEqualTo(
                "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v");
        assertThat(error("a.#n = :v", ":v", n(1))).endsWith("attribute name: #n");
    }

    @Test
    void theFirstUndefinedPlaceholderIsReported() {
        assertThat(error("a = :x AND #y = :z")).endsWith("attribute value: :x");
        assertThat(error("#y = :x")).endsWith("attribute name: #y");
    }

    // "These function names are case sensitive."
    @Test
    void unknownFunctionsAreNamedAndFunctionNamesAreCaseSensitive() {
        assertThat(error("foo(a)")).isEqualTo("Invalid ConditionExpression: Invalid function name; function: foo");
        assertThat(error("SIZE(a) > :v", ":v", n(1))).isEqualTo("Invalid ConditionExpression: Invalid function name; function: SIZE");
        assertThat(error("Attribute_Exists(a)")).endsWith("function: Attribute_Exists");
        assertThat(error("if_not_exists(a, :v) = :v", ":v", n(1))).endsWith("Invalid function name; function: if_not_exists");
    }

    @Test
    void functionsOtherThanSizeCannotBeComparisonOperands() {
        assertThat(error("begins_with(a, :v) = :w", ":v", s("x"), ":w", s("y"))).isEqualTo(
                "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: begins_with");
        assertThat(error("a IN (:v, attribute_exists(b))", ":v", n(1))).endsWith("function: attribute_exists");
        Expressions.parseCondition("contains(size(a), :v)", "ConditionExpression", Av.values(":v", n(1)));
        assertThat(error("begins_with(contains(a, :v), :v)", ":v", s("x"))).endsWith("function: contains");
    }

    @Test
    void sizeAloneIsNotACondition() {
        assertThat(error("size(a)")).isEqualTo(
                "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size");
        assertThat(error("a = :v AND size(a)", ":v", n(1))).endsWith("function: size");
    }

    @Test
    void functionsNeedTheirNumberOfOperands() {
        assertThat(error("attribute_exists(a, b)")).isEqualTo("Invalid ConditionExpression: Incorrect number of operands for "
                + "operator or function; operator or function: attribute_exists, number of operands: 2");
        assertThat(error("begins_with(a)")).endsWith("operator or function: begins_with, number of operands: 1");
        assertThat(error("size(a, b) > :v", ":v", n(1))).endsWith("operator or function: size, number of operands: 2");
        assertThat(error("attribute_type(a)")).endsWith("operator or function: attribute_type, number of operands: 1");
        assertThat(error("contains(a, b, c)")).endsWith("operator or function: contains, number of operands: 3");
    }

    // "The path and the operand must be distinct; that is, contains (a, a) returns an error."
    @Test
    void operandsMustBeDistinctPaths() {
        String prefix = "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this "
                + "operator or function; ";
        assertThat(error("contains(a, a)")).isEqualTo(prefix + "operator: contains, first operand: [a]");
        assertThat(error("a.b[1] = a.b[1]")).isEqualTo(prefix + "operator: =, first operand: [a, b, [1]]");
        assertThat(error("#x <> a", names("#x", "a"))).isEqualTo(prefix + "operator: <>, first operand: [a]");
        Expressions.parseCondition("a.b = a.c", "ConditionExpression", Av.none());
    }

    @Test
    void existenceFunctionsRequireADocumentPath() {
        assertThat(error("attribute_exists(:v)", ":v", s("a"))).isEqualTo(
                "Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists");
        assertThat(error("attribute_not_exists(size(a))")).endsWith("operator or function: attribute_not_exists");
    }

    @Test
    void beginsWithTakesOnlyStringsAndBinaries() {
        String prefix = "Invalid ConditionExpression: Incorrect operand type for operator or function; ";
        assertThat(error("begins_with(a, :v)", ":v", n(1))).isEqualTo(prefix + "operator or function: begins_with, operand type: N");
        assertThat(error("begins_with(a, :v)", ":v", ss("x"))).isEqualTo(prefix + "operator or function: begins_with, operand type: SS");
        assertThat(error("begins_with(a, size(b))")).isEqualTo(prefix + "operator or function: begins_with, operand type: N");
        Expressions.parseCondition("begins_with(a, :v)", "ConditionExpression", Av.values(":v", b(1)));
    }

    @Test
    void sizeRejectsValuesWithoutASize() {
        String prefix = "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: size, ";
        assertThat(error("size(:v) > :w", ":v", n(1), ":w", n(1))).isEqualTo(prefix + "operand type: N");
        assertThat(error("size(:v) > :w", ":v", Av.bool(true), ":w", n(1))).isEqualTo(prefix + "operand type: BOOL");
        assertThat(error("size(size(a)) > :w", ":w", n(1))).isEqualTo(prefix + "operand type: N");
    }

    // attribute_type: "The type parameter must be one of the following: S, SS, N, NS, B, BS, BOOL, NULL, L, M".
    @Test
    void attributeTypeNeedsAValidTypeName() {
        assertThat(error("attribute_type(a, :t)", ":t", s("STRING"))).isEqualTo("Invalid ConditionExpression: "
                + "Invalid attribute type name found; type: STRING, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
        assertThat(error("attribute_type(a, :t)", ":t", s("s"))).contains("type: s, valid types");
        assertThat(error("attribute_type(a, :t)", ":t", n(1))).isEqualTo("Invalid ConditionExpression: "
                + "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N");
    }

    @Test
    void betweenBoundsMustShareATypeAndBeOrdered() {
        assertThat(error("a BETWEEN :lo AND :hi", ":lo", n(1), ":hi", s("a"))).isEqualTo("Invalid ConditionExpression: "
                + "The BETWEEN operator requires same data type for lower and upper bounds; "
                + "lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}");
        assertThat(error("a BETWEEN :lo AND :hi", ":lo", s("b"), ":hi", s("a"))).isEqualTo("Invalid ConditionExpression: "
                + "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "
                + "lower bound operand: AttributeValue: {S:b}, upper bound operand: AttributeValue: {S:a}");
        assertThat(error("a BETWEEN :lo AND :hi", ":lo", n(10), ":hi", n(9))).contains("{N:10}");
        Expressions.parseCondition("a BETWEEN :v AND :v", "ConditionExpression", Av.values(":v", n(1)));
    }

    // "The list can contain up to 100 values, separated by commas."
    @Test
    void inTakesAtMostOneHundredOperands() {
        StringBuilder expr = new StringBuilder("a IN (:v");
        for (int i = 1; i < 101; i++) {
            expr.append(", :v");
        }
        assertThat(error(expr.append(")").toString(), ":v", n(1))).isEqualTo(
                "Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101");
    }

    @Test
    void redundantParenthesesAreRejected() {
        assertThat(error("((a = :v))", ":v", n(1))).isEqualTo("Invalid ConditionExpression: The expression has redundant parentheses;");
        assertThat(error("a = :v AND ((b = :v))", ":v", n(1))).endsWith("redundant parentheses;");
        assertThat(error("((a)) = :v", ":v", n(1))).endsWith("redundant parentheses;");
    }

    @Test
    void necessaryParenthesesAreAccepted() {
        Object[] v = {":v", n(1)};
        for (String expr : new String[] {"(a = :v)", "(a = :v) AND (b = :v)", "(a = :v AND (b = :v))", "((a = :v) OR b = :v) AND c = :v"}) {
            Expressions.parseCondition(expr, "ConditionExpression", Av.values(v));
        }
    }

    @ParameterizedTest(name = "{0} reports: {1}")
    @CsvSource(delimiter = '|', value = {
        "((foo(status)))|The expression has redundant parentheses;",
        "foo(status)|Invalid function name; function: foo",
        "begins_with(status, :v) = :w|The function is not allowed to be used this way in an expression; function: begins_with",
        "status = :missing|Attribute name is a reserved keyword; reserved keyword: status",
        "#missing = :v AND a = a|An expression attribute name used in the document path is not defined; attribute name: #missing",
        "size(a, b) = :v AND a = a|Incorrect number of operands for operator or function; operator or function: size, number of operands: 2",
        "a = a AND begins_with(a, :n)|The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]",
    })
    void problemsAreReportedInDynamoDbsOrder(String expression, String message) {
        assertThat(error(expression, ":v", s("x"), ":w", s("y"), ":n", n(1))).isEqualTo("Invalid ConditionExpression: " + message);
    }
}
