package dev.sagastack.local.dynamodb.partiql;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** The expressions of a PartiQL statement: values, paths and conditions. */
public sealed interface Expr {

    /** A document path: element names (String) and list indexes (Integer). */
    record Path(List<Object> elements) implements Expr {
        public String first() {
            return elements.get(0) instanceof String s ? s : null;
        }

        public boolean isTopLevel(String name) {
            return elements.size() == 1 && name.equals(elements.get(0));
        }
    }

    /** A scalar literal, already in DynamoDB's attribute value JSON. */
    record Literal(JsonNode value) implements Expr {
    }

    /** The {@code index}-th {@code ?} of the statement (from 0). */
    record Param(int index) implements Expr {
    }

    /** {@code {'a': 1, 'b': ?}}: a map. */
    record Tuple(Map<String, Expr> entries) implements Expr {
    }

    /** {@code [1, 'x']}: a list. */
    record ListValue(List<Expr> elements) implements Expr {
    }

    /** {@code <<'a', 'b'>>}: a set. */
    record SetValue(List<Expr> elements) implements Expr {
    }

    record Call(String name, List<Expr> args) implements Expr {
    }

    record Arith(String op, Expr left, Expr right) implements Expr {
    }

    record And(Expr left, Expr right) implements Expr {
    }

    record Or(Expr left, Expr right) implements Expr {
    }

    record Not(Expr operand) implements Expr {
    }

    record Compare(String op, Expr left, Expr right) implements Expr {
    }

    record Between(Expr value, Expr low, Expr high) implements Expr {
    }

    record In(Expr value, List<Expr> candidates) implements Expr {
    }

    /** {@code path IS MISSING} ({@code negated}: IS NOT MISSING). */
    record Missing(Path path, boolean negated) implements Expr {
    }

    /** {@code path IS NULL} / {@code IS NOT NULL}, and the other type tests ({@code IS STRING}...). */
    record IsType(Path path, String dynamoType, boolean negated) implements Expr {
    }

    /** {@code EXISTS(SELECT ...)}: a condition check inside ExecuteTransaction. */
    record Exists(Statement.Select select) implements Expr {
    }
}
