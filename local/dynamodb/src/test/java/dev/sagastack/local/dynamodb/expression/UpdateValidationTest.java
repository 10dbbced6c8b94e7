package dev.sagastack.local.dynamodb.expression;

import static dev.sagastack.local.dynamodb.expression.Av.b;
import static dev.sagastack.local.dynamodb.expression.Av.bool;
import static dev.sagastack.local.dynamodb.expression.Av.bs;
import static dev.sagastack.local.dynamodb.expression.Av.ctx;
import static dev.sagastack.local.dynamodb.expression.Av.l;
import static dev.sagastack.local.dynamodb.expression.Av.m;
import static dev.sagastack.local.dynamodb.expression.Av.map;
import static dev.sagastack.local.dynamodb.expression.Av.n;
import static dev.sagastack.local.dynamodb.expression.Av.names;
import static dev.sagastack.local.dynamodb.expression.Av.ns;
import static dev.sagastack.local.dynamodb.expression.Av.nul;
import static dev.sagastack.local.dynamodb.expression.Av.s;
import static dev.sagastack.local.dynamodb.expression.Av.ss;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sagastack.local.dynamodb.value.AttributeValue;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ValidationException texts for invalid update expressions, as DynamoDB returns them. Rules:
 * DynamoDB Developer Guide, "Update expressions" ("each action keyword can appear only once"; ADD
 * "supports only number and set data types"; DELETE "supports only Set data types").
 */
class UpdateValidationTest {

    private static final String PREFIX = "Invalid UpdateExpression: ";

    /** A value of each type, under the placeholder of its type name, e.g. :S, :NULL. */
    private static final Map<String, AttributeValue> ALL_TYPES = map(
            ":S", s("a"), ":N", n(1), ":B", b(1), ":BOOL", bool(true), ":NULL", nul(), ":SS", ss("a"), ":NS", ns("1"),
            ":BS", bs(1), ":M", m(), ":L", l());

    private static String error(String expression, Object... values) {
        return error(expression, Map.of(), map(values));
    }

