package dev.sagastack.local.dynamodb.partiql;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A SELECT whose WHERE clause has {@code hashKey IN [v1, v2, ...]} among its top-level AND terms
 * is run as one key lookup per distinct value rather than a scan (Developer Guide, "PartiQL select
 * statements for DynamoDB": a full scan happens only without an equality or IN condition on the
 * partition key; "PartiQL arithmetic, comparison, and logical operators": IN takes at most 50 hash
 * attribute values, and its results come in pages of up to 10 items). Each part is the same statement with
 * the IN term replaced by an equality.
 */
public final class PartitionKeyIn {

    public static final int MAX_HASH_VALUES = 50;
    /** Items per page of such a SELECT (the operators page, IN: "Results are returned in pages of up to 10 items"). */
    public static final int PAGE_ITEMS = 10;

    private PartitionKeyIn() {
    }

    /**
     * The statement split per partition key value, or empty when it does not qualify: no IN term on
     * the partition key, an equality on it already (a single Query), ORDER BY (which orders one
     * partition only), or more values than DynamoDB takes for the partition key.
     */
    public static Optional<List<Statement.Select>> split(Statement.Select s, String hashKey, Optional<String> rangeKey,
            ExpressionWriter values) {
        if (s.where().isEmpty() || !s.orderBy().isEmpty()
                || KeyPlan.of(s.where(), hashKey, rangeKey).hashValue().isPresent()) {
            return Optional.empty();
        }
        List<Expr> terms = new ArrayList<>();
        flatten(s.where().get(), terms);
        int at = -1;
        for (int i = 0; i < terms.size() && at < 0; i++) {
            if (terms.get(i) instanceof Expr.In in && in.value() instanceof Expr.Path p && p.isTopLevel(hashKey)
                    && in.candidates().stream().allMatch(ExpressionWriter::isValue)) {
                at = i;
            }
        }
        if (at < 0) {
            return Optional.empty();
        }
        Expr.In in = (Expr.In) terms.get(at);
        if (in.candidates().size() > MAX_HASH_VALUES) {
            throw new PartiqlException("The IN operator on the partition key is provided with too many operands;"
                    + " number of operands: " + in.candidates().size() + "; maximum: " + MAX_HASH_VALUES);
        }
        // A value listed twice names one partition: a scan would return its items once.
        Set<JsonNode> seen = new HashSet<>();
        List<Statement.Select> parts = new ArrayList<>();
        for (Expr candidate : in.candidates()) {
            if (!seen.add(values.resolve(candidate))) {
                continue;
            }
            Expr where = null;
            for (int i = 0; i < terms.size(); i++) {
                Expr term = i == at ? new Expr.Compare("=", in.value(), candidate) : terms.get(i);
                where = where == null ? term : new Expr.And(where, term);
            }
            parts.add(new Statement.Select(s.table(), s.index(), s.projection(), Optional.of(where), s.orderBy(),
                    s.parameterCount()));
        }
        return Optional.of(parts);
    }

    private static void flatten(Expr e, List<Expr> out) {
        if (e instanceof Expr.And a) {
            flatten(a.left(), out);
            flatten(a.right(), out);
        } else {
            out.add(e);
        }
    }
}
