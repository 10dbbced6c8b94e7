package dev.sagastack.local.dynamodb.partiql;

import java.util.List;
import java.util.Optional;

/** A parsed PartiQL statement (Developer Guide, "PartiQL select/insert/update/delete statements for DynamoDB"). */
public sealed interface Statement {

    String table();

    /** Positional parameters ({@code ?}) the statement uses. */
    int parameterCount();

    record Select(String table, Optional<String> index, List<Expr.Path> projection, Optional<Expr> where,
            List<OrderKey> orderBy, int parameterCount) implements Statement {
    }

    /** One key of {@code ORDER BY key [ASC|DESC]}. */
    record OrderKey(Expr.Path key, boolean descending) {
    }

    record Insert(String table, Expr.Tuple item, int parameterCount) implements Statement {
    }

    /** One SET assignment. */
    record Assignment(Expr.Path path, Expr value) {
    }

    record Update(String table, List<Assignment> sets, List<Expr.Path> removes, Optional<Expr> where,
            Optional<String> returning, int parameterCount) implements Statement {
    }

    /** {@code EXISTS(SELECT ...)} as a statement of ExecuteTransaction: a condition check. */
    record Check(Select select, int parameterCount) implements Statement {
        @Override
        public String table() {
            return select.table();
        }
    }

    record Delete(String table, Optional<Expr> where, Optional<String> returning, int parameterCount)
            implements Statement {
    }
}