    private static String error(String expression, Map<String, String> names, Map<String, AttributeValue> values) {
        try {
            Expressions.parseUpdate(expression, ctx(names, values));
        } catch (ExpressionException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a ValidationException for " + expression);
    }

    @Test
    void syntaxErrorsQuoteTheTokenAndItsNeighbours() {
        assertThat(error("INVALID SYNTAX HERE")).isEqualTo(PREFIX + "Syntax error; token: \"INVALID\", near: \"INVALID SYNTAX\"");
        assertThat(error("ADD hits : incr", ":incr", n(1))).isEqualTo(PREFIX + "Syntax error; token: \":\", near: \"hits : incr\"");
        assertThat(error("SET")).isEqualTo(PREFIX + "Syntax error; token: \"<EOF>\", near: \"SET\"");
        assertThat(error("ADD numx")).isEqualTo(PREFIX + "Syntax error; token: \"<EOF>\", near: \"numx\"");
        assertThat(error("SET a = b +")).isEqualTo(PREFIX + "Syntax error; token: \"<EOF>\", near: \"+\"");
        assertThat(error("SET a = :v, , b = :v", ":v", n(1))).isEqualTo(PREFIX + "Syntax error; token: \",\", near: \", , b\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"whatever", "set a", "add a", "delete a", "set a=set", "remove a = b", "add a = b", "delete a = b",
        "delete a b", "delete a if_not_exist(b)", "add abort b", "add a if_not_exist(b)", "remove a b", "set a b", "set :a = b",
        "add :a b", "delete :a b", "remove :a", "set a = b / c", "set a = b * c", "set a[1] = \"eight\"", "set a[1] = 1",
        "SET a = if_not_exist(a, 100)", "SET if_not_exist(a, b) = a", "set (a = (b + c))", "set a = (b.c).d + e",
        "set a = (b.c)[0] + e", "set a = b + c + d", "SET a = :v,", "REMOVE a,", "SET a = :v REMOVE", "set a = -b"})
    void malformedUpdatesAreSyntaxErrors(String expression) {
        assertThat(error(expression, ":v", n(1), ":a", n(1))).startsWith(PREFIX + "Syntax error; token: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void emptyUpdatesAreRejected(String expression) {
        assertThat(error(expression)).isEqualTo(PREFIX + "The expression can not be empty;");
    }

    @Test
    void eachSectionMayAppearOnce() {
        Object[] v = {":v", n(1), ":s", ss("a")};
        assertThat(error("SET a = :v SET b = :v", v)).isEqualTo(PREFIX + "The \"SET\" section can only be used once in an update expression;");
        assertThat(error("remove a set b = :v REMOVE c", v)).isEqualTo(PREFIX + "The \"REMOVE\" section can only be used once in an update expression;");
        assertThat(error("ADD a :v SET b = :v add c :v", v)).isEqualTo(PREFIX + "The \"ADD\" section can only be used once in an update expression;");
        assertThat(error("DELETE a :s SET b = :v delete c :s", v)).isEqualTo(PREFIX + "The \"DELETE\" section can only be used once in an update expression;");
    }

    @Test
    void reservedWordsAreRejectedButAllowedThroughPlaceholders() {
        assertThat(error(" set #c = :c set abOrt = :c ", names("#c", "c"), map(":c", n(1))))
                .isEqualTo(PREFIX + "Attribute name is a reserved keyword; reserved keyword: abOrt");
        assertThat(error(" remove Absolute ")).isEqualTo(PREFIX + "Attribute name is a reserved keyword; reserved keyword: Absolute");
        assertThat(error("SET a.#b = :v, c = size", names("#b", "b"), map(":v", n(1))))
                .isEqualTo(PREFIX + "Attribute name is a reserved keyword; reserved keyword: size");
        Expressions.parseUpdate("SET #s = :v", ctx(names("#s", "status"), map(":v", n(1))));
    }

    @Test
    void unknownFunctionsAreNamed() {
        assertThat(error("set #c = if_not_exist(:c) set c = d")).isEqualTo(PREFIX + "Invalid function name; function: if_not_exist");
        assertThat(error("SET a = size(b)")).isEqualTo(PREFIX + "Invalid function name; function: size");
        assertThat(error("SET a = List_Append(b, c)")).isEqualTo(PREFIX + "Invalid function name; function: List_Append");
    }

    @Test
    void undefinedPlaceholdersAreNamedNamesBeforeValues() {
        assertThat(error("SET #c = if_not_exists(a, :c)", names("#a", "a"), map(":a", s("a"))))
                .isEqualTo(PREFIX + "An expression attribute name used in the document path is not defined; attribute name: #c");
        assertThat(error("SET #a = if_not_exists(a, :c)", names("#a", "a"), map(":a", s("a"))))
                .isEqualTo(PREFIX + "An expression attribute value used in expression is not defined; attribute value: :c");
        assertThat(error("SET attr1 = :v"))
                .isEqualTo(PREFIX + "An expression attribute value used in expression is not defined; attribute value: :v");
    }

    @Test
    void overlappingPathsAreRejected() {
        String prefix = PREFIX + "Two document paths overlap with each other; must remove or rewrite one of these paths; ";
        assertThat(error("SET a = :v REMOVE a", ":v", n(1))).isEqualTo(prefix + "path one: [a], path two: [a]");
        assertThat(error("SET a = :v, a.b = :v", ":v", n(1))).isEqualTo(prefix + "path one: [a], path two: [a, b]");
        assertThat(error("set d[1] = a, d.b = a, c[1].a = a, #c = if_not_exists(a)", names("#c", "c", "#d", "[3]"), Map.of()))
                .isEqualTo(prefix + "path one: [c, [1], a], path two: [c]");
        assertThat(error("set #c[3].#d = a, #c[3] = a", names("#c", "c", "#d", "[3]"), Map.of()))
                .isEqualTo(prefix + "path one: [c, [3], [3]], path two: [c, [3]]");
        assertThat(error("ADD a.b :v DELETE a.b :s", ":v", n(1), ":s", ss("x"))).isEqualTo(prefix + "path one: [a, b], path two: [a, b]");
    }

    @Test
    void conflictingPathsAreRejected() {
        String prefix = PREFIX + "Two document paths conflict with each other; must remove or rewrite one of these paths; ";
        assertThat(error("remove a.#c set a[1] = #d", names("#c", "c", "#d", "[3]"), Map.of()))
                .isEqualTo(prefix + "path one: [a, c], path two: [a, [1]]");
        assertThat(error("set #c[3].#d = a, #c.#d[3] = if_not_exists(a, b)", names("#c", "c", "#d", "[3]"), Map.of()))
                .isEqualTo(prefix + "path one: [c, [3], [3]], path two: [c, [3], [3]]");
    }

    @Test
    void distinctPathsIntoTheSameDocumentAreFine() {
        Expressions.parseUpdate("SET a.b = :v, a.c = :v, l[0] = :v, l[1] = :v REMOVE a.d, l[2]", Av.values(":v", n(1)));
    }

    // ADD supports only numbers and sets; DELETE only sets.
    @Test
    void addAndDeleteRejectOperandsOfOtherTypes() {
        String prefix = PREFIX + "Incorrect operand type for operator or function; operator: ";
        assertThat(error("add a.b :S", Map.of(), ALL_TYPES)).isEqualTo(prefix + "ADD, operand type: STRING");
        assertThat(error("delete a.b :S", Map.of(), ALL_TYPES)).isEqualTo(prefix + "DELETE, operand type: STRING");
        assertThat(error("add a.b :NULL", Map.of(), ALL_TYPES)).isEqualTo(prefix + "ADD, operand type: NULL");
        assertThat(error("add a.b :BOOL", Map.of(), ALL_TYPES)).isEqualTo(prefix + "ADD, operand type: BOOLEAN");
        assertThat(error("delete a.b :B", Map.of(), ALL_TYPES)).isEqualTo(prefix + "DELETE, operand type: BINARY");
        assertThat(error("add a.b :M", Map.of(), ALL_TYPES)).isEqualTo(prefix + "ADD, operand type: MAP");
        assertThat(error("delete a.b :L", Map.of(), ALL_TYPES)).isEqualTo(prefix + "DELETE, operand type: LIST");
        assertThat(error("delete a.b :N", Map.of(), ALL_TYPES)).isEqualTo(prefix + "DELETE, operand type: NUMBER");
        assertThat(error("set b = list_append(:S, a), c = if_not_exists(a) add a.b :S", Map.of(), ALL_TYPES))
                .isEqualTo(prefix + "ADD, operand type: STRING");
    }

    @Test
    void functionsNeedTheirNumberOfOperandsAndIfNotExistsAPath() {
        assertThat(error("set a = if_not_exists(c)")).isEqualTo(PREFIX
                + "Incorrect number of operands for operator or function; operator or function: if_not_exists, number of operands: 1");
        assertThat(error("set a = list_append(c)")).isEqualTo(PREFIX
                + "Incorrect number of operands for operator or function; operator or function: list_append, number of operands: 1");
        assertThat(error("set a = if_not_exists(:a, c)", ":a", s("a")))
                .isEqualTo(PREFIX + "Operator or function requires a document path; operator or function: if_not_exists");
        assertThat(error("set a = if_not_exists(if_not_exists(a, b), c)"))
                .isEqualTo(PREFIX + "Operator or function requires a document path; operator or function: if_not_exists");
    }

    @Test
    void listAppendAndArithmeticRejectValuesOfOtherTypes() {
        String prefix = PREFIX + "Incorrect operand type for operator or function; operator or function: ";
        for (String type : new String[] {"S", "N", "B", "BOOL", "NULL", "SS", "NS", "BS", "M"}) {
            assertThat(error("set a = list_append(:" + type + ", a)", Map.of(), ALL_TYPES)).isEqualTo(prefix + "list_append, operand type: " + type);
        }
        for (String type : new String[] {"S", "B", "BOOL", "NULL", "SS", "NS", "BS", "M", "L"}) {
            assertThat(error("set a = a + :" + type, Map.of(), ALL_TYPES)).isEqualTo(prefix + "+, operand type: " + type);
            assertThat(error("set a = :" + type + " - a", Map.of(), ALL_TYPES)).isEqualTo(prefix + "-, operand type: " + type);
        }
        assertThat(error("set a = :S + :B", Map.of(), ALL_TYPES)).isEqualTo(prefix + "+, operand type: S");
    }

    @Test
    void valuesOfTheRightTypeAreAccepted() {
        Expressions.parseUpdate("SET a = list_append(:L, b), c = :N + d, e = if_not_exists(e, :S) ADD f :N, g :SS DELETE h :NS, i :BS",
                ctx(Map.of(), ALL_TYPES));
    }

    @Test
    void problemsAreReportedInDynamoDbsOrder() {
        // reserved word, then unknown function, then duplicate section, then undefined name, then undefined value,
        // then overlapping paths, then conflicting paths, then ADD/DELETE operand type, then function checks.
        assertThat(error("SET status = foo(#x) SET a = :u")).endsWith("reserved keyword: status");
        assertThat(error("SET a = foo(#x) SET b = :u")).endsWith("function: foo");
        assertThat(error("SET a = #x SET b = :u")).endsWith("The \"SET\" section can only be used once in an update expression;");
        assertThat(error("SET a = #x, a = :u")).endsWith("attribute name: #x");
        assertThat(error("SET a = :u, a = b")).endsWith("attribute value: :u");
        assertThat(error("SET a = :S, a = b, c.d = b, c[0] = b ADD e :S", Map.of(), ALL_TYPES)).contains("overlap");
        assertThat(error("SET c.d = b, c[0] = b ADD e :S", Map.of(), ALL_TYPES)).contains("conflict");
        assertThat(error("SET c = list_append(:S, b) ADD e :S", Map.of(), ALL_TYPES)).endsWith("operator: ADD, operand type: STRING");
    }
}
